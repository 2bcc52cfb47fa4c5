// Finds the numbers in a chat question and decides which are SIP response codes: "why are calls
// failing with 488?" has one, "486 bytes", "port 5060", "after 30 minutes" and "10.0.0.1" have none.
// Pure; no registry, no platform code.

export interface NumberToken {
  raw: string;
  value: number;
  /** code: three digits 100-699; out-of-range: what looks like a code but is not; quantity: a count, port, time… */
  kind: 'code' | 'out-of-range' | 'quantity';
}

const UNIT_AFTER = /^\s*(?:ms|msec|s|sec|secs|seconds?|mins?|minutes?|h|hrs?|hours?|days?|bytes?|b|kb|kbps|mb|%|x|calls?|cps|channels?|times|users?|numbers?|digits?|attempts?)\b/i;
const CONTEXT_BEFORE = /(?:port|cseq|expires|max-forwards|content-length|length|pid|line|ext(?:ension)?|x|#)\s*[:=]?\s*$/i;

/** Every run of digits, classified. At most 50 are read, enough for any chat question. */
export function extractNumbers(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  const re = /\d+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 50) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const before = text.slice(Math.max(0, start - 16), start);
    const after = text.slice(end, end + 12);
    const value = raw.length > 6 ? Number.POSITIVE_INFINITY : Number(raw);
    // Part of an address, a version, a decimal, a time or an identifier: 10.0.0.1, 2.0, 12:30, abc123, 1e3.
    // A plural or possessive ("503s", "488's") is still the code.
    const plural = /^['’]?s\b/.test(after);
    const glued = /[A-Za-z_]$/.test(before) || (!plural && /^[A-Za-z_]/.test(after)) || /^[.:,]\d/.test(after) || /\d[.:,]$/.test(before);
    // "503s" right after the digits is a plural; "300 s" or "after 30s" with a time word is a duration.
    const duration = plural && /\b(?:after|for|every|within|in|takes?|took|timeout|waits?|delay)\s*$/i.test(before);
    if (glued || duration || (!plural && UNIT_AFTER.test(after)) || CONTEXT_BEFORE.test(before)) {
      out.push({ raw, value, kind: 'quantity' });
    } else if (raw.length === 3 && value >= 100 && value <= 699) {
      out.push({ raw, value, kind: 'code' });
    } else {
      out.push({ raw, value, kind: 'out-of-range' });
    }
  }
  return out;
}
