// The one causes layer: recognises Q.850 / ISUP causes in any style programs print them (USER_BUSY,
// UserBusy, HangupReason.NoRouteDestination, AST_CAUSE_BUSY, "cause 38 - Network out of order",
// "(cause 34)", "Q.850 cause 41"), maps them both ways (ISUP cause -> SIP per RFC 3398 §8.2.6.1,
// SIP -> cause per §7.2.4.1, each with FreeSWITCH's and Asterisk's own tables and defaults) and describes
// them. Used by questions (src/engine) and by pastes (src/log). Pure; reads only data/q850-causes.json.
import {
  causeByNumber,
  fromSipByCode,
  internalByName,
  internalByNumber,
  q850ByName,
  q850File,
  type InternalCause,
  type Q850Cause,
} from './data.js';

export type { InternalCause, Q850Cause } from './data.js';

/** Whose mapping table applies: the RFC, or the stack that wrote the paste. */
export type Stack = 'rfc3398' | 'freeswitch' | 'asterisk';
export const STACKS: readonly Stack[] = ['rfc3398', 'freeswitch', 'asterisk'];

export interface CauseOptions {
  /** The program of the paste or the stack asked about: "freeswitch", "asterisk-pjsip", "kamailio"... */
  source?: string;
}

/** The stack whose tables apply to text from `source` (a program id or label); RFC 3398 otherwise. */
export function stackOf(source?: string): Stack {
  if (!source) return 'rfc3398';
  const s = source.toLowerCase();
  if (s.startsWith('freeswitch') || s.startsWith('sofia')) return 'freeswitch';
  if (s.startsWith('asterisk')) return 'asterisk';
  return 'rfc3398';
}

/** ISUP cause -> SIP: what each table says (null where it has no row). */
export interface CauseMapping {
  rfc3398: number | null;
  freeswitch: number | null;
  asterisk: number | null;
  /** Set when the tables map the cause to different SIP codes. */
  differs: boolean;
  direction: 'cause-to-sip';
}

/** SIP -> ISUP cause: the cause each table sets when that SIP code is received. */
export interface SipCauseMapping {
  sip: number;
  rfc3398: number | null;
  freeswitch: number | null;
  asterisk: number | null;
  differs: boolean;
  direction: 'sip-to-cause';
}

function differs(values: (number | null)[]): boolean {
  return new Set(values.filter((x): x is number => x !== null)).size > 1;
}

export function q850Cause(n: number): Q850Cause | undefined {
  return causeByNumber.get(n);
}

/** The Q.850 name, or a neutral label for numbers Q.850 leaves unassigned. */
export function q850Name(n: number): string {
  return causeByNumber.get(n)?.name ?? `Cause ${n} (not assigned in Q.850)`;
}

export function causeMapping(n: number): CauseMapping {
  const t = causeByNumber.get(n)?.toSip;
  const rfc3398 = t?.rfc3398 ?? null;
  const freeswitch = t?.freeswitch ?? internalByNumber.get(n)?.sip ?? null;
  const asterisk = t?.asterisk ?? null;
  return { rfc3398, freeswitch, asterisk, differs: differs([rfc3398, freeswitch, asterisk]), direction: 'cause-to-sip' };
}

export function sipMapping(code: number): SipCauseMapping {
  const r = fromSipByCode.get(code);
  const rfc3398 = r?.rfc3398 ?? null;
  const freeswitch = r?.freeswitch ?? null;
  const asterisk = r?.asterisk ?? null;
  return { sip: code, rfc3398, freeswitch, asterisk, differs: differs([rfc3398, freeswitch, asterisk]), direction: 'sip-to-cause' };
}

export interface CauseToSip {
  cause: number;
  stack: Stack;
  sip: number | null;
  /** table: the stack's own row; default: the stack's fallback for causes it does not list; none: no SIP code. */
  via: 'table' | 'default' | 'none';
  direction: 'cause-to-sip';
}

/**
 * The SIP response `stack` sends when a call fails with cause `n` before answer. FreeSWITCH falls back to
 * 480 (mod_sofia hangup_cause_to_sip); Asterisk PJSIP to 603 (chan_pjsip hangup_cause2sip returns 0 and
 * res_pjsip_session sends 603 for 0), so a bare Hangup() (cause 16) or HANGUPCAUSE=41 goes out as 603.
 */
