// Phrase search over the registry: ranks codes for a symptom, a reason phrase or a question in ops
// words. Exact phrase and alias hits first, then weighted words (idf-scaled), with fuse.js correcting
// typos against the index vocabulary and matching short queries against phrases fuzzily. A cut-off
// turns nonsense into "no match" instead of noise. Pure; built once, lazily.
import Fuse from 'fuse.js';
import { allCodes, type SipCode } from '../registry/index.js';
import { isFiller, stem, words } from './text.js';
import { editDistance } from './distance.js';

/** How much a query word counts when found in each field of a record. */
const FIELD_WEIGHTS = {
  reason: 4,
  alias: 3,
  summary: 1.4,
  explanation: 0.7,
  causes: 0.9,
  checks: 0.35,
} as const;
type FieldName = keyof typeof FIELD_WEIGHTS;

/** A phrase hit (reason, variant or alias fully present in the question) outweighs loose words. */
const PHRASE_WEIGHT = 3.5;
/** Non-standard codes (stack internals, stats buckets) rank below registered ones for the same words. */
const STATUS_FACTOR: Record<SipCode['status'], number> = {
  current: 1,
  deprecated: 0.85,
  reserved: 0.6,
  historic: 0.75,
  nonstandard: 0.5,
};

/** Ops vocabulary that users type for the words the registry uses. Expansions count a little less. */
const SYNONYMS = new Map<string, string[]>(Object.entries({
  hangup: ['cancel'],
  hung: ['cancel'],
  hang: ['cancel'],
  abandon: ['cancel'],
  engag: ['busy'],
  refus: ['declin', 'reject'],
  deni: ['forbidden', 'reject'],
  deny: ['forbidden', 'reject'],
  denied: ['forbidden'],
  block: ['reject'],
  offlin: ['unavailabl'],
  unreachabl: ['unavailabl'],
  dnd: ['disturb'],
  password: ['auth', 'credential'],
  credential: ['auth'],
  login: ['auth', 'regist'],
  unauthoris: ['unauthoriz'],
  authentication: ['auth'],
  authent: ['auth'],
  codec: ['media', 'sdp'],
  audio: ['media'],
  overload: ['unavailabl', 'capacity'],
  capacity: ['overload'],
  throttl: ['rate', 'limit'],
  timeout: ['timeout', 'time'],
  loop: ['loop'],
  spam: ['unwant', 'robocall'],
  robocall: ['unwant', 'spam'],
  scam: ['unwant', 'spam'],
  telemarket: ['unwant', 'spam'],
  nuisanc: ['unwant'],
  moved: ['redirect'],
  disconnect: ['drop'],
  drop: ['disconnect'],
  cut: ['drop'],
  forward: ['redirect'],
  nonexist: ['exist'],
  unknown: ['exist', 'found'],
  invalid: ['bad'],
  malform: ['bad'],
  wrong: ['bad'],
  crash: ['internal'],
  bug: ['internal'],
  big: ['larg'],
  huge: ['larg'],
  long: ['larg'],
  short: ['brief', 'small'],
}));

interface Phrase {
  code: number;
  text: string;
  stems: string[];
  kind: 'reason' | 'alias';
}

interface Doc {
  record: SipCode;
  /** best field weight per stem */
  weights: Map<string, number>;
}

interface Index {
  docs: Doc[];
  byCode: Map<number, SipCode>;
  idf: Map<string, number>;
  phrases: Phrase[];
  phraseFuse: Fuse<Phrase>;
  vocabulary: Set<string>;
  /** Vocabulary words by first letter: typos rarely hit the first letter, and small indexes are fast. */
  wordFuse: Map<string, Fuse<string>>;
}

let index: Index | undefined;

