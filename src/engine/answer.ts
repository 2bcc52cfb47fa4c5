// The one door into the core: answer(text) takes the raw text of a message (what follows /sip, a
// mention, a pasted log) and returns a structured Answer. Pure and synchronous; never throws on
// user input. No platform code, no I/O, no logging.
import { allCodes, className, getCode, isRegistered, type SipCode } from '../registry/index.js';
import { CLASS_NAMES } from '../registry/constants.js';
import { explainLog, looksLikeLog } from '../log/explain.js';
import { searchPhrases } from './search.js';
import { extractNumbers, type NumberToken } from './parse.js';
import { describeCause, findCauses } from '../causes/index.js';
import { findSymptoms } from './symptoms.js';
import type { Answer, ClassInfo, Match, SymptomMatch } from './types.js';
import type { Symptom } from '../registry/symptoms.js';
import { identityAnswer, identityOfLog, looksLikeIdentityQuestion } from '../identity/answer.js';

/** Longest text the engine reads: a 1 MB log paste plus headroom. Beyond it, the tail is ignored. */
export const MAX_INPUT = 2 * 1024 * 1024;
/** How much of the question the answer echoes back. */
const ECHO = 200;

export const EXAMPLES = [
  '603',
  '486 vs 600',
  '6xx',
  'codec mismatch',
  'why are calls failing with 488?',
  'calls drop after 30 minutes',
  'paste a SIP trace or a log line',
];

const CLASS_MEANING: Record<number, string> = {
  1: 'Provisional: the request was received and is being processed; more responses follow. Never final, never an error by itself.',
  2: 'Success: the request worked. For an INVITE, a 2xx means the call was answered.',
  3: 'Redirection: the request should be tried somewhere else, usually at the addresses in the Contact header.',
  4: 'Request failure: this request failed at this destination (bad request, auth, routing, the callee busy or unavailable). Another destination, or the same request after a fix, may work.',
  5: 'Server failure: a server failed to process a request that looked valid (overload, outage, a broken next hop). Another server, or a later retry, may work.',
  6: 'Global failure: the callee was reached and the answer holds everywhere, so a proxy stops trying other locations (busy everywhere, declined, does not exist, unwanted).',
};

export function toMatch(r: SipCode): Match {
  return {
    code: r.code,
    reason: r.reason,
    class: r.class,
    className: className(r.code),
    status: r.status,
    registered: isRegistered(r),
    final: r.code >= 200,
    summary: r.summary,
    rfc: r.reference.rfc === 'none' ? null : r.reference.rfc,
    section: r.reference.section,
    url: r.reference.url,
  };
}

/** A code in 100-699 that nobody registered: RFC 3261 §8.1.3.2 says treat it as the x00 of its class. */
function unregisteredMatch(code: number, known: SipCode | undefined): Match {
  if (code < 100 || code > 699) {
    return { ...(known ? toMatch(known) : { code, reason: 'Unknown', class: `${Math.floor(code / 100)}xx`, className: className(code), status: 'unregistered' as const, registered: false, final: true, summary: `${code} is outside the SIP range of 100-699: a stack-internal or vendor status.`, rfc: null, section: null, url: null }) };
  }
  const fallback = Math.floor(code / 100) * 100;
  return {
    code,
    reason: known?.reason ?? 'Unregistered',
    class: `${Math.floor(code / 100)}xx`,
    className: className(code),
    status: known ? known.status : 'unregistered',
    registered: false,
    final: code >= 200,
    summary:
      `${code} is not a registered SIP response code; a user agent treats it as ${fallback} ${getCode(fallback)?.reason ?? ''}`.trimEnd() +
      ' (RFC 3261 §8.1.3.2).' +
      (known ? ` ${known.summary}` : ''),
    rfc: 'RFC 3261',
    section: '8.1.3.2',
    url: 'https://www.rfc-editor.org/rfc/rfc3261#section-8.1.3.2',
    treatAs: fallback,
  };
}

/** Matches for one code the user named: the record, or the unregistered notice plus its x00 fallback. */
function matchesForCode(code: number): Match[] {
  const r = getCode(code);
  if (r && (isRegistered(r) || r.status === 'historic')) return [toMatch(r)];
  if (code >= 100 && code <= 699) {
    const fallback = getCode(Math.floor(code / 100) * 100);
    return fallback ? [unregisteredMatch(code, r), toMatch(fallback)] : [unregisteredMatch(code, r)];
  }
  return r ? [toMatch(r)] : [];
}

