// Writes SIP messages in the layout of sngrep's text export ("YYYY/MM/DD HH:MM:SS.uuuuuu SRC -> DST", then
// the message), which the log explainer already reads: the seam between captures and src/log. Pure.

import type { SipMessage } from './sip.js';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** UTC, as sngrep prints it. */
export function stamp(sec: number | null, usec: number): string {
  const d = new Date((sec ?? 0) * 1000);
  if (Number.isNaN(d.getTime())) return '1970/01/01 00:00:00.000000';
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(usec, 6)}`;
}

/** The 1-based line where each message's text starts in renderMessages' output. */
export function messageLines(messages: readonly SipMessage[]): number[] {
  const out: number[] = [];
  let line = 1;
  for (const m of messages) {
    out.push(line + 1); // after the "time src -> dst" line
    let n = 0;
    for (let i = m.text.indexOf('\n'); i !== -1; i = m.text.indexOf('\n', i + 1)) n++;
    line += 1 + n + (m.text.endsWith('\n') ? 0 : 1) + 1;
  }
  return out;
}

export function renderMessages(messages: readonly SipMessage[]): string {
  const out: string[] = [];
  for (const m of messages) {
    out.push(`${stamp(m.sec, m.usec)} ${m.src} -> ${m.dst}\r\n`);
    out.push(m.text.endsWith('\n') ? m.text : `${m.text}\r\n`);
    out.push('\r\n');
  }
  return out.join('');
}