function buildIndex(): Index {
  const docs: Doc[] = [];
  const df = new Map<string, number>();
  const phrases: Phrase[] = [];
  const surface = new Set<string>();

  for (const record of allCodes()) {
    const weights = new Map<string, number>();
    const add = (text: string, field: FieldName) => {
      for (const w of words(text)) {
        if (/^\d+$/.test(w)) continue;
        surface.add(w);
        const s = stem(w);
        const weight = FIELD_WEIGHTS[field];
        if ((weights.get(s) ?? 0) < weight) weights.set(s, weight);
      }
    };
    add(record.reason, 'reason');
    record.variants.forEach((v) => add(v, 'reason'));
    record.aliases.forEach((a) => add(a, 'alias'));
    add(record.summary, 'summary');
    add(record.explanation, 'explanation');
    record.causes.forEach((c) => add(c, 'causes'));
    record.checks.forEach((c) => add(c, 'checks'));
    for (const s of weights.keys()) df.set(s, (df.get(s) ?? 0) + 1);
    docs.push({ record, weights });

    const addPhrase = (text: string, kind: Phrase['kind']) => {
      const st = words(text).map(stem);
      if (st.length) phrases.push({ code: record.code, text, stems: st, kind });
    };
    addPhrase(record.reason, 'reason');
    record.variants.forEach((v) => addPhrase(v, 'reason'));
    record.aliases.forEach((a) => addPhrase(a, 'alias'));
  }

  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [s, count] of df) idf.set(s, Math.log(1 + n / count));

  const phraseFuse = new Fuse(phrases, {
    keys: ['text'],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.3,
    minMatchCharLength: 3,
  });
  const vocabulary = new Set(df.keys());
  const byLetter = new Map<string, string[]>();
  for (const w of surface) if (w.length >= 4 && !/\d/.test(w)) byLetter.set(w[0]!, [...(byLetter.get(w[0]!) ?? []), w]);
  const wordFuse = new Map([...byLetter].map(([letter, list]) => [letter, new Fuse(list, { includeScore: true, threshold: 0.5, ignoreLocation: true })]));
  const byCode = new Map(docs.map((d) => [d.record.code, d.record]));
  return { docs, byCode, idf, phrases, phraseFuse, vocabulary, wordFuse };
}

function getIndex(): Index {
  index ??= buildIndex();
  return index;
}

export interface SearchHit {
  record: SipCode;
  score: number;
  /** 0..1: the share of the question's meaningful words this code explains, scaled by its lead. */
  confidence: number;
  /** The phrase or words that matched, for "matched 'codec mismatch'". */
  matched: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  confidence: 'high' | 'medium' | 'low';
  /** Words of the question after filler removal and typo correction. */
  terms: string[];
  /** Typos that were corrected, as "tempoarily → temporarily". */
  corrections: string[];
}

/** Longest word that is fuzzy-matched: no real word is longer, and bitap/edit distance grow with length (a 500-letter word cost 140-300 ms). */
const MAX_FUZZY_WORD = 24;

const EMPTY: SearchResult = { hits: [], confidence: 'low', terms: [], corrections: [] };