function classInfo(digit: number): ClassInfo {
  return {
    class: `${digit}xx`,
    name: CLASS_NAMES[digit as keyof typeof CLASS_NAMES],
    meaning: CLASS_MEANING[digit]!,
    codes: allCodes()
      .filter((r) => Math.floor(r.code / 100) === digit && isRegistered(r))
      .map((r) => r.code),
  };
}

function echo(text: string): string {
  const oneLine = text.slice(0, ECHO * 4).replace(/\s+/g, ' ').trim();
  return oneLine.length > ECHO ? `${oneLine.slice(0, ECHO - 1)}…` : oneLine;
}

function help(query: string, understood: string, notices?: string[]): Answer {
  return { intent: 'help', query, matches: [], understood, examples: EXAMPLES, ...(notices?.length ? { notices } : {}) };
}

function none(query: string, understood: string, notices: string[]): Answer {
  return { intent: 'none', query, matches: [], understood, examples: EXAMPLES, ...(notices.length ? { notices } : {}) };
}

/** How two or more codes differ, one plain sentence per point. */
export function describeDifferences(ms: Match[]): string[] {
  const out: string[] = [];
  const [a, b] = ms;
  if (!a || !b) return out;
  const records = ms.map((m) => getCode(m.code));
  if (a.class !== b.class) {
    for (const m of ms) out.push(`${m.code} is ${m.class} ${m.className}: ${CLASS_MEANING[Math.floor(m.code / 100)]?.split(':')[1]?.trim() ?? ''}`.trim());
  }
  const finals = new Set(ms.map((m) => m.final));
  if (finals.size > 1) {
    out.push(`${ms.filter((m) => !m.final).map((m) => m.code).join(', ')} is provisional: the call is still in progress; ${ms.filter((m) => m.final).map((m) => m.code).join(', ')} ends the transaction.`);
  }
  ms.forEach((m, i) => {
    const r = records[i];
    if (r) out.push(`${m.code} ${m.reason}: ${r.summary} Sent by: ${lowerFirst(r.sentBy)} Retry: ${lowerFirst(r.retry)}`);
    else out.push(`${m.code}: ${m.summary}`);
  });
  return out;
}

