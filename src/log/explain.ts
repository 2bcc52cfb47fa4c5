// Explains a pasted log or SIP trace: which SIP responses, Q.850 causes, Reason/Warning headers and HTTP
// lines it holds, the call flow, and a one-line outcome. Pure and synchronous; never throws. Depends only on
// the registry and this folder's modules: no platform SDKs, no adapters, no I/O besides JSON imports.

import { allCodes, getCode, isRegistered } from '../registry/index.js';
import type { PhraseOracle } from './formats/generic.js';
import { sipToCause, stackOf } from '../causes/index.js';
import { buildFlow } from './flow.js';
import {
  causeByName,
  freeswitchDisposition,
  q850Cause,
  q850Mapping,
  q850Name,
  warningCode,
} from './reference-data.js';
import { detached } from './lines.js';
import { scan, type RawCode, type ScanResult } from './scan.js';
import type {
  CauseFinding,
  CodeFinding,
  CodeRole,
  CodeSummary,
  Flow,
  LogReport,
  PhraseCheck,
  WarningFinding,
} from './types.js';

/** Findings kept with full detail; counts in `summary` stay exact past this. */
export const MAX_FINDINGS = 200;
const MAX_CAUSES = 200;

// ---------- registry phrases ----------

interface Phrases {
  reason: string;
  all: string[]; // normalised reason first, then variants
}
const phraseCache = new Map<number, Phrases | null>();

function phrasesOf(code: number): Phrases | null {
  if (phraseCache.has(code)) return phraseCache.get(code) ?? null;
  const r = getCode(code);
  // Records can be missing while the registry is being filled in: treat as unknown, never fail.
  const p = r ? { reason: r.reason, all: [norm(r.reason), ...(r.variants ?? []).map(norm)] } : null;
  // Do not cache misses forever: a record may appear when the data files are reloaded in tests.
  if (p) phraseCache.set(code, p);
  return p;
}

