// Text in and out of Slack: decoding Slack's markup in what users send, and escaping everything we
// send so user text can never become a live mention, broadcast or link. Pure; no Bolt here.
import { neutraliseSlack } from '../shared/mentions.js';

/**
 * Slack parses `<…>` as mentions, broadcasts and links, and `&` as the start of an entity
 * (https://docs.slack.dev/messaging/formatting-message-text#escaping). Escaping these three makes
 * `<!channel>`, `<!here>`, `<@U123>` and `<!subteam^S1>` plain text.
 *
 * Bare `@channel`, `@here` and `@everyone` are not parsed in what a bot posts (we never set
 * `link_names`, and mrkdwn text goes out with `verbatim: true`); as a second guard a WORD JOINER
 * (U+2060, invisible) goes after the `@` so no client or future default can read them as a broadcast.
 */
export function escapeText(s: string): string {
  return neutraliseSlack(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** Thousands separators, as in "…and 1,234 more characters". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Escapes `raw` and fits it into `max` characters. When it does not fit, the raw text is cut (never
 * inside an entity or a surrogate pair) and `tail(leftOut)` says what was left out.
 */
export function fitText(raw: string, max: number, tail = (n: number) => `… (${count(n)} more characters)`): string {
  const full = escapeText(raw);
  if (full.length <= max) return full;
  // Escaped length grows with the raw prefix, so binary-search the longest prefix that fits.
  let lo = 0;
  let hi = raw.length;
  const fits = (n: number) => escapeText(raw.slice(0, n)).length + tail(raw.length - n).length <= max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  let n = lo;
  const c = raw.charCodeAt(n - 1);
  if (n > 0 && c >= 0xd800 && c <= 0xdbff) n -= 1;
  const cut = escapeText(raw.slice(0, n)) + tail(raw.length - n);
  // A tail longer than `max` itself (tiny limits) must still not break the limit.
  return cut.length <= max ? cut : cut.slice(0, max);
}

/** Text for a mrkdwn code block: escaped, and a run of three backticks can no longer close the block. */
export function escapeCode(s: string): string {
  return escapeText(s).replace(/```/g, '`\u200b`\u200b`');
}

/** Slack ids we put into `<@…>` ourselves; anything else is refused rather than interpolated. */
export function isUserId(id: unknown): id is string {
  return typeof id === 'string' && /^[UW][A-Z0-9]{2,20}$/.test(id);
}

/** A link we may put into `<url|label>`: http(s), no spaces and none of Slack's control characters. */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s<>|]+$/i.test(url) ? url.replace(/&/g, '&amp;') : undefined;
}

/**
 * Turns what Slack sends (slash command text, message text) back into what the user typed:
 * `<@U123|alice>` → `@alice`, `<!here>` → `@here`, `<#C1|ops>` → `#ops`, `<https://x|x>` → the
 * label, `<mailto:a@b|a@b>` → the label, then `&lt;` `&gt;` `&amp;` → `<` `>` `&`, so a pasted SIP
 * trace reaches the core as it was written (`<sip:alice@example.com>`).
 */
export function decodeSlackText(s: string): string {
  return s
    .replace(/<([^<>\n]*)>/g, (_m, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!date^')) return label ?? '';
      if (target.startsWith('!')) return `@${target.slice(1)}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