/** Ranks registry codes for free text. Returns no hits when nothing in the text points at a code. */
export function searchPhrases(text: string, limit = 5): SearchResult {
  const idx = getIndex();
  const rawWords = words(text.slice(0, 500)).slice(0, 60);
  if (rawWords.length === 0) return EMPTY;

  // Typo correction: a word the index does not know is replaced by its nearest vocabulary word.
  const corrections: string[] = [];
  const corrected = rawWords.map((w) => {
    if (isFiller(w) || /\d/.test(w) || w.length < 5 || w.length > MAX_FUZZY_WORD || idx.vocabulary.has(stem(w))) return w;
    // fuse.js proposes candidates; an edit-distance bound keeps only true near-misses (it would
    // otherwise accept a word found inside a longer one).
    const allowed = w.length >= 8 ? 2 : 1;
    let best: { word: string; d: number } | undefined;
    for (const r of idx.wordFuse.get(w[0]!)?.search(w, { limit: 8 }) ?? []) {
      const d = editDistance(w, r.item, allowed);
      if (d <= allowed && (!best || d < best.d)) best = { word: r.item, d };
    }
    if (best) {
      corrections.push(`${w} → ${best.word}`);
      return best.word;
    }
    return w;
  });

  const allStems = corrected.map(stem);
  const allStemSet = new Set(allStems);
  const content = [...new Set(corrected.filter((w) => w.length > 1 && !isFiller(w) && !/^\d+$/.test(w)).map(stem))];
  const expansions = new Map<string, number>();
  for (const s of content) for (const e of SYNONYMS.get(s) ?? []) if (!content.includes(e)) expansions.set(e, 0.6);

  // Words the index has never seen count against coverage as if they were rare: "the weather is
  // nice today" must not match a code because "today" appears in one explanation.
  const unseenIdf = Math.log(1 + idx.docs.length) * 0.5;
  const totalIdf = content.reduce((sum, s) => sum + (idx.idf.get(s) ?? unseenIdf), 0);

  const scores = new Map<number, { score: number; covered: number; matched: Set<string>; phrase: boolean; strong: boolean }>();
  const entry = (code: number) => {
    let e = scores.get(code);
    if (!e) scores.set(code, (e = { score: 0, covered: 0, matched: new Set(), phrase: false, strong: false }));
    return e;
  };

  // 1. Whole phrases (reason, variants, aliases) present in the question.
  for (const p of idx.phrases) {
    const meaningful = p.stems.filter((s) => !isFiller(s));
    if (meaningful.length === 0 && p.stems.length < 2) continue;
    const present = p.stems.filter((s) => allStemSet.has(s)).length;
    const weight = p.stems.reduce((sum, s) => sum + (idx.idf.get(s) ?? 0.5), 0);
    const e = entry(p.code);
    if (present < p.stems.length) {
      // Most of a longer phrase ("server error" for "Internal Server Error") still counts, a little.
      const share = present / p.stems.length;
      if (p.stems.length >= 3 && present >= 2 && share >= 0.6) e.score += PHRASE_WEIGHT * weight * share * share * 0.4;
      continue;
    }
    const exact = p.stems.length === allStems.length || p.stems.length === content.length;
    e.score += PHRASE_WEIGHT * weight * (exact ? 2 : 1) * (p.kind === 'reason' ? 1.1 : 1);
    e.phrase = true;
    e.matched.add(p.text);
  }

  // 2. Short questions: fuzzy phrase match for misspelt phrases the word pass could not fix (only
  // then: bitap over every phrase is the costliest step of a search).
  const phraseFound = [...scores.values()].some((e) => e.phrase);
  const unknownWord = content.some((s) => !idx.vocabulary.has(s));
  if (content.length > 0 && content.length <= 4 && !phraseFound && unknownWord) {
    const q = corrected.filter((w) => !isFiller(w) && w.length <= MAX_FUZZY_WORD).join(' ');
    for (const r of idx.phraseFuse.search(q, { limit: 8 })) {
      const closeness = 1 - (r.score ?? 1);
      if (closeness < 0.7) continue;
      const e = entry(r.item.code);
      e.score += PHRASE_WEIGHT * closeness * Math.min(totalIdf, 6) * 0.5;
      e.matched.add(r.item.text);
    }
  }

  // 3. Loose words, weighted by field and rarity.
  for (const doc of idx.docs) {
    let covered = 0;
    let score = 0;
    let strong = false;
    const matched: string[] = [];
    for (const s of content) {
      const w = doc.weights.get(s);
      if (w === undefined) continue;
      const i = idx.idf.get(s) ?? 0;
      score += w * i;
      covered += i;
      matched.push(s);
      if (w >= FIELD_WEIGHTS.summary) strong = true;
    }
    for (const [s, factor] of expansions) {
      const w = doc.weights.get(s);
      if (w !== undefined) score += w * (idx.idf.get(s) ?? 0) * factor;
    }
    if (score === 0) continue;
    const e = entry(doc.record.code);
    e.score += score;
    e.covered = covered;
    e.strong = strong;
    matched.forEach((m) => e.matched.add(m));
  }

  const ranked = [...scores.entries()]
    .map(([code, e]) => {
      const record = idx.byCode.get(code)!;
      const coverage = totalIdf > 0 ? e.covered / totalIdf : e.phrase ? 1 : 0;
      return { record, score: e.score * STATUS_FACTOR[record.status], coverage, phrase: e.phrase, strong: e.strong, matched: [...e.matched] };
    })
    // The cut-off: a code must hold a whole phrase, or explain a fair share of the meaningful words
    // with at least one of them in its reason, aliases or summary (not only deep in the explanation).
    .filter((h) => h.phrase || (h.coverage >= 0.34 && h.strong))
    .sort((a, b) => b.score - a.score || a.record.code - b.record.code);

  if (ranked.length === 0) return { ...EMPTY, terms: content, corrections };

  const top = ranked[0]!;
  const second = ranked[1];
  const margin = second ? (top.score - second.score) / top.score : 1;
  let confidence: SearchResult['confidence'];
  if ((top.phrase && top.coverage >= 0.6 && margin >= 0.15) || (top.coverage >= 0.8 && margin >= 0.3 && corrections.length === 0)) confidence = 'high';
  else if (top.coverage >= 0.5 || top.phrase) confidence = 'medium';
  else confidence = 'low';

  const hits = ranked.slice(0, limit).map((h) => ({
    record: h.record,
    score: h.score,
    confidence: Math.round(Math.min(1, h.coverage) * (h.score / top.score) * 100) / 100,
    matched: h.matched.slice(0, 4),
  }));
  return { hits, confidence, terms: content, corrections };
}