function norm(s: string): string {
  return s
    .replace(/\s*\(\d{3}\/[A-Z]{2}\)\s*$/, '') // Kamailio's "(477/SL)" signature
    .replace(/[.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Per code, per phrase as printed (keyed by code first: no key string to build for each of 100k lines). */
const checkCache = new Map<number, Map<string, PhraseCheck>>();
let checkCacheSize = 0;

export function checkPhrase(code: number, phrase: string | null): PhraseCheck {
  if (phrase === null || phrase.trim() === '') return 'none';
  let byPhrase = checkCache.get(code);
  const hit = byPhrase?.get(phrase);
  if (hit) return hit;
  const r = checkPhraseUncached(code, phrase);
  // Bounded: pastes can hold many distinct phrases; 'unknown' is not cached (the registry may fill in).
  if (r !== 'unknown' && checkCacheSize < 5000) {
    if (!byPhrase) checkCache.set(code, (byPhrase = new Map()));
    byPhrase.set(detached(phrase), r); // a copy: the phrase is a slice of the paste, which must not outlive the call
    checkCacheSize++;
  }
  return r;
}

function checkPhraseUncached(code: number, phrase: string): PhraseCheck {
  const p = phrasesOf(code);
  if (!p) return 'unknown';
  const n = norm(phrase);
  if (n === p.all[0]) return 'match';
  if (p.all.slice(1).includes(n)) return 'variant';
  // A tool clipping a column cuts mid-word ("Proxy Authentication R"); a whole-word prefix such as
  // "Busy" for "Busy Here" is a different phrase someone chose.
  const reg = p.all[0] as string;
  if (n.length >= 4 && reg.startsWith(n) && reg.charAt(n.length) !== ' ') return 'truncated';
  return 'different';
}

/** For the generic "code + phrase" context: the prefix of `candidate` that is the registry reason or a variant. */
function matchPhrase(code: number, candidate: string): string | null {
  const p = phrasesOf(code);
  if (!p) return null;
  const lower = candidate.toLowerCase();
  let best: string | null = null;
  for (const ph of p.all) {
    if (!ph) continue;
    if (lower.startsWith(ph) && (lower.length === ph.length || lower.charAt(ph.length) === ' ')) {
      if (!best || ph.length > best.length) best = candidate.slice(0, ph.length);
    }
  }
  return best;
}

const PHRASE_RANK: Record<PhraseCheck, number> = { different: 5, truncated: 3, variant: 4, match: 2, unknown: 1, none: 0 };

const FAILURE_WORDS_RE = /\b(?:failed|failure|unable|could not|couldn't|cannot|can't|rejected|refused|denied|no matching|not allowed|timed? ?out)\b/i;

// ---------- phrases for the generic evidence layer ----------

/** Reasons and variants by their first word, for "which code's phrase does this text start with". */
let byFirstWord: Map<string, { ph: string; code: number }[]> | null = null;
function phraseIndex(): Map<string, { ph: string; code: number }[]> {
  if (byFirstWord) return byFirstWord;
  const m = new Map<string, { ph: string; code: number }[]>();
  for (const r of allCodes()) {
    if (r.code < 100 || r.code > 699) continue;
    for (const ph of [r.reason, ...(r.variants ?? [])].map(norm)) {
      // One-word phrases ("OK", "Ringing") are too common in plain text to argue against a code.
      if (!ph.includes(' ')) continue;
      const w = ph.split(' ')[0] as string;
      let l = m.get(w);
      if (!l) m.set(w, (l = []));
      l.push({ ph, code: r.code });
    }
  }
  return (byFirstWord = m);
}

const ORACLE: PhraseOracle = {
  after: (code, s) => (s.length > 0 ? matchPhrase(code, s) : null),
  before(code, s) {
    const p = phrasesOf(code);
    if (!p) return false;
    const lower = s.toLowerCase();
    for (const ph of p.all) {
      if (ph && lower.endsWith(ph) && (lower.length === ph.length || !/[a-z0-9]/.test(lower.charAt(lower.length - ph.length - 1)))) return true;
    }
    return false;
  },
  other(code, s) {
    const sp = s.indexOf(' ');
    if (sp <= 0) return null;
    const l = phraseIndex().get(s.slice(0, sp).toLowerCase());
    if (!l) return null;
    const lower = s.toLowerCase();
    for (const { ph, code: c } of l) {
      if (c !== code && lower.startsWith(ph) && (lower.length === ph.length || !/[a-z0-9]/.test(lower.charAt(ph.length)))) return c;
    }
    return null;
  },
};

// ---------- entry points ----------

export function explainLog(text: string): LogReport {
  try {
    return explain(typeof text === 'string' ? text : String(text ?? ''));
  } catch {
    // Last resort: the contract is "never throws". Reaching this is a bug worth a test, not a user error.
    return emptyReport(0, 'could not read this paste');
  }
}

function emptyReport(lineCount: number, outcome: string): LogReport {
  return {
    codes: [],
    q850: [],
    outcome,
    lineCount,
    programs: [],
    summary: [],
    findings: [],
    findingCount: 0,
    truncated: false,
    causes: [],
    reasons: [],
    warnings: [],
    http: [],
    notes: [],
    flow: null,
  };
}

/**
 * Codes as scan() finds them, folded into the report as they arrive: the first MAX_FINDINGS with detail,
 * exact counts per code, and the few codes the outcome needs. Nothing else is kept, so a paste with 100k
 * codes costs no more memory than one with a thousand.
 */
class CodeTally {
  readonly findings: CodeFinding[] = [];
  readonly order: number[] = [];
  readonly agg = new Map<number, { sum: CodeSummary; rank: number }>();
  count = 0;
  first: RawCode | undefined;
  lastFinal: RawCode | undefined;
  lastProv: RawCode | undefined;
  /** sipp's first "while expecting" code, and the response on its line or the next or previous one. */
  expect: RawCode | undefined;
  got: RawCode | undefined;
  /**
   * Before any "expecting" code: the first response on each of the last two lines that had one, older
   * first. Codes arrive by line, so the first response within a line of a later "expecting" code is one of these.
   */
  private older: RawCode | undefined;
  private newer: RawCode | undefined;

  add(c: RawCode): void {
    const phraseCheck = checkPhrase(c.code, c.phrase);
    if (this.count < MAX_FINDINGS) this.findings.push(toFinding(c, phraseCheck));
    if (this.count === 0) this.first = c;
    this.count++;
    let a = this.agg.get(c.code);
    if (!a) {
      const rec = getCode(c.code);
      const sum: CodeSummary = {
        code: c.code,
        reason: rec?.reason ?? null,
        status: rec?.status ?? 'unregistered',
        nonstandard: rec ? !isRegistered(rec) && rec.status !== 'historic' : true,
        meaning: rec?.summary ?? null,
        count: 0,
        firstLine: c.line,
        lastLine: c.line,
        lines: [],
        roles: [],
        phrases: [],
        phraseCheck: 'none',
      };
      a = { sum, rank: -1 };
      this.agg.set(c.code, a);
      this.order.push(c.code);
    }
    const sum = a.sum;
    sum.count += c.count !== undefined && c.count > 0 ? c.count : 1;
    sum.lastLine = c.line;
    if (sum.lines.length < 10 && !sum.lines.includes(c.line)) sum.lines.push(c.line);
    if (!sum.roles.includes(c.role)) sum.roles.push(c.role);
    if (c.phrase && sum.phrases.length < 5 && !sum.phrases.includes(c.phrase)) sum.phrases.push(c.phrase);
    if (PHRASE_RANK[phraseCheck] > a.rank) {
      a.rank = PHRASE_RANK[phraseCheck];
      sum.phraseCheck = phraseCheck;
    }

    if (FINAL_ROLES.includes(c.role)) {
      if (c.code >= 200) this.lastFinal = c;
      else this.lastProv = c;
    }
    // The response sipp got instead of what it expected: the first response, in order, within one line of
    // the first "expecting" code, before or after it.
    if (!this.expect) {
      if (c.source === 'sipp-expecting') {
        this.expect = c;
        const near = (r: RawCode | undefined) => r !== undefined && r.line >= c.line - 1;
        this.got = near(this.older) ? this.older : near(this.newer) ? this.newer : undefined;
      } else if (c.role === 'response' && (!this.newer || c.line > this.newer.line)) {
        this.older = this.newer;
        this.newer = c;
      }
    } else if (!this.got && c.role === 'response' && Math.abs(c.line - this.expect.line) <= 1) {
      this.got = c;
    }
  }
}

function explain(text: string): LogReport {
  const tally = new CodeTally();
  const s = scan(text, { matchPhrase, oracle: ORACLE, onCode: (c) => tally.add(c) });
  const report = emptyReport(s.lineCount, 'no SIP response found');
  report.programs = s.programs;
  // Each finding keeps what a code answer tells about its code, and the cause the paste's stack sets for it.
  const stack = stackOf(s.programs.find((p) => stackOf(p) !== 'rfc3398'));
  for (const f of tally.findings) {
    const rec = getCode(f.code);
    if (rec?.causes.length) f.causes = rec.causes;
    if (rec?.checks.length) f.checks = rec.checks;
    if (f.code >= 300) {
      const c = sipToCause(f.code, stack);
      if (c.cause !== null && c.name !== null && c.via === 'table') f.cause = { cause: c.cause, name: c.name, stack, direction: 'sip-to-cause' };
    }
  }

  // Codes: summary per distinct code (exact counts), findings with detail (capped).
  report.findings = tally.findings;
  report.codes = tally.order;
  report.summary = tally.order.map((c) => (tally.agg.get(c) as { sum: CodeSummary }).sum);
  report.findingCount = tally.count;
  report.truncated = tally.count > MAX_FINDINGS || s.overflow;

  // Causes.
  const q850Seen = new Set<number>();
  let lastKey = '';
  for (const rc of s.causes) {
    let f: CauseFinding | null = null;
    if (typeof rc.value === 'number') {
      if (rc.value > 127) continue;
      f = q850Finding(rc.value, rc.printed, rc.line, rc.source);
    } else {
      const named = causeByName(rc.value);
      if (!named) continue;
      if (named.kind === 'q850') f = q850Finding(named.cause, rc.printed, rc.line, rc.source);
      else
        f = {
          cause: named.cause,
          name: named.name,
          printed: rc.printed,
          q850: false,
          line: rc.line,
          source: rc.source,
          internalSip: named.internal.sip,
          note: named.internal.meaning,
        };
    }
    const key = `${f.line}|${f.cause}|${f.name}`;
    if (key === lastKey) continue; // same cause printed twice on one line (name and number)
    lastKey = key;
    if (report.causes.length < MAX_CAUSES) report.causes.push(f);
    if (f.q850 && f.cause !== null && !q850Seen.has(f.cause)) {
      q850Seen.add(f.cause);
      report.q850.push({ cause: f.cause, name: f.name });
    }
  }

  report.reasons = s.reasons;
  report.warnings = s.warnings.map((w): WarningFinding => {
    const reg = warningCode(w.code);
    const out: WarningFinding = {
      line: w.line,
      code: w.code,
      agent: w.agent,
      text: w.text,
      registered: reg !== undefined,
      registeredText: reg?.text ?? null,
      meaning: reg?.meaning ?? null,
    };
    if (reg?.clash) out.clash = reg.clash;
    return out;
  });
  report.http = s.http;
  report.notes = notesOf(s);
  // A line that explains the failure in words ("Failed to get credentials for 407 response") says more
  // than the code alone: surface the first one.
  const said = tally.findings.find((f) => f.code >= 300 && FAILURE_WORDS_RE.test(f.excerpt));
  if (said && report.notes.length < 20) report.notes.push(`The log says why (line ${said.line}): "${said.excerpt.trim()}"`);

  const fr = buildFlow(s.messages, (c) => phrasesOf(c)?.reason ?? null);
  report.flow = fr?.flow ?? null;
  report.outcome = outcomeOf(report, s, tally, fr?.outcome ?? null, fr?.flow ?? null);
  return report;
}

function toFinding(c: RawCode, phraseCheck: PhraseCheck): CodeFinding {
  const f: CodeFinding = {
    code: c.code,
    line: c.line,
    role: c.role,
    source: c.source,
    phrase: c.phrase,
    phraseCheck,
    excerpt: c.excerpt,
  };
  if (c.direction) f.direction = c.direction;
  if (c.peer) f.peer = c.peer;
  if (c.method) f.method = c.method;
  if (c.count !== undefined) f.count = c.count;
  return f;
}

function q850Finding(cause: number, printed: string, line: number, source: string): CauseFinding {
  const rec = q850Cause(cause);
  const f: CauseFinding = { cause, name: q850Name(cause), printed, q850: true, line, source, sip: q850Mapping(cause) };
  if (rec?.note) f.note = rec.note;
  return f;
}

function notesOf(s: ScanResult): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const n of s.notes) {
    let text: string | null = null;
    if (n.key === 'sip_hangup_disposition') {
      const d = freeswitchDisposition(n.value);
      text = d ? `line ${n.line}: sip_hangup_disposition=${n.value}: ${d}` : null;
    } else if (n.key === 'sipp-unexpected') {
      const [code, count] = n.value.split(':');
      text = `line ${n.line}: sipp counted ${count} unexpected message${count === '1' ? '' : 's'} while waiting for ${code}`;
    }
    if (text && !seen.has(text) && out.length < 20) {
      seen.add(text);
      out.push(text);
    }
  }
  return out;
}

// ---------- outcome ----------

const FINAL_ROLES: readonly CodeRole[] = ['response', 'reported'];

function reasonText(code: number, phrase: string | null): string {
  return `${code} ${phrasesOf(code)?.reason ?? phrase ?? ''}`.trim();
}

const SOURCE_LABEL: Record<string, string> = {
  'kamailio-acc': 'Kamailio/OpenSIPS acc record',
  'kamailio-error-reply': 'Kamailio internal error reply',
  'asterisk-chan_sip': 'Asterisk chan_sip',
  'asterisk-outbound-registration': 'Asterisk outbound registration',
  'freeswitch-sofia-state': 'FreeSWITCH sofia state',
  'freeswitch-responding': 'FreeSWITCH',
  'tshark-sip-stat': 'tshark SIP statistics',
  'sipp-screen': 'sipp scenario screen',
  'teams-final-sip-code': 'Teams call record',
};

function outcomeOf(r: LogReport, s: ScanResult, codes: CodeTally, lead: string | null, flow: Flow | null): string {
  const firstCause = r.causes.find((c) => c.q850) ?? r.causes[0];
  const causeText = firstCause
    ? firstCause.q850
      ? `Q.850 ${firstCause.cause} ${firstCause.name}`
      : `${firstCause.name}${firstCause.internalSip ? ` (sent as SIP ${firstCause.internalSip})` : ''}`
    : '';
  const calls = flow && flow.calls > 1 ? ` (first of ${flow.calls} calls)` : '';

  if (lead && flow) {
    const cause = causeText && !/^(?:call answered|registered)/.test(lead) ? ` [${causeText}]` : '';
    return `${lead}${cause}${calls}`;
  }

  // sipp: "while expecting '183'" next to what it got instead.
  const { expect, got, lastFinal, lastProv } = codes;
  if (expect && got) return `sipp expected ${expect.code} but received ${reasonText(got.code, got.phrase)}: the call was aborted`;
  const unexpected = s.notes.find((n) => n.key === 'sipp-unexpected');
  const many = r.findingCount > 20 ? `${r.findingCount} SIP codes found (${r.summary.slice(0, 4).map((x) => `${x.code} ×${x.count}`).join(', ')}); ` : '';
  if (unexpected) {
    const waiting = unexpected.value.split(':')[0];
    const lastSeen = lastFinal ?? lastProv;
    return `sipp got an unexpected message while waiting for ${waiting}, so the call was aborted${lastSeen ? `; last response counted: ${reasonText(lastSeen.code, lastSeen.phrase)}` : ''}`;
  }
  if (lastFinal) {
    const src = SOURCE_LABEL[lastFinal.source];
    const from = lastFinal.peer ? ` from ${lastFinal.peer}` : '';
    const where = ` (${src ? `${src}, ` : ''}line ${lastFinal.line})`;
    const cause = causeText ? ` [${causeText}]` : '';
    return `${many}${many ? 'last ' : ''}final ${reasonText(lastFinal.code, lastFinal.phrase)}${from}${where}${cause}`;
  }
  if (lastProv) return `${many}only provisional responses (${reasonText(lastProv.code, lastProv.phrase)}): no final response in the paste`;
  if (codes.first) {
    const first = codes.first;
    const what = first.role === 'reason-header' ? 'a Reason header names' : first.role === 'configured' ? 'the script sends' : 'the program expects';
    return `no SIP response on the wire; ${what} ${reasonText(first.code, first.phrase)}${causeText ? ` [${causeText}]` : ''}`;
  }
  if (firstCause) {
    const printed = firstCause.printed !== firstCause.name ? ` (${firstCause.printed})` : '';
    if (firstCause.q850) {
      const m = firstCause.sip;
      const sip = m?.rfc3398 ?? m?.freeswitch ?? m?.asterisk;
      return `no SIP response; hangup cause Q.850 ${firstCause.cause} ${firstCause.name}${printed}${sip ? `, which maps to SIP ${sip}` : ''}`;
    }
    return `no SIP response; FreeSWITCH cause ${firstCause.name}: ${firstCause.note ?? 'program-internal cause'}`;
  }
  if (r.http.length) return `no SIP response: ${r.http.length === 1 ? 'the status line is' : 'the status lines are'} HTTP (${[...new Set(r.http.map((h) => h.code))].slice(0, 5).join(', ')}), not SIP`;
  if (r.warnings.length) return `no SIP response; Warning ${r.warnings[0]?.code} ${r.warnings[0]?.registeredText ?? r.warnings[0]?.text ?? ''}`.trim();
  return 'no SIP response found';
}

// ---------- looksLikeLog ----------

const STRONG_SIGNALS: readonly RegExp[] = [
  /SIP\/2\.0 {1,3}[1-9]\d\d(?!\d)/,
  /\b(?:INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|PRACK|SUBSCRIBE|NOTIFY|PUBLISH|INFO|REFER|MESSAGE|UPDATE) (?:sips?|tel):\S{1,300} SIP\/2\.0/,
  /<--- (?:Received|Transmitting|SIP read|Reliably)/,
  /\b(?:recv|send) \d{1,7} bytes (?:from|to) [a-z]{2,5}\/\[/,
  /\bmessage (?:sent|received) [([]\d{1,7}[\])] ?bytes/,
  /entering state \[[a-z_]{2,20}\]\[\d{1,3}\]/,
  /\[CS_[A-Z_]{2,30}\] \[[A-Z_]{3,40}\]/,
  /\b(?:variable_)?(?:sip_term_status|hangup_cause(?:_q850)?|sip_hangup_disposition|proto_specific_hangup_cause|sip_invite_failure_status)\b["']?\s*[=:]/,
  /\bACC: [a-z]/,
  /(?:^|[;,\s])code=\d{3}(?!\d)[;,]/,
  /\bReason\s*:\s*(?:SIP|Q\.850)\s*;\s*cause\s*=/i,
  /\bWarning\s*:\s*3\d\d \S{1,100} "/i,
  /\bStatus: \d{3} [^|\r\n]{0,100}\|/,
  /while expecting '/,
  /\bOriginate (?:Failed|Resulted)/,
  /-ERR [A-Z][A-Z_]{2,40}\b/,
  /^Event: [A-Za-z]/m,
  /^Cause(?:-txt)?: /m,
  /Got SIP response \d{3}/,
  /\bHTTP\/\d(?:\.\d)? \d{3}(?!\d)/,
  /"(?:GET|POST|PUT|DELETE|HEAD|PATCH) [^"\s]{1,2048} HTTP\/\d/,
  /"(?:sip_?status|sip_?response_?code|final_?sip_?code|sip_?code|sip_?term_?status)"\s*:/i,
  /\bnta: (?:sent|received) \d{3}/,
  /\(\d{3}\/(?:SL|TM)\)/,
  /\b(?:sl_send_reply|t_reply|send_reply)\(/,
  /^[UT] (?:\d{4}\/\d\d\/\d\d \S{1,20} )?\S{1,64}:\d{1,5} -> \S{1,64}:\d{1,5}/m,
  /^\d\d:\d\d:\d\d\.\d{1,6} IP6? /m,
  /^[ \t]{0,20}\d{1,9}[ \t]{1,20}-?\d{1,9}\.\d{1,9}[ \t]{1,40}\S{2,64}[ \t]{1,40}(?:→|->)[ \t]{1,40}\S{2,64}[ \t]{1,40}SIP/m,
  /^[ \t]{0,20}SIP \d{3} [^:\r\n]{1,60}:[ \t]{0,20}\d{1,12} Packets/m,
  /\b\d{3}\s+<-{6,}/,
  /<-{6,}\s+\d{3}\b/,
  /-{6,}>\s+[A-Z]{3,12}\b/,
  /\b(?:Fatal|Temporal) response '\d{3}'/,
  /\bFinal SIP code\b/i,
  /\b(?:status|reason|state)=\d{3} \([A-Za-z]/,
  /\bExecuting \[[^\]\r\n]{1,80}\] [A-Z][A-Za-z]{1,30}\(/,
  /\bHANGUPCAUSE\b/,
  /\|CALL_END\s*\|/,
  /^variable_[a-z0-9_]{2,60}: \[/m,
  /-{5,} (?:Scenario|Statistics|Repartition) Screen -{5,}/,
];

const LOG_LINE_RE =
  /^\s*(?:\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d|\[?[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d|\[?\d\d:\d\d:\d\d|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} |\d{1,6}\(\d{1,7}\) [A-Z]{3,8}:|\{"(?:level|time|msg|ts)")|\b(?:VERBOSE|NOTICE|WARNING|ERROR|DEBUG)\[\d{1,7}\]|\[(?:DEBUG|INFO|NOTICE|WARNING|ERR|ERROR|CRIT)\]/;

/**
 * True when the text is a pasted log, trace or status line rather than a chat question.
 * A lone status line ("SIP/2.0 603 Decline") counts as a log line: the caller may still answer it as a code.
 * Questions ("why are calls failing with 488?", "486 vs 600", "what does sip 603 mean") have none of
 * the structures programs print, so they are false.
 */
export function looksLikeLog(text: string): boolean {
  if (typeof text !== 'string') return false;
  const t = text.length > 65_536 ? text.slice(0, 65_536) : text;
  if (t.trim().length === 0) return false;
  for (const re of STRONG_SIGNALS) if (re.test(t)) return true;
  // Several lines that start like log records (timestamps, levels, FreeSWITCH UUIDs, JSON loggers).
  let logLines = 0;
  let lines = 0;
  let start = 0;
  for (let i = 0; i <= t.length && lines < 200; i++) {
    const c = i < t.length ? t.charCodeAt(i) : 10;
    if (c === 10 || c === 13) {
      if (i > start) {
        lines++;
        if (LOG_LINE_RE.test(t.slice(start, Math.min(i, start + 300)))) logLines++;
      }
      start = i + 1;
    }
  }
  return logLines >= 2 || (lines === 1 && logLines === 1);
}

