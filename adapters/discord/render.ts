// Renders the core's neutral Reply as a Discord message: embeds coloured by SIP class, related codes
// as buttons, everything escaped and cut to Discord's limits on purpose (saying what was left out).
// Pure: plain JSON in the API's shape, usable as an HTTP interaction response and by discord.js.
import { ButtonStyle, ComponentType } from 'discord.js';
import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIButtonComponentWithCustomId,
  APIEmbed,
  APIEmbedField,
} from 'discord.js';
import type { Block, Field, Reply, Tone } from '../../src/index.js';
import { countFitting } from '../shared/fit.js';
import { clip, codeText, escapeText, maskedLink, plainText } from './escape.js';
import { encodeQuery } from './custom-id.js';
import {
  EPHEMERAL,
  MAX_ACTION_ROWS,
  MAX_BUTTON_LABEL,
  MAX_BUTTONS_PER_ROW,
  MAX_CONTENT,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELDS,
  MAX_EMBED_TITLE,
  MAX_EMBED_TOTAL,
  MAX_EMBEDS,
  MAX_FIELD_NAME,
  MAX_FIELD_VALUE,
  MAX_FOOTER_TEXT,
} from './limits.js';

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  allowed_mentions: APIAllowedMentions;
  flags?: number;
}

export interface RenderOptions {
  /** Only the user who asked sees it (interaction responses only). */
  ephemeral?: boolean;
  /** Leave the related-code buttons out. */
  buttons?: boolean;
}

/** Nothing pings: no @everyone/@here, no user or role mention, not even the replied-to author. */
export const NO_MENTIONS: Readonly<APIAllowedMentions> = Object.freeze({ parse: [], replied_user: false });

/** Embed colours by tone: the SIP class at a glance. */
export const TONE_COLORS: Readonly<Record<Tone, number>> = Object.freeze({
  provisional: 0x3498db, // blue: still going
  success: 0x2ecc71, // green
  redirection: 0x1abc9c, // teal: try elsewhere
  'client-failure': 0xe67e22, // orange
  'server-failure': 0xe74c3c, // red
  'global-failure': 0x9b59b6, // purple: a definitive answer, not an outage
  neutral: 0x95a5a6, // grey: help, no match
  warning: 0xf1c40f, // yellow: rate limited, unregistered
});

/** Field values at most this long sit side by side (Discord shows up to three inline fields a row). */
const INLINE_MAX = 40;
/** Characters kept free in the 6000 budget for the "left out" note. */
const NOTE_RESERVE = 200;
/** A code block (a call-flow ladder, log lines) is cut at this length so what follows it, the findings
 * of a log, still fits in the 6000 characters of one message. */
const MAX_CODE_BLOCK = 2400;

/** What the truncation dropped, counted so the reply can say so. */
interface Omitted {
  sections: number;
  fields: number;
  items: number;
  lines: number;
  buttons: number;
  shortened: boolean;
}

/** One embed before the message-wide budget is applied. */
interface Draft {
  title: string;
  color: number;
  parts: Part[];
  fields: FieldDraft[];
  footer: string[];
}

/** A ready field, or a bullet list that may continue over several fields as the budget allows. */
type FieldDraft = { kind: 'field'; field: APIEmbedField } | { kind: 'list'; name: string; lines: string[] };

type Part = { kind: 'text'; text: string } | { kind: 'code'; lines: string[] };

export function toDiscordMessage(reply: Reply, opts: RenderOptions = {}): DiscordMessage {
  const omitted: Omitted = { sections: 0, fields: 0, items: 0, lines: 0, buttons: 0, shortened: false };
  let drafts = toDrafts(reply);
  if (drafts.length > MAX_EMBEDS) {
    omitted.sections += drafts.length - MAX_EMBEDS;
    drafts = drafts.slice(0, MAX_EMBEDS);
  }
  const embeds = fitEmbeds(drafts, omitted);
  const components = opts.buttons === false ? [] : toButtons(reply, omitted);
  const note = omissionNote(omitted);
  if (note) addNote(embeds, note);
  const msg: DiscordMessage = { embeds, components, allowed_mentions: { ...NO_MENTIONS } };
  if (opts.ephemeral) msg.flags = EPHEMERAL;
  return msg;
}

/** A short text-only message (apologies, notices), within the content limit and pinging no one. */
export function toTextMessage(text: string, opts: RenderOptions = {}): DiscordMessage {
  const msg: DiscordMessage = { content: clip(escapeText(text), MAX_CONTENT), embeds: [], components: [], allowed_mentions: { ...NO_MENTIONS } };
  if (opts.ephemeral) msg.flags = EPHEMERAL;
  return msg;
}

