// Makes plain text (the core's Reply strings, which may quote the user) safe to show in Discord:
// no markdown takes effect, no mention renders or pings. Pure; depends only on discord.js's
// escapeMarkdown.
import { escapeMarkdown } from 'discord.js';
import { neutraliseDiscord } from '../shared/mentions.js';

const ZWSP = '\u200b';

/** Discord's mention neutraliser (adapters/shared/mentions.ts), under the name the renderer uses. */
export const neutraliseMentions = neutraliseDiscord;

/** For text Discord renders as markdown: descriptions, field values and names, titles. */
export function escapeText(text: string): string {
  const md = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    // Block quotes and "-# " subtext are not covered by escapeMarkdown; escaping every bracket also
    // rules out masked links.
    .replace(/^(\s*)>/gm, '$1\\>')
    .replace(/^(\s*)-#/gm, '$1\\-#')
    .replace(/[[\]]/g, '\\$&');
  return neutraliseMentions(md);
}

/** For text Discord shows verbatim (footers, button labels, autocomplete choices): nothing to
 * escape, but mentions are still neutralised. */
export function plainText(text: string): string {
  return neutraliseMentions(text);
}

/** For the inside of a ``` block: markdown does not apply there, but a ``` would close it. */
export function codeText(text: string): string {
  return neutraliseMentions(text.replace(/`{3,}/g, (m) => m.split('').join(ZWSP)));
}

/** A masked link, or the escaped label when the URL is not http(s). */
export function maskedLink(label: string, url: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return escapeText(label);
  return `[${escapeText(label)}](${url.replace(/[()]/g, (c) => encodeURIComponent(c))})`;
}

/**
 * Cuts `text` to at most `max` characters, ending with "…" when cut. Never leaves half a surrogate
 * pair or a dangling escape backslash.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/\\+$/, (m) => (m.length % 2 ? m.slice(1) : m)).replace(/\s+$/, '');
  return `${cut}…`;
}
