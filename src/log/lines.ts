// Splits a paste into lines in one linear pass (CRLF, LF and lone CR all end a line) and caps what is
// looked at per line, so no regex ever sees an unbounded string; plus the small text helpers the
// recognisers share (time of day, white space, excerpts). Pure; no registry, no platform code.

/** Characters of a line that recognisers look at; the rest of a longer line is ignored. */
export const MAX_LINE = 4096;
/** Characters of a paste that are looked at (well above the 1 MB the engine accepts). */
export const MAX_TEXT = 4 * 1024 * 1024;

export function splitLines(text: string): string[] {
  const r = new LineReader(text);
  const out: string[] = [];
  for (let l = r.next(); l !== null; l = r.next()) out.push(l);
  return out;
}

/**
 * The lines of a paste one at a time, by the same rules as splitLines, without building an array first:
 * a 1 MB paste can hold a million lines, and growing an array that large costs more than scanning them.
 * Line ends are found with indexOf (native search), remembering the next CR and LF so the text is
 * searched once for each.
 */
export class LineReader {
  private readonly s: string;
  private pos = 0;
  private lf = -1;
  private cr = -1;
  /** Lines returned so far: the 1-based number of the last line next() returned. */
  count = 0;

  constructor(text: string) {
    this.s = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  }

  /** The next line (capped at MAX_LINE characters), or null after the last one. */
  next(): string | null {
    const s = this.s;
    const n = s.length;
    const start = this.pos;
    if (start >= n) return null;
    if (this.lf < start) {
      this.lf = s.indexOf('\n', start);
      if (this.lf < 0) this.lf = n;
    }
    if (this.cr < start) {
      this.cr = s.indexOf('\r', start);
      if (this.cr < 0) this.cr = n;
    }
    const end = this.lf < this.cr ? this.lf : this.cr;
    // CRLF is one line end; a lone CR or LF is one too. At the end of the text `end` is n, and pos passes it.
    this.pos = end === this.cr && s.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    this.count++;
    return end - start > MAX_LINE ? s.slice(start, start + MAX_LINE) : s.slice(start, end);
  }

  /** The line after the last one returned, without moving past it. */
  peek(): string | null {
    const { pos, lf, cr, count } = this;
    const line = this.next();
    this.pos = pos;
    this.lf = lf;
    this.cr = cr;
    this.count = count;
    return line;
  }
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

/**
 * A copy of a short string that shares no memory with the text it was cut from. V8 keeps substrings of 13+
 * characters as views into the original, so a module-level cache keyed by one would keep a whole paste alive.
 */
export function detached(s: string): string {
  return s.split('').join('');
}

/** True for the characters String.prototype.trim and regex \s treat as white space (ECMAScript WhiteSpace and LineTerminator). */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff))
  );
}

// Control characters would corrupt chat rendering; they carry nothing a reader needs.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL_RE = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Cuts a string for display. */
export function excerpt(line: string, max = 160): string {
  // Most lines hold no control character: test first rather than always building a replaced copy.
  const clean = (CONTROL_RE.test(line) ? line.replace(CONTROL_ALL_RE, ' ') : line).trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