/** The main embed (title, lead, blocks up to the first heading), then one embed per heading. */
function toDrafts(reply: Reply): Draft[] {
  const first: Draft = { title: reply.title, color: TONE_COLORS[reply.tone], parts: [], fields: [], footer: [] };
  if (reply.lead) first.parts.push({ kind: 'text', text: escapeText(reply.lead) });
  const drafts = [first];
  let cur = first;
  for (const b of reply.blocks) {
    if (b.type === 'heading') {
      cur = { title: b.text, color: TONE_COLORS[b.tone ?? reply.tone], parts: [], fields: [], footer: [] };
      drafts.push(cur);
      continue;
    }
    addBlock(cur, b);
  }
  return drafts;
}

function addBlock(d: Draft, b: Exclude<Block, { type: 'heading' }>): void {
  switch (b.type) {
    case 'text':
      d.parts.push({ kind: 'text', text: escapeText(b.text) });
      return;
    case 'code':
      d.parts.push({ kind: 'code', lines: codeText(b.text.replace(/\s+$/, '')).split('\n') });
      return;
    case 'fields':
      for (const f of b.fields) d.fields.push({ kind: 'field', field: toField(f) });
      return;
    case 'list':
      d.fields.push({ kind: 'list', name: clip(escapeText(b.title), MAX_FIELD_NAME) || '\u200b', lines: b.items.map((i) => `• ${escapeText(i)}`) });
      return;
    case 'context':
      d.footer.push(plainText(b.text));
      return;
  }
}

function toField(f: Field): APIEmbedField {
  const value = f.url ? maskedLink(f.value, f.url) : escapeText(f.value);
  const fitted = value.length <= MAX_FIELD_VALUE ? value : clip(escapeText(f.value), MAX_FIELD_VALUE);
  return {
    name: clip(escapeText(f.label), MAX_FIELD_NAME) || '\u200b',
    value: fitted || '\u200b',
    inline: f.value.length <= INLINE_MAX,
  };
}

/**
 * Joins as many whole lines as fit in `max` (a single over-long first line is clipped), then a
 * closing line from `more(n)` for the n left out. The counting is the shared fitter's.
 */
function fitLines(lines: string[], max: number, more: (n: number) => string, omitted: Omitted, unit: 'items' | 'lines'): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  // Room for a newline and the note as it would read if this line were left out too.
  const kept = countFitting(
    lines.map((l) => l.length),
    max,
    { sep: 1, reserve: (left) => more(left + 1).length + 1 },
  );
  const out = lines.slice(0, kept);
  const left = lines.length - kept;
  if (!left) return out.join('\n');
  const room = max - (more(left).length + 1);
  if (kept === 0 && room > 20) {
    out.push(clip(lines[0]!, room));
    omitted.shortened = true;
    omitted[unit] += left - 1;
    if (left > 1) out.push(more(left - 1));
    return out.join('\n');
  }
  omitted[unit] += left;
  out.push(more(left));
  return out.join('\n');
}

function renderPart(p: Part, max: number, omitted: Omitted): string {
  if (p.kind === 'text') {
    if (p.text.length <= max) return p.text;
    omitted.shortened = true;
    return clip(p.text, max);
  }
  const fence = (body: string) => `\`\`\`\n${body}\n\`\`\``;
  const body = fitLines(p.lines, Math.max(0, Math.min(max, MAX_CODE_BLOCK) - 8), (n) => `… ${n} more line${n === 1 ? '' : 's'}`, omitted, 'lines');
  return fence(body);
}

/**
 * Adds a bullet list as one field, continued in unnamed fields when it is longer than a field
 * value, for as long as fields and `budget` allow; the last shown line says how many were left out.
 * Returns the characters used.
 */
function addList(fields: APIEmbedField[], name: string, lines: string[], maxFields: number, budget: number, omitted: Omitted): number {
  const MIN_VALUE = 40;
  let used = 0;
  let i = 0;
  while (i < lines.length) {
    const fieldName = i === 0 ? name : '\u200b';
    const avail = Math.min(MAX_FIELD_VALUE, budget - used - fieldName.length);
    if (maxFields < 1 || avail < MIN_VALUE) {
      omitted.items += lines.length - i;
      break;
    }
    const rest = lines.slice(i);
    // Whole lines that fit in this field.
    const out = rest.slice(0, countFitting(rest.map((l) => l.length), avail, { sep: 1, reserve: () => 0 }));
    const len = out.join('\n').length;
    // Continue in another field only if it could hold at least the next line and a "…and N more".
    const next = rest[out.length];
    const canContinue = maxFields > 1 && next !== undefined && budget - used - fieldName.length - len - 1 >= Math.min(next.length, MAX_FIELD_VALUE - 20) + 20;
    let value: string;
    let taken: number;
    if (out.length === rest.length || (out.length > 0 && canContinue)) {
      value = out.join('\n');
      taken = out.length;
    } else {
      // The last field this list gets: end it with "…and N more" (or clip a single long line).
      const before = omitted.items;
      value = fitLines(rest, avail, (n) => `…and ${n} more`, omitted, 'items');
      taken = rest.length;
      if (omitted.items === before && value.length < rest.join('\n').length) omitted.shortened = true;
    }
    fields.push({ name: fieldName, value: value || '\u200b', inline: false });
    used += fieldName.length + value.length;
    i += taken;
    maxFields--;
  }
  return used;
}

