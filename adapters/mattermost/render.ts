// The neutral Reply as Mattermost markdown for a slash command response. Pure; no I/O.
// Limits: https://developers.mattermost.com/integrate/slash-commands/ (text up to 16383 characters).
import type { Block, Reply } from '../../src/index.js';
import { fitLines } from '../shared/fit.js';
import { neutraliseMattermost } from '../shared/mentions.js';

/** Mattermost's limit on a post's message, in characters. */
export const MAX_TEXT = 16_383;

/** Plain text made inert: markdown characters escaped, mentions neutralised. */
export function escapeText(s: string): string {
  return neutraliseMattermost(s.replace(/[\\`*_[\]<>#|~]/g, '\\$&'));
}

/** A fenced block the text cannot close: backtick runs are broken up. */
function fence(text: string): string[] {
  const safe = neutraliseMattermost(text.replace(/`{3,}/g, (m) => m.split('').join('\u200b')));
  return ['```', ...safe.split('\n'), '```'];
}

function blockLines(b: Block): string[] {
  switch (b.type) {
    case 'heading':
      return ['', `**${escapeText(b.text)}**`];
    case 'text':
      return [escapeText(b.text)];
    case 'fields':
      return b.fields.map((f) => `- **${escapeText(f.label)}:** ${f.url && /^https?:\/\//.test(f.url) ? `[${escapeText(f.value)}](${f.url.replace(/[()\s]/g, encodeURIComponent)})` : escapeText(f.value)}`);
    case 'list':
      return [`**${escapeText(b.title)}:**`, ...b.items.map((i) => `- ${escapeText(i)}`)];
    case 'code':
      return fence(b.text);
    case 'context':
      return [`_${escapeText(b.text)}_`];
  }
}

export interface RenderOptions {
  /** A line under the answer (usage for this platform). */
  note?: string;
}

/** Mattermost markdown for `reply`, at most MAX_TEXT characters, saying what was left out. */
export function toMarkdown(reply: Reply, opts: RenderOptions = {}): string {
  const lines = [`**${escapeText(reply.title)}**: ${escapeText(reply.lead)}`, ...reply.blocks.flatMap(blockLines)];
  if (reply.actions.length) lines.push('', `_Related: ${reply.actions.map((a) => escapeText(a.query)).join(', ')}_`);
  if (opts.note) lines.push('', `_${escapeText(opts.note)}_`);
  // Four characters kept back: a cut inside a code block gets its closing fence before the note.
  let text = fitLines(lines, MAX_TEXT - 4);
  if ((text.match(/^```$/gm)?.length ?? 0) % 2 === 1) {
    const at = text.lastIndexOf('\n');
    text = `${text.slice(0, at)}\n\`\`\`${text.slice(at)}`;
  }
  return text;
}
