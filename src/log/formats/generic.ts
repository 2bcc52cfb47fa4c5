// The generic evidence layer: reads a number in 100-699 on a log line that no format claimed, and takes it
// for a SIP status only when the cues around it (data/log-cues.json) score high enough and no veto applies:
// its own reason phrase before or after it, a status word or key just before it, a SIP context. When cues
// disagree (the phrase next to it is another code's) it says nothing. Pure; every regex is bounded.
import { z } from 'zod';
import cuesRaw from '../../../data/log-cues.json' with { type: 'json' };
import { parseData } from '../../causes/data.js';

const word = z.string().regex(/^[a-z0-9%-]{1,20}$/);
export const cueFileSchema = z
  .object({
    about: z.string().min(3),
    threshold: z.number().int().min(2).max(10),
    weights: z
      .object({ phrase: z.number(), statusWord: z.number(), sipKey: z.number(), statusKey: z.number(), sipColumn: z.number(), statusColumn: z.number(), sipContext: z.number() })
      .strict(),
    statusWords: z.array(word).min(1),
    statusWordsAlone: z.array(z.string().regex(/^[a-z]{2,20} [a-z]{2,20}$/)),
    sipKeyParts: z.array(word).min(1),
    statusKeys: z.array(z.string().regex(/^[a-z0-9]{2,40}$/)).min(1),
    vetoWords: z.array(word).min(1),
    vetoUnits: z.array(word).min(1),
    sipContextWords: z.array(word).min(1),
  })
  .strict();
export type CueFile = z.infer<typeof cueFileSchema>;

export const cues: CueFile = parseData('data/log-cues.json', cueFileSchema, cuesRaw);
const statusWords = new Set(cues.statusWords);
const statusPairs = new Set(cues.statusWordsAlone);
const statusKeys = new Set(cues.statusKeys);
const vetoWords = new Set(cues.vetoWords);
const vetoUnits = new Set(cues.vetoUnits);
const sipKeyParts = cues.sipKeyParts;
const W = cues.weights;

export interface PhraseOracle {
  /** The prefix of `s` that is `code`'s registry reason or a variant, or null. */
  after(code: number, s: string): string | null;
  /** True when `s` ends with `code`'s reason or a variant. */
  before(code: number, s: string): boolean;
  /** Another code whose reason `s` starts with (a disagreement), or null. */
  other(code: number, s: string): number | null;
}

export interface Evidence {
  code: number;
  phrase: string | null;
  score: number;
}