function lowerFirst(s: string): string {
  return s.length > 1 && /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/**
 * A lone status line ("SIP/2.0 603 Decline") is a question about that code, not a log. Tested only on
 * a trimmed single line of at most QUESTION_MAX characters, so it needs no leading/trailing \s runs
 * (which overlapped and backtracked catastrophically on "SIP/2.0 486" + thousands of spaces).
 */
const LONE_STATUS_LINE = /^SIP\/2\.0[ \t]{1,8}(\d{3})(?![^ \t])/i;
/** A question is one line of at most this many characters; longer or multi-line text is a paste. */
export const QUESTION_MAX = 200;
const HELP_WORDS = /^(?:help|usage|commands|examples|\?|-h|--help|how do i use (?:this|you|sipbot)\??)$/i;
const CLASS_TOKEN = /(?:^|[^0-9a-z])([1-6])xx(?![0-9a-z])/gi;

export interface AnswerOptions {
  /** Explain the text as a log even when it looks like a question (`sipbot explain`). */
  forceLog?: boolean;
}

export function answer(input: unknown, opts: AnswerOptions = {}): Answer {
  const raw = typeof input === 'string' ? input : input == null ? '' : String(input);
  const text = raw.length > MAX_INPUT ? raw.slice(0, MAX_INPUT) : raw;
  const trimmed = text.trim();
  const query = echo(trimmed);

  if (trimmed === '') return help(query, 'An empty question: here is how to ask.');
  if (opts.forceLog) return logAnswer(text, query);
  if (HELP_WORDS.test(trimmed)) return help(query, 'A request for help.');
  if (looksLikeIdentityQuestion(trimmed)) return identityAnswer(trimmed, query);
  // Only short text is read as a question (the identity check above has its own caps); anything longer
  // takes the line-by-line paste path, so no question regex ever sees more than QUESTION_MAX characters.
  if (trimmed.length > QUESTION_MAX) return logAnswer(text, query);
  const multiLine = /[\r\n\u2028\u2029]/.test(trimmed);
  // A short note over two lines ("Carrier alert / SIP 408 spike") is read as one line.
  const line = multiLine ? trimmed.replace(/\s+/g, ' ') : trimmed;

  const lone = multiLine ? null : LONE_STATUS_LINE.exec(line);
  // Q.850 causes and hangup-cause names first, so "cause 17" is not read as the number 17.
  const causes = lone ? [] : findCauses(line);
  // "AST_CAUSE_CONGESTION" or "what is USER_BUSY" on its own is a question about a cause, although
  // the same token inside a pasted line is log evidence.
  const causeQuestion = causes.length > 0 && !multiLine && line.length <= 120 && !/[=:|[\]{}]/.test(line);
  if (!lone && !causeQuestion && looksLikeLog(text)) return logAnswer(text, query);

  let rest = line;
  for (const c of causes) rest = rest.slice(0, c.start) + ' '.repeat(c.end - c.start) + rest.slice(c.end);
  const q850 = causes.filter((c) => !c.internal).map((c) => ({ cause: c.cause, name: c.name }));
  const causeInfo = causes.map((c) => ({ as: c.as, cause: c.cause, name: c.name, internal: c.internal, sip: c.sip, description: describeCause(c) }));
  const causeNotes = causeInfo.map((c) => c.description);

  const numbers = extractNumbers(lone ? lone[1]! : rest);
  const notices: string[] = [];
  const codes: number[] = [];
  for (const n of numbers) {
    // Known non-standard codes outside 100-699 (pjsip 701-703) are codes too.
    const isCode = n.kind === 'code' || (n.kind === 'out-of-range' && getCode(n.value) !== undefined);
    if (isCode && !codes.includes(n.value)) codes.push(n.value);
    else if (n.kind === 'out-of-range' && !isCode) notices.push(outOfRange(n));
  }
  const classes = [...new Set([...line.matchAll(CLASS_TOKEN)].map((m) => Number(m[1])))];
  const withCauses = causes.length ? { causes: causeInfo, ...(q850.length ? { q850 } : {}) } : {};
  // A cause alone stands for the SIP code it maps to.
  if (codes.length === 0 && causes.length) {
    for (const c of causes) if (c.sip !== null && !codes.includes(c.sip)) codes.push(c.sip);
    if (codes.length === 0) {
      return { intent: 'none', query, matches: [], understood: causeNotes.join(' '), ...(notices.length ? { notices } : {}), examples: EXAMPLES, ...withCauses };
    }
  }

  // Numbers that are only quantities ("Expires: 600", "port 5080", "after 30 minutes") with nothing
  // else to search for: no code, and say why.
  if (codes.length === 0 && classes.length === 0 && numbers.length > 0 && onlyQuantities(rest)) {
    return none(query, 'Numbers with a unit or a role (a time, a port, a header value, a count) are not SIP response codes.', [
      ...notices,
      `${numbers.map((n) => n.raw).join(', ')}: not ${numbers.length > 1 ? 'SIP response codes' : 'a SIP response code'} here.`,
    ]);
  }

  // "422 Request Terminated": the reason phrase belongs to another code (487); the phrase wins.
  if (codes.length === 1 && !lone) {
    const other = contradictingPhrase(line, codes[0]!);
    if (other) {
      notices.push(`"${other.phrase}" is the reason phrase of ${other.code}, not ${codes[0]}: answered as ${other.code}.`);
      codes.unshift(other.code);
      const first = getCode(other.code)!;
      return { intent: 'code', query, matches: [toMatch(first), ...matchesForCode(codes[1]!).slice(0, 1)], understood: `SIP response code ${first.code} ${first.reason} (the phrase given).`, notices, ...withCauses };
    }
  }

  if (codes.length > 1) {
    // "wanted 200, got 486": lead with what arrived.
    const expected = expectedCodes(line).filter((c) => codes.includes(c));
    if (expected.length && expected.length < codes.length) {
      const arrived = codes.filter((c) => !expected.includes(c));
      codes.splice(0, codes.length, ...arrived, ...expected);
      notices.push(`Expected ${expected.join(', ')}; what arrived is ${arrived.join(', ')}, so that leads.`);
    }
  }

  if (codes.length === 1) {
    const matches = matchesForCode(codes[0]!);
    const m = matches[0]!;
    const understood = m.treatAs
      ? `SIP response code ${m.code}, which is not registered (treated as ${m.treatAs}).`
      : `SIP response code ${m.code} ${m.reason}.`;
    return { intent: 'code', query, matches, understood: causes.length ? causeNotes.join(' ') : understood, ...(notices.length ? { notices } : {}), ...withCauses };
  }
  if (codes.length > 1) {
    const matches = codes.slice(0, 10).flatMap((c) => matchesForCode(c).slice(0, 1));
    if (codes.length > 10) notices.push(`Only the first 10 codes are compared (${codes.length} given).`);
    return {
      intent: 'codes',
      query,
      matches,
      understood: `SIP response codes ${matches.map((m) => m.code).join(', ')}${/\bvs\.?\b|versus|differ|compare/i.test(line) ? ', compared' : ''}.`,
      differences: [...whichFits(line, matches), ...describeDifferences(matches)],
      ...(notices.length ? { notices } : {}),
      ...withCauses,
    };
  }
  if (classes.length >= 1) {
    const info = classInfo(classes[0]!);
    return {
      intent: 'class',
      query,
      matches: info.codes.map((c) => toMatch(getCode(c)!)),
      understood: `The ${info.class} class of SIP responses (${info.name}).`,
      classInfo: info,
      ...(notices.length ? { notices } : {}),
    };
  }

  // A symptom ("one-way audio", "calls drop after 32 seconds") is answered as one: its codes (maybe
  // none) lead, not whatever code the words happen to hit.
  const symptoms = findSymptoms(line);
  if (symptoms.length) {
    const best = symptoms[0]!.symptom;
    // The symptom's codes, led by the one the words point at ("session timer too small": 422).
    const top = best.codes.length > 1 ? searchPhrases(line).hits[0]?.record.code : undefined;
    const ordered = top !== undefined && best.codes.includes(top) ? [top, ...best.codes.filter((c) => c !== top)] : best.codes;
    // "how do I enable SRTP" asks for a setting, not a code: the symptom without a leading code.
    const howTo = HOW_TO.test(line) && !FAILURE_WORDS.test(line);
    return {
      intent: 'symptom',
      query,
      matches: howTo ? [] : ordered.flatMap((c) => matchesForCode(c).slice(0, 1)),
      understood: `A symptom: ${best.name.toLowerCase()}.`,
      symptoms: symptoms.map((h) => toSymptomMatch(h.symptom)),
      ...withCauses,
    };
  }

  const result = searchPhrases(line);
  // A how-to, configuration or media question that names no code is not about a SIP response:
  // say so instead of leading with a code the words happen to touch.
  if (HOW_TO.test(line) && !FAILURE_WORDS.test(line)) {
    return { intent: 'none', query, matches: [], understood: NOT_SIP, notSip: true, examples: EXAMPLES };
  }
  if (result.hits.length > 0) {
    // Numbers beside a symptom ("drops after 30 minutes") are part of the symptom, not codes.
    notices.length = 0;
    if (result.corrections.length) notices.push(`Read as: ${result.corrections.join(', ')}.`);
    const matches = result.hits.map((h) => ({ ...toMatch(h.record), confidence: h.confidence }));
    return {
      intent: 'search',
      query,
      matches,
      understood: `A search for "${echo(result.terms.join(' ')) || query}".`,
      confidence: result.confidence,
      ...(notices.length ? { notices } : {}),
    };
  }
  if (notices.length) return none(query, 'Numbers that are not SIP response codes.', notices);
  return none(query, `Nothing in "${query}" matches a SIP response code, class or symptom I know.`, notices);
}

/** Words that only give a number its unit or role: with nothing else, the question has no code. */
const QUANTITY_WORDS = new Set(
  `ms msec s sec secs second seconds min mins minute minutes h hr hrs hour hours day days byte bytes kb mb kbps
  port ports expires expire max min maximum minimum call calls channel channels cps after for every within in of at about
  around than more less over under up to the a an is are set value header cseq length line user users cause timeout
  limit limits x times attempt attempts`.split(/\s+/),
);

function onlyQuantities(text: string): boolean {
  const words = text.slice(0, 400).toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  return words === '' || words.split(' ').every((w) => QUANTITY_WORDS.has(w));
}

/** Reason phrases and variants of registered codes, folded, for "<code> <phrase>" checks. */
let phraseIndex: { norm: string; code: number; phrase: string }[] | undefined;
function phrases() {
  phraseIndex ??= allCodes()
    .filter((r) => isRegistered(r))
    .flatMap((r) => [r.reason, ...r.variants].map((p) => ({ norm: fold(p), code: r.code, phrase: p })))
    .filter((p) => p.norm.includes(' ')) // one-word phrases ("Decline", "OK") clash with ordinary words
    .sort((a, b) => b.norm.length - a.norm.length);
  return phraseIndex;
}

function fold(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The phrase right after the code, when it is another code's reason phrase and not this code's. */
function contradictingPhrase(text: string, code: number): { code: number; phrase: string } | undefined {
  const at = text.indexOf(String(code));
  if (at < 0) return undefined;
  const tail = fold(text.slice(at + 3, at + 80));
  if (tail === '') return undefined;
  const after = ` ${tail} `;
  const own = getCode(code);
  if (own && [own.reason, ...own.variants].some((p) => after.startsWith(` ${fold(p)} `))) return undefined;
  const hit = phrases().find((p) => p.code !== code && after.startsWith(` ${p.norm} `));
  return hit ? { code: hit.code, phrase: hit.phrase } : undefined;
}

const EXPECTED = /\b(?:wanted|want|expected|expecting|expect|should (?:be|get|have got|return)|instead of|rather than|hoping for)\s+(?:an?\s+|the\s+)?(\d{3})\b/gi;

function expectedCodes(text: string): number[] {
  return [...text.slice(0, 400).matchAll(EXPECTED)].map((m) => Number(m[1]));
}

const WHY_NOT = /\b(\d{3})\b[^0-9]{0,30}?\b(?:and not|not|but not|instead of|rather than)\s+(?:an?\s+)?(\d{3})\b/i;

/** "why 603 and not 486?": which of the two fits, given what arrived and the words around them. */
function whichFits(text: string, ms: Match[]): string[] {
  const m = WHY_NOT.exec(text.slice(0, 400));
  if (!m) return [];
  const sent = getCode(Number(m[1]));
  const other = getCode(Number(m[2]));
  if (!sent || !other) return [];
  const rest = text.replace(/\d{3}/g, ' ');
  const hit = searchPhrases(rest).hits.find((h) => h.record.code === sent.code || h.record.code === other.code);
  const fits = hit ? hit.record : sent;
  if (!ms.some((x) => x.code === fits.code)) return [];
  return [
    hit
      ? `For what you describe, ${fits.code} ${fits.reason} fits: ${fits.summary}`
      : `${sent.code} ${sent.reason} is what was sent: ${sent.summary} ${other.code} ${other.reason} would mean: ${other.summary}`,
  ];
}

const HOW_TO = /^(?:how (?:do|can|should|to)|what(?:'s| is)? (?:the )?best|which|what (?:codec|port|firewall|setting)|can (?:i|you|we)|should (?:i|we)|is it possible|recommend|best (?:way|practice)|configure|set ?up|install|tutorial|guide)\b|\b(?:how to|how do i|how can i|how should|which codec|what codec|best codec|configure|configuration|set up|setup|install|tutorial)\b/i;
/** A how-to that mentions a failure ("how do I stop getting forbidden") is still about a response. */
const FAILURE_WORDS = /\b(?:fail\w*|error\w*|reject\w*|drop\w*|busy|forbidden|declin\w*|denied|not found|unavailable|timeout|timed out|refus\w*|unauthori[sz]ed|not acceptable|respon\w*|returns?)\b/i;
const NOT_SIP =
  'This is not a SIP response question: no response code answers it. I explain SIP response codes (603, "486 vs 600", 6xx), Q.850 causes, symptoms like one-way audio or calls dropping after 32 seconds, and pasted SIP logs or traces.';

export function toSymptomMatch(s: Symptom): SymptomMatch {
  return { id: s.id, name: s.name, summary: s.summary, means: s.means, codes: [...s.codes], causes: [...s.causes], checks: s.checks.map((c) => ({ ...c })), related: [...s.related] };
}

function outOfRange(n: NumberToken): string {
  if (n.value >= 700 && n.value <= 999) return `${n.raw} is outside the SIP range: response codes run from 100 to 699.`;
  return `${n.raw} is not a SIP response code: they are three digits, 100 to 699.`;
}

export function logAnswer(text: string, query: string): Answer {
  const report = explainLog(text);
  const identity = identityOfLog(text, report);
  const matches = report.codes.map((c) => {
    const r = getCode(c);
    return r ? toMatch(r) : unregisteredMatch(c, undefined);
  });
  return {
    intent: 'log',
    query,
    matches,
    understood: `A pasted log of ${report.lineCount} line(s): ${report.outcome}`,
    q850: report.q850,
    log: report,
    ...(identity ? { identity } : {}),
  };
}