export function causeToSip(n: number, stack: Stack): CauseToSip {
  const m = causeMapping(n);
  const sip = m[stack];
  if (sip !== null) return { cause: n, stack, sip, via: 'table', direction: 'cause-to-sip' };
  if (stack === 'rfc3398') return { cause: n, stack, sip: null, via: 'none', direction: 'cause-to-sip' };
  return { cause: n, stack, sip: q850File.defaults.toSip[stack], via: 'default', direction: 'cause-to-sip' };
}

export interface SipToCause {
  sip: number;
  stack: Stack;
  cause: number | null;
  /** Q.850 name, or the program's own cause name (FreeSWITCH ORIGINATOR_CANCEL). */
  name: string | null;
  /** A program-internal cause rather than a Q.850 value. */
  internal: boolean;
  via: 'table' | 'default' | 'none';
  direction: 'sip-to-cause';
}

/** The cause `stack` sets when it receives SIP `code` (a received 603 is CALL_REJECTED, 21, everywhere). */
export function sipToCause(code: number, stack: Stack): SipToCause {
  const m = sipMapping(code);
  let n = m[stack];
  let via: SipToCause['via'] = 'table';
  if (n === null) {
    if (stack === 'rfc3398' || code < 400 || code > 699) return { sip: code, stack, cause: null, name: null, internal: false, via: 'none', direction: 'sip-to-cause' };
    n = q850File.defaults.fromSip[stack][`${Math.floor(code / 100)}xx` as '4xx' | '5xx' | '6xx'];
    via = 'default';
  }
  const internal = n > 127 ? internalByNumber.get(n) : undefined;
  return { sip: code, stack, cause: n, name: internal ? internal.name : stackName(n, stack) ?? q850Name(n), internal: internal !== undefined, via, direction: 'sip-to-cause' };
}

/** The name `stack` prints for Q.850 cause n (USER_BUSY, AST_CAUSE_USER_BUSY). */
export function stackName(n: number, stack: Stack): string | undefined {
  const c = causeByNumber.get(n);
  if (!c) return undefined;
  return stack === 'asterisk' ? (c.names.asterisk ?? c.names.freeswitch) : (c.names.freeswitch ?? c.names.asterisk);
}

export type NamedCause =
  | { kind: 'q850'; cause: number; name: string }
  | { kind: 'internal'; cause: number; name: string; internal: InternalCause };

/** Squashed names (USERBUSY) for CamelCase spellings (UserBusy, NoRouteDestination). */
const bySquashed = new Map<string, string>();
for (const k of [...q850ByName.keys(), ...internalByName.keys()]) {
  const sq = k.replace(/^(?:AST_CAUSE_|GWAPP_)/, '').replaceAll('_', '');
  if (!bySquashed.has(sq)) bySquashed.set(sq, k);
}

/**
 * Resolves a printed cause name in any style: USER_BUSY, SWITCH_CAUSE_USER_BUSY, AST_CAUSE_BUSY,
 * GWAPP_USER_BUSY, user_busy, UserBusy, HangupReason.NoRouteDestination. Unknown names return undefined.
 */
export function resolveCauseName(token: string): NamedCause | undefined {
  let t = token;
  const dot = t.lastIndexOf('.');
  if (dot >= 0) t = t.slice(dot + 1);
  if (t.length < 4 || t.length > 60) return undefined;
  const camel = /[a-z]/.test(t) && !t.includes('_');
  t = camel ? (bySquashed.get(t.toUpperCase()) ?? '') : t.toUpperCase();
  if (t.startsWith('SWITCH_CAUSE_')) t = t.slice('SWITCH_CAUSE_'.length);
  const direct = q850ByName.get(t);
  if (direct !== undefined) return { kind: 'q850', cause: direct, name: q850Name(direct) };
  const internal = internalByName.get(t);
  if (internal) return { kind: 'internal', cause: internal.number, name: internal.name, internal };
  return undefined;
}

