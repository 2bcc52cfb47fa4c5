// Splits a paste into lines in one linear pass (CRLF, LF and lone CR all end a line) and caps what is
// looked at per line, so no regex ever sees an unbounded string. Pure; no registry, no platform code.

/** Characters of a line that recognisers look at; the rest of a longer line is ignored. */
export const MAX_LINE = 4096;
/** Characters of a paste that are looked at (well above the 1 MB the engine accepts). */
export const MAX_TEXT = 4 * 1024 * 1024;

export function splitLines(text: string): string[] {
  const s = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const out: string[] = [];
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push(cap(s, start, i));
      if (c === 13 && i + 1 < n && s.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < n) out.push(cap(s, start, n));
  return out;
}

function cap(s: string, from: number, to: number): string {
  return to - from > MAX_LINE ? s.slice(from, from + MAX_LINE) : s.slice(from, to);
}

/** Seconds since midnight for "hh:mm:ss[.ffffff]" found in a string, or undefined. */
export function timeOfDay(s: string): number | undefined {
  const m = TIME_RE.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  if (h > 23 || min > 59 || sec > 60) return undefined;
  const frac = m[4] ? Number(`0.${m[4]}`) : 0;
  return h * 3600 + min * 60 + sec + frac;
}
const TIME_RE = /(?:^|[^\d:])(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?!\d)/;

/** Cuts a string for display. */
export function excerpt(line: string, max = 160): string {
  // Control characters would corrupt chat rendering; they carry nothing a reader needs.
  // eslint-disable-next-line no-control-regex
  const clean = line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