const CANDIDATE_RE = /(?<![A-Za-z0-9_.\-/#@$])([1-6]\d\d)(?![A-Za-z0-9_]|[.,:]\d)/g;
const KEY_RE = /([A-Za-z][A-Za-z0-9_.-]{0,48})["']?\s{0,3}(?:=|:|=>)\s{0,3}["'[]?\s{0,2}$/;
const WORDS_RE = /([A-Za-z][A-Za-z0-9]{0,30})[^A-Za-z0-9]{0,4}$/;
const TWO_WORDS_RE = /([A-Za-z]{2,20})\s{1,3}([A-Za-z]{2,20})[\s:=#"'([]{0,4}$/;
const UNIT_RE = /^[\])"']?\s{0,2}(%|[A-Za-z]{1,10})\b/;
/** A length or frame column before a message summary: tshark's "SIP 340 Request: ACK sip:...". */
const SUMMARY_AFTER_RE = /^\s{1,4}(?:Request|Status|Response)\b|^\s{1,4}(?:INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|PRACK|SUBSCRIBE|NOTIFY|PUBLISH|INFO|REFER|MESSAGE|UPDATE)\s/;
const FILE_RE = /\.(?:c|h|cc|cpp|hpp|js|ts|py|go|java|rs|lua|pl|php|rb|cs|erl|ex):$/;
const STATUS_AFTER_RE = /^(?:response|responses|reply|replies|final|status)\b/i;
const CAUSE_RE = /(?:cause|q\.?850)[\s:=#"'(]{0,4}$/i;
const AFTER_SKIP_RE = /^[\s"'\])}:,-]{0,4}/;
const BEFORE_SKIP_RE = /[\s"'([{:=,-]{0,4}$/;
const SIP_CTX_RE = /\bsip\b|invite|register|\bbye\b|cancel|\btrunk|gateway|\bcall\b|call-?id|proxy|\bsbc\b|pjsip|sofia/i;

/** Splits a key (sipResponseCode, sip_status, X-Final-Status, hangup.sip.code) into lower-case parts. */
function keyParts(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

type KeyKind = 'sip' | 'status' | 'veto' | null;
const keyCache = new Map<string, KeyKind>();
function keyKind(key: string): KeyKind {
  const hit = keyCache.get(key);
  if (hit !== undefined) return hit;
  const parts = keyParts(key);
  const last = parts[parts.length - 1] ?? '';
  let k: KeyKind = null;
  if (vetoWords.has(last) || (parts.length > 1 && vetoWords.has(parts[parts.length - 2] ?? '') && !sipKeyParts.includes(last))) k = 'veto';
  else if (parts.includes('sip') && parts.some((p) => sipKeyParts.includes(p))) k = 'sip';
  else if (statusKeys.has(parts.join(''))) k = 'status';
  if (keyCache.size < 2000) keyCache.set(key, k);
  return k;
}

/**
 * Codes on one unclaimed line. `sipPaste`: the paste as a whole is SIP (adds the context cue to every line).
 */
export function findEvidence(line: string, sipPaste: boolean, oracle: PhraseOracle): Evidence[] {
  const s = line.length > 1024 ? line.slice(0, 1024) : line;
  let out: Evidence[] | null = null;
  let ctx: boolean | undefined;
  for (const m of s.matchAll(CANDIDATE_RE)) {
    const code = Number(m[1]);
    const i = m.index;
    const before = s.slice(Math.max(0, i - 48), i);
    const after = s.slice(i + 3, i + 83);
    // Vetoes: quantities, positions, versions, causes.
    if (/\d[.:]$/.test(before) || FILE_RE.test(before) || CAUSE_RE.test(before)) continue;
    const unit = UNIT_RE.exec(after);
    if (unit && vetoUnits.has((unit[1] as string).toLowerCase())) continue;
    if (SUMMARY_AFTER_RE.test(after)) continue;
    let score = 0;
    let phrase: string | null = null;
    const key = KEY_RE.exec(before);
    if (key) {
      const kind = keyKind(key[1] as string);
      if (kind === 'veto') continue;
      if (kind === 'sip') score += W.sipKey;
      else if (kind === 'status') score += W.statusKey;
    } else {
      const w = WORDS_RE.exec(before);
      const last = w ? (w[1] as string).toLowerCase() : '';
      if (vetoWords.has(last)) continue;
      const two = TWO_WORDS_RE.exec(before);
      if (two && statusPairs.has(`${(two[1] as string).toLowerCase()} ${(two[2] as string).toLowerCase()}`)) score += W.statusWord + 1;
      else if (statusWords.has(last)) score += W.statusWord;
    }
    const rest = after.slice((AFTER_SKIP_RE.exec(after)?.[0].length ?? 0));
    // "for 407 response", "a 486 reply": the status word after the number.
    if (score === 0 && STATUS_AFTER_RE.test(rest)) score += W.statusWord;
    const p = oracle.after(code, rest);
    if (p) {
      score += W.phrase;
      phrase = p;
    } else {
      if (oracle.other(code, rest) !== null) continue; // "486 Not Found": the cues disagree
      const head = before.slice(0, before.length - (BEFORE_SKIP_RE.exec(before)?.[0].length ?? 0));
      if (head.length > 0 && oracle.before(code, head)) score += W.phrase;
    }
    if (score > 0 && score < cues.threshold) {
      ctx ??= sipPaste || SIP_CTX_RE.test(s);
      if (ctx) score += W.sipContext;
    }
    if (score >= cues.threshold) (out ??= []).push({ code, phrase, score });
  }
  return out ?? [];
}

/** A CSV/TSV export: the columns of its header row that name a SIP status, and how strongly. */
export interface CsvHeader {
  sep: string;
  cells: number;
  columns: { index: number; weight: number }[];
}

const SEPS = [',', '\t', ';', '|'];

export function splitCells(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  const n = Math.min(line.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = line[i] as string;
    if (c === '"') q = !q;
    else if (c === sep && !q) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** A header row with at least three name-like cells, one of which names a SIP status. */
export function csvHeader(line: string): CsvHeader | null {
  for (const sep of SEPS) {
    if (!line.includes(sep)) continue;
    const cells = splitCells(line, sep);
    if (cells.length < 3 || cells.length > 200) continue;
    if (!cells.every((c) => /^[A-Za-z][\w .\-/()]{0,60}$/.test(c))) continue;
    const columns: CsvHeader['columns'] = [];
    cells.forEach((c, index) => {
      const kind = keyKind(c);
      if (kind === 'sip') columns.push({ index, weight: W.sipColumn });
      else if (kind === 'status') columns.push({ index, weight: W.statusColumn });
    });
    if (columns.length) return { sep, cells: cells.length, columns };
  }
  return null;
}

/** Codes in a data row of a CSV export whose header is `h`. */
export function csvRow(line: string, h: CsvHeader, sipPaste: boolean): number[] {
  if (!line.includes(h.sep)) return [];
  const cells = splitCells(line, h.sep);
  if (cells.length !== h.cells) return [];
  const out: number[] = [];
  for (const col of h.columns) {
    const v = cells[col.index] ?? '';
    if (!/^[1-6]\d\d$/.test(v)) continue;
    if (col.weight + (sipPaste ? W.sipContext : 0) >= cues.threshold) out.push(Number(v));
  }
  return out;
}