export interface CauseMention {
  cause: number;
  name: string;
  /** As written: "USER_BUSY", "cause 17", "UserBusy". */
  as: string;
  /** The SIP code this cause maps to in the applicable table: the source's stack, else RFC 3398, else the stacks'. */
  sip: number | null;
  mapping: CauseMapping;
  /** The stack whose table `sip` comes from. */
  stack: Stack;
  /** A program-internal cause (FreeSWITCH ORIGINATOR_CANCEL), not a Q.850 value. */
  internal: boolean;
  note?: string;
  /** `sip` is the stack's fallback for a cause its table does not list (Asterisk's 603, FreeSWITCH's 480). */
  byDefault?: boolean;
  /** Where it was in the text, so the number is not read again as a code. */
  start: number;
  end: number;
}

// Snake-case constants, dotted enum members (HangupReason.NoRouteDestination) and CamelCase words.
const NAME_RE = /\b(?:[A-Za-z][A-Za-z0-9]{0,30}\.)?[A-Za-z][A-Za-z0-9]{0,30}(?:_[A-Za-z0-9]{1,30}){1,8}\b|\b(?:[A-Za-z][A-Za-z0-9]{0,30}\.)?(?:[A-Z][a-z]{1,20}){2,6}\b/g;
const NUMBERED_RE =
  /\b(?:(?:q\.?\s?850|isup|isdn|hangup|release|disconnect)[ _-]?)?cause(?:[ _-]?code)?\s{0,3}[:=#]?\s{0,3}(\d{1,3})(?![\d.])|\bq\.?\s?850\s{0,3}[:=#]?\s{0,3}(\d{1,3})(?![\d.])/gi;

/** Finds causes in a question or a short text (reads the first 2000 characters). */
export function findCauses(text: string, opts: CauseOptions = {}): CauseMention[] {
  const out: CauseMention[] = [];
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const prefer = stackOf(opts.source);
  for (const m of sample.matchAll(NAME_RE)) {
    const named = resolveCauseName(m[0]);
    if (!named) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (named.kind === 'internal') {
      const sip = named.internal.sip;
      out.push({ cause: named.cause, name: named.name, as: m[0], sip, mapping: causeMapping(named.cause), stack: 'freeswitch', internal: true, note: named.internal.meaning, start, end });
    } else {
      // A name is printed by a stack, so that stack's own mapping is what its logs mean.
      const stack = opts.source ? prefer : /^AST_/i.test(m[0]) ? 'asterisk' : /^GWAPP_/i.test(m[0]) ? 'rfc3398' : 'freeswitch';
      out.push(mention(named.cause, m[0], start, end, stack, opts.source !== undefined));
    }
  }
  for (const m of sample.matchAll(NUMBERED_RE)) {
    const n = Number(m[1] ?? m[2]);
    if (!causeByNumber.has(n)) continue;
    out.push(mention(n, m[0].trim(), m.index, m.index + m[0].length, prefer, opts.source !== undefined));
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * `strict`: the text comes from a known stack (a paste's program), so what that stack really sends wins,
 * its fallback included (Asterisk sends 603 for a cause it has no row for). Otherwise the stack's row,
 * then RFC 3398, then any stack's row.
 */
function mention(cause: number, as: string, start: number, end: number, prefer: Stack, strict = false): CauseMention {
  const data = causeByNumber.get(cause) as Q850Cause;
  const mapping = causeMapping(cause);
  const own = strict ? causeToSip(cause, prefer) : null;
  const sip = own && own.sip !== null ? own.sip : (mapping[prefer] ?? mapping.rfc3398 ?? mapping.freeswitch ?? mapping.asterisk);
  const byDefault = own !== null && own.via === 'default';
  return { cause, name: data.name, as, sip, mapping, stack: prefer, internal: false, ...(data.note ? { note: data.note } : {}), ...(byDefault ? { byDefault } : {}), start, end };
}

const STACK_LABEL: Record<Stack, string> = { rfc3398: 'RFC 3398', freeswitch: 'FreeSWITCH', asterisk: 'Asterisk' };

/**
 * One or two plain sentences, e.g. "USER_BUSY is Q.850 cause 17 (User busy): SIP 486 per RFC 3398." Takes
 * a mention or a bare cause number (then `source` picks the stack whose view leads).
 */
export function describeCause(c: CauseMention | number, opts: CauseOptions = {}): string {
  const m0 = typeof c === 'number' ? numberMention(c, opts) : c;
  if (!m0) return `Cause ${String(c)} is not assigned in Q.850.`;
  const head = m0.internal
    ? `${m0.as} is a FreeSWITCH-internal cause (${m0.cause}), not a Q.850 value`
    : `${/^\d|cause|850/i.test(m0.as) ? 'Q.850' : `${m0.as} is Q.850`} cause ${m0.cause} (${m0.name})`;
  if (m0.internal) return m0.sip === null ? `${head}: ${m0.note ?? 'FreeSWITCH sends no SIP error for it.'}` : `${head}: FreeSWITCH sends SIP ${m0.sip}. ${m0.note ?? ''}`.trim();
  const m = m0.mapping;
  if (m0.byDefault) {
    const why = m0.stack === 'asterisk' ? 'chan_pjsip has no row for it, so res_pjsip_session sends 603' : 'mod_sofia has no row for it and falls back to 480';
    const rfc = m.rfc3398 !== null ? `; RFC 3398 maps it to ${m.rfc3398}` : '';
    return `${head}: ${STACK_LABEL[m0.stack]} sends SIP ${m0.sip} (${why})${rfc}.`;
  }
  if (m0.sip === null) {
    const fallback = `FreeSWITCH falls back to ${q850File.defaults.toSip.freeswitch} and Asterisk PJSIP to ${q850File.defaults.toSip.asterisk} if it ends a call before answer`;
    const note = m0.note ? ` ${m0.note.replace(/\.$/, '')}.` : '';
    return `${head}: no SIP error response maps to it.${note} ${fallback}.`;
  }
  const astDefault = m.asterisk === null ? `; Asterisk PJSIP has no row and sends ${q850File.defaults.toSip.asterisk}` : '';
  if (!m.differs) return `${head}: SIP ${m0.sip}${m.rfc3398 !== null ? ' per RFC 3398' : ''}${astDefault}.`;
  const parts = STACKS.map((s) => (m[s] !== null ? `${STACK_LABEL[s]} ${m[s]}` : s === 'asterisk' ? `Asterisk PJSIP ${q850File.defaults.toSip.asterisk} (no row)` : s === 'rfc3398' ? 'RFC 3398 none' : ''))
    .filter(Boolean);
  return `${head}: SIP ${m0.sip} here (${STACK_LABEL[m0.stack]}). The mappings differ: ${parts.join(', ')}.`;
}

function numberMention(n: number, opts: CauseOptions): CauseMention | undefined {
  if (causeByNumber.has(n)) return mention(n, `cause ${n}`, 0, 0, stackOf(opts.source), opts.source !== undefined && stackOf(opts.source) !== 'rfc3398');
  const i = internalByNumber.get(n);
  if (!i) return undefined;
  return { cause: n, name: i.name, as: i.name, sip: i.sip, mapping: causeMapping(n), stack: 'freeswitch', internal: true, note: i.meaning, start: 0, end: 0 };
}

/**
 * What a received SIP code becomes as a cause: "A 503 received becomes Q.850 41 (Temporary failure) per
 * RFC 3398; Asterisk sets 34." Empty string when no table has a row for the code.
 */
export function describeSipCause(code: number, opts: CauseOptions = {}): string {
  const m = sipMapping(code);
  const lead = stackOf(opts.source);
  const order = [lead, ...STACKS.filter((s) => s !== lead)];
  const parts: string[] = [];
  for (const s of order) {
    const r = sipToCause(code, s);
    if (r.cause === null || (r.via === 'default' && s !== lead)) continue;
    const what = r.internal ? r.name : `Q.850 ${r.cause} (${q850Name(r.cause)})`;
    parts.push(`${STACK_LABEL[s]}${r.via === 'default' ? ' (default)' : ''}: ${what}`);
  }
  if (parts.length === 0) return '';
  return `A ${code} received becomes ${parts.join('; ')}${m.differs ? ' (the tables differ)' : ''}.`;
}

/** For tests and docs. */
export function allQ850Causes(): readonly Q850Cause[] {
  return q850File.causes;
}
export function allInternalCauses(): readonly InternalCause[] {
  return q850File.internal;
}
export function freeswitchDisposition(value: string): string | undefined {
  return Object.hasOwn(q850File.freeswitchDispositions, value) ? q850File.freeswitchDispositions[value] : undefined;
}
