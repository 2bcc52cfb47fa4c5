// Renders the core's neutral Reply as a Block Kit message. Pure (no Bolt runtime, no I/O), and the
// only place Slack markup is produced: every string from the Reply is escaped here, because the core's
// strings are plain text and may carry user text ("No match for …", a reason phrase from a paste).
import type { types } from '@slack/bolt';
import type { Action, Block, Field, Reply } from '../../src/index.js';
import { SHARE_ACTION_ID, SHOW_ACTION_PREFIX } from './ids.js';
import {
  MAX_ACTION_ELEMENTS,
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_VALUE,
  MAX_CODE_BUTTONS,
  MAX_CONTEXT_ELEMENTS,
  MAX_CONTEXT_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_FIELDS,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_OPTION_TEXT,
  MAX_OPTION_VALUE,
  MAX_SECTION_TEXT,
  MAX_SELECT_OPTIONS,
} from './limits.js';
import { countFitting } from '../shared/fit.js';
import { count, escapeCode, fitText, isUserId, safeUrl } from './mrkdwn.js';

export type SlackBlock = types.KnownBlock;

export interface BlockKitMessage {
  /** Fallback for notifications and screen readers; always set. */
  text: string;
  blocks: SlackBlock[];
}

export interface RenderOptions {
  /** Adds a "Share in channel" button carrying this value (at most 2000 characters). */
  shareValue?: string;
  /** Slack user id of whoever shared the answer: "Shared by @user". */
  sharedBy?: string;
  /** Slack user id of whoever asked for an answer posted for all to see: "Asked by @user". */
  askedBy?: string;
  /** A plain-text note for the last context line (escaped like everything else). */
  note?: string;
}

/** Our own caps inside Slack's: one list item or code line must not eat a whole section. */
const MAX_ITEM = 1000;
const MAX_CODE_LINE = 300;
const MAX_LABEL = 200;

export function toBlockKit(reply: Reply, opts: RenderOptions = {}): BlockKitMessage {
  const head: SlackBlock[] = [header(reply.title)];
  if (reply.lead.trim()) head.push(section(fitText(reply.lead, MAX_SECTION_TEXT)));

  const tail: SlackBlock[] = [...actionBlocks(reply.actions)];
  if (opts.shareValue !== undefined && opts.shareValue.length <= MAX_BUTTON_VALUE) {
    tail.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: SHARE_ACTION_ID,
          text: { type: 'plain_text', text: 'Share in channel', emoji: true },
          style: 'primary',
          value: opts.shareValue,
        },
      ],
    });
  }
  const footer = footerContext(opts);
  if (footer) tail.push(footer);

  let body = reply.blocks.flatMap(renderBlock);
  const room = MAX_BLOCKS - head.length - tail.length;
  if (body.length > room) {
    const kept = Math.max(0, room - 1);
    const left = body.length - kept;
    body = [...body.slice(0, kept), context(`…and ${count(left)} more sections left out (Slack shows at most ${MAX_BLOCKS} blocks in a message).`)];
  }

  const fallback = reply.text.trim() ? reply.text : `${reply.title}: ${reply.lead}`;
  return { text: fitText(fallback, MAX_FALLBACK_TEXT), blocks: [...head, ...body, ...tail] };
}

function header(title: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: fitText(title.trim() || 'sipbot', MAX_HEADER_TEXT, () => '…'), emoji: true } };
}

/** `verbatim: true`: Slack does not auto-link names or mentions in text we already escaped. */
function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: fitText(text, MAX_CONTEXT_TEXT), verbatim: true }] };
}

function renderBlock(b: Block): SlackBlock[] {
  switch (b.type) {
    case 'heading':
      return [section(`*${fitText(b.text, MAX_SECTION_TEXT - 2)}*`)];
    case 'text':
      return [section(fitText(b.text, MAX_SECTION_TEXT))];
    case 'fields':
      return fieldSections(b.fields);
    case 'list':
      return [section(listText(b.title, b.items))];
    case 'code':
      return [section(codeText(b.text))];
    case 'context':
      return [context(b.text)];
  }
}

function fieldSections(fields: Field[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += MAX_FIELDS) {
    out.push({
      type: 'section',
      fields: fields.slice(i, i + MAX_FIELDS).map((f) => ({ type: 'mrkdwn' as const, text: fieldText(f), verbatim: true })),
    });
  }
  return out;
}