/** What counts toward Discord's 6000-character total for one embed. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Applies the per-embed limits and the 6000-character budget shared by all embeds, in reading order. */
function fitEmbeds(drafts: Draft[], omitted: Omitted): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let budget = MAX_EMBED_TOTAL - NOTE_RESERVE;
  for (let di = 0; di < drafts.length; di++) {
    const d = drafts[di]!;
    const title = clip(escapeText(d.title), MAX_EMBED_TITLE);
    // A later section needs at least its title and a line of text to be worth showing.
    if (di > 0 && budget < title.length + 80) {
      omitted.sections += drafts.length - di;
      break;
    }
    const e: APIEmbed = title ? { title, color: d.color } : { color: d.color };
    budget -= title.length;

    const desc: string[] = [];
    let descLen = 0;
    for (let pi = 0; pi < d.parts.length; pi++) {
      const sep = desc.length ? 2 : 0;
      const room = Math.min(MAX_EMBED_DESCRIPTION - descLen, budget) - sep;
      if (room < 40) {
        omitted.shortened = true;
        break;
      }
      const text = renderPart(d.parts[pi]!, room, omitted);
      desc.push(text);
      descLen += sep + text.length;
      budget -= sep + text.length;
    }
    if (desc.length) e.description = desc.join('\n\n');

    const fields: APIEmbedField[] = [];
    for (let fi = 0; fi < d.fields.length; fi++) {
      const f = d.fields[fi]!;
      const room = () => MAX_EMBED_FIELDS - fields.length;
      if (f.kind === 'field') {
        if (room() < 1 || f.field.name.length + f.field.value.length > budget) {
          omitted.fields++;
          continue;
        }
        fields.push(f.field);
        budget -= f.field.name.length + f.field.value.length;
        continue;
      }
      budget -= addList(fields, f.name, f.lines, room(), budget, omitted);
    }
    if (fields.length) e.fields = fields;

    // Discord refuses an embed with nothing in it.
    if (!e.title && !e.description && !e.fields) e.description = '\u200b';
    if (d.footer.length) {
      const text = clip(d.footer.join('\n'), Math.min(MAX_FOOTER_TEXT, budget));
      if (text) {
        e.footer = { text };
        budget -= text.length;
      }
    }
    embeds.push(e);
  }
  return embeds;
}

/** Related codes as buttons, five to a row, at most 25; duplicates and over-long queries dropped. */
function toButtons(reply: Reply, omitted: Omitted): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  const max = MAX_ACTION_ROWS * MAX_BUTTONS_PER_ROW;
  for (const a of reply.actions) {
    const id = encodeQuery(a.query);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    if (buttons.length >= max) {
      omitted.buttons++;
      continue;
    }
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: clip(plainText(a.label.trim() || a.query.trim()), MAX_BUTTON_LABEL), custom_id: id });
  }
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < buttons.length; i += MAX_BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + MAX_BUTTONS_PER_ROW) });
  }
  return rows;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function omissionNote(o: Omitted): string | undefined {
  const parts: string[] = [];
  if (o.sections) parts.push(plural(o.sections, 'section', 'sections'));
  if (o.fields) parts.push(plural(o.fields, 'field', 'fields'));
  if (o.items) parts.push(plural(o.items, 'list item', 'list items'));
  if (o.lines) parts.push(plural(o.lines, 'line', 'lines'));
  if (o.buttons) parts.push(plural(o.buttons, 'related code', 'related codes'));
  if (!parts.length && !o.shortened) return undefined;
  const what = parts.length ? `Left out to fit Discord's limits: ${parts.join(', ')}.` : "Shortened to fit Discord's limits.";
  return o.sections || o.fields ? `${what} Ask about one code at a time for the full answer.` : what;
}

/** The note goes in the last embed's footer, where the reader ends. */
function addNote(embeds: APIEmbed[], note: string): void {
  const last = embeds[embeds.length - 1];
  if (!last) return;
  const prev = last.footer?.text;
  last.footer = { text: note };
  if (!prev) return;
  // NOTE_RESERVE kept room for the note; if the footer grew into it, shorten the footer, not the note.
  const total = embeds.reduce((n, e) => n + embedLength(e), 0);
  const room = Math.min(MAX_FOOTER_TEXT - note.length - 1, MAX_EMBED_TOTAL - total - 1);
  if (room > 20) last.footer = { text: `${clip(prev, room)}\n${note}` };
}
