// Recognises Q.850 / ISUP causes in a chat question: hangup-cause names as FreeSWITCH and Asterisk
// print them (USER_BUSY, NORMAL_TEMPORARY_FAILURE, AST_CAUSE_CONGESTION) and numbers written as
// "cause 17" or "Q.850 34", and maps each to the SIP response per RFC 3398 (noting where FreeSWITCH
// and Asterisk differ). Pure; reads only the cause table of the log explainer.
import { causeByName, q850Mapping, q850Cause } from '../log/reference-data.js';

export interface CauseMention {
  cause: number;
  name: string;
  /** As the user wrote it: "USER_BUSY", "cause 17". */
  as: string;
  /** The SIP code this cause maps to: RFC 3398 first, then the programs' own mapping. */
  sip: number | null;
  mapping: { rfc3398: number | null; freeswitch: number | null; asterisk: number | null; differs: boolean };
  /** A program-internal cause (FreeSWITCH ORIGINATOR_CANCEL), not a Q.850 value. */
  internal: boolean;
  note?: string;
  /** Where it was in the text, so the number is not read again as a code. */
  start: number;
  end: number;
}

const NAME = /\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g;
const NUMBERED = /\b(?:(?:q\.?\s?850|isup|isdn|hangup|release)\s*)?cause(?:\s*code)?\s*[:=#]?\s*(\d{1,3})\b|\bq\.?\s?850\s*[:=#]?\s*(\d{1,3})\b/gi;

export function findCauses(text: string): CauseMention[] {
  const out: CauseMention[] = [];
  const sample = text.slice(0, 2000);
  for (const m of sample.matchAll(NAME)) {
    const named = causeByName(m[0].toUpperCase());
    if (!named) continue;
    const start = m.index;
    if (named.kind === 'internal') {
      const sip = named.internal.sip;
      out.push({ cause: named.cause, name: named.name, as: m[0], sip, mapping: { rfc3398: null, freeswitch: sip, asterisk: null, differs: false }, internal: true, note: named.internal.meaning, start, end: start + m[0].length });
    } else {
      // A name is printed by a stack, so that stack's own mapping is what its logs mean.
      out.push(mention(named.cause, m[0], start, start + m[0].length, /^AST_/i.test(m[0]) ? 'asterisk' : 'freeswitch'));
    }
  }
  for (const m of sample.matchAll(NUMBERED)) {
    const n = Number(m[1] ?? m[2]);
    if (!q850Cause(n)) continue;
    out.push(mention(n, m[0].trim(), m.index, m.index + m[0].length, 'rfc3398'));
  }
  return out.sort((a, b) => a.start - b.start);
}

type Source = 'rfc3398' | 'freeswitch' | 'asterisk';

function mention(cause: number, as: string, start: number, end: number, prefer: Source): CauseMention {
  const data = q850Cause(cause)!;
  const mapping = q850Mapping(cause);
  const sip = mapping[prefer] ?? mapping.rfc3398 ?? mapping.freeswitch ?? mapping.asterisk;
  return { cause, name: data.name, as, sip, mapping, internal: false, ...(data.note ? { note: data.note } : {}), start, end };
}

/** One plain sentence: "USER_BUSY is Q.850 cause 17 (User busy): SIP 486 per RFC 3398." */
export function describeCause(c: CauseMention): string {
  const head = c.internal
    ? `${c.as} is a FreeSWITCH-internal cause (${c.cause}), not a Q.850 value`
    : `${/^\d|cause|850/i.test(c.as) ? 'Q.850' : `${c.as} is Q.850`} cause ${c.cause} (${c.name})`;
  if (c.sip === null) return `${head}: no SIP error response maps to it${c.note ? `. ${c.note}` : '.'}`;
  const m = c.mapping;
  if (c.internal) return `${head}: FreeSWITCH sends SIP ${c.sip}.`;
  if (!m.differs) return `${head}: SIP ${c.sip}${m.rfc3398 !== null ? ' per RFC 3398' : ''}.`;
  const parts = [
    m.rfc3398 !== null ? `RFC 3398 maps it to ${m.rfc3398}` : 'RFC 3398 gives no mapping',
    m.freeswitch !== null ? `FreeSWITCH to ${m.freeswitch}` : '',
    m.asterisk !== null ? `Asterisk to ${m.asterisk}` : '',
  ].filter(Boolean);
  return `${head}: SIP ${c.sip} here. The mappings differ: ${parts.join(', ')}.`;
}