function fieldText(f: Field): string {
  const label = `*${fitText(f.label, MAX_LABEL)}*\n`;
  const url = f.url ? safeUrl(f.url) : undefined;
  if (url && url.length <= MAX_FIELD_TEXT / 2) {
    return `${label}<${url}|${fitText(f.value, MAX_FIELD_TEXT - label.length - url.length - 3)}>`;
  }
  return label + fitText(f.value, MAX_FIELD_TEXT - label.length);
}

const more = (n: number, what = '') => `\n…and ${count(n)} more${what}`;
/** Room for the note after a line that leaves `left` out (none after the last). */
const noteRoom = (what?: string) => (left: number) => (left > 0 ? more(left, what).length : 0);

/** A bold title and bullets, as many as fit, then "…and 14 more". */
function listText(title: string, items: string[]): string {
  const head = `*${fitText(title, MAX_LABEL)}*`;
  const lines = items.map((item) => `\n• ${fitText(item, MAX_ITEM)}`);
  const shown = countFitting(lines.map((l) => l.length), MAX_SECTION_TEXT, { fixed: head.length, reserve: noteRoom() });
  const out = head + lines.slice(0, shown).join('');
  return shown < items.length ? out + more(items.length - shown) : out;
}

/** A fenced block with as many whole lines as fit, then "…and 480 more lines" below the fence. */
function codeText(text: string): string {
  const lines = text.split('\n').map((raw) => escapeCode(raw.length > MAX_CODE_LINE ? `${raw.slice(0, MAX_CODE_LINE - 1)}…` : raw));
  const open = '```\n';
  const close = '\n```';
  const shown = countFitting(lines.map((l) => l.length), MAX_SECTION_TEXT, { fixed: open.length + close.length, sep: 1, reserve: noteRoom(' lines') });
  const fenced = `${open}${lines.slice(0, shown).join('\n')}${close}`;
  return shown < lines.length ? fenced + more(lines.length - shown, ' lines') : fenced;
}

/**
 * Related codes and search alternatives: a few buttons, and the rest (a class has dozens of codes)
 * in one menu, so every code stays selectable without a wall of buttons.
 */
function actionBlocks(actions: Action[]): SlackBlock[] {
  const usable = actions.filter((a) => a.query.trim() && a.label.trim());
  if (!usable.length) return [];
  const inButtons = usable.length <= MAX_CODE_BUTTONS ? usable : usable.slice(0, MAX_CODE_BUTTONS - 1);
  const elements: types.ActionsBlockElement[] = [];
  inButtons.forEach((a, i) => {
    if (a.query.length > MAX_BUTTON_VALUE) return;
    elements.push({
      type: 'button',
      action_id: `${SHOW_ACTION_PREFIX}${i}`,
      text: { type: 'plain_text', text: fitText(a.label, MAX_BUTTON_TEXT, () => '…'), emoji: true },
      value: a.query,
    });
  });
  const rest = usable.slice(inButtons.length).filter((a) => a.query.length <= MAX_OPTION_VALUE);
  const inMenu = rest.slice(0, MAX_SELECT_OPTIONS);
  if (inMenu.length) {
    elements.push({
      type: 'static_select',
      action_id: `${SHOW_ACTION_PREFIX}more`,
      placeholder: { type: 'plain_text', text: `${count(inMenu.length)} more…`, emoji: true },
      options: inMenu.map((a) => ({ text: { type: 'plain_text', text: fitText(a.label, MAX_OPTION_TEXT, () => '…'), emoji: true }, value: a.query })),
    });
  }
  const out: SlackBlock[] = elements.length ? [{ type: 'actions', elements: elements.slice(0, MAX_ACTION_ELEMENTS) }] : [];
  const leftOut = usable.length - inButtons.length - inMenu.length;
  if (leftOut > 0) out.push(context(`…and ${count(leftOut)} more codes not listed.`));
  return out;
}

function footerContext(opts: RenderOptions): SlackBlock | undefined {
  const parts: string[] = [];
  // Our own markup: ids come from Slack's payload and are checked before they go into <@…>.
  if (isUserId(opts.askedBy)) parts.push(`Asked by <@${opts.askedBy}>`);
  if (isUserId(opts.sharedBy)) parts.push(`Shared by <@${opts.sharedBy}>`);
  if (opts.note?.trim()) parts.push(fitText(opts.note, MAX_CONTEXT_TEXT));
  if (!parts.length) return undefined;
  return {
    type: 'context',
    elements: parts.slice(0, MAX_CONTEXT_ELEMENTS).map((text) => ({ type: 'mrkdwn' as const, text, verbatim: true })),
  };
}
