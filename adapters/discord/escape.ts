// Makes plain text (the core's Reply strings, which may quote the user) safe to show in Discord:
// no markdown takes effect, no mention renders or pings. Pure; depends only on discord.js's
// escapeMarkdown.
import { escapeMarkdown } from 'discord.js';
import { neutraliseDiscord } from '../shared/mentions.js';

const ZWSP = '\u200b';
/** Discord's largest text (an embed's 6000 characters in all; see limits.ts), plus room. */
const MAX_ESCAPED = 6_500;

/** For text Discord renders as markdown: descriptions, field values and names, titles. */
export function escapeText(text: string): string {
  // discord.js's escapeMarkdown is quadratic on long runs of spaces; nothing Discord shows is longer
  // than 6000 characters, and escaping only adds characters, so reading more cannot change the output.
  const md = escapeMarkdown(text.slice(0, MAX_ESCAPED), { heading: true, bulletedList: true, numberedList: true })
    // Block quotes and "-# " subtext are not covered by escapeMarkdown; escaping every bracket also
    // rules out masked links.
    .replace(/^([ \t]*)>/gm, '$1\\>')
    .replace(/^([ \t]*)-#/gm, '$1\\-#')
    .replace(/[[\]]/g, '\\$&');
  return neutraliseDiscord(md);
}

/** For text Discord shows verbatim (footers, button labels, autocomplete choices): nothing to
 * escape, but mentions are still neutralised. */
export function plainText(text: string): string {
  return neutraliseDiscord(text);
}

/** For the inside of a ``` block: markdown does not apply there, but a ``` would close it. */
export function codeText(text: string): string {
  return neutraliseDiscord(text.replace(/`{3,}/g, (m) => m.split('').join(ZWSP)));
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
  // Counted by hand, not with /\\+$/ or /\s+$/: those retry from every position of a long run.
  let slashes = 0;
  while (slashes < cut.length && cut[cut.length - 1 - slashes] === '\\') slashes++;
  if (slashes % 2) cut = cut.slice(0, -1);
  cut = cut.trimEnd();
  return `${cut}…`;
}
