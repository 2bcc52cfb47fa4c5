// Finds the symptoms a question describes ("one-way audio", "calls drop after 32 seconds"): each
// symptom's phrases are matched on word boundaries in the normalised question. Linear: one pass to
// normalise (capped), then indexOf per phrase. Pure; no platform code.
import { allSymptoms, type Symptom } from '../registry/symptoms.js';

/** Questions are one line; a symptom is named in the first few hundred characters. */
const MAX_READ = 600;

export interface SymptomHit {
  symptom: Symptom;
  /** words in the longest phrase that matched: longer phrases are more specific */
  words: number;
}

/** Lower case, apostrophes dropped ("can't" -> "cant"), every other non-alphanumeric run -> one space. */
export function normalise(text: string): string {
  return ` ${text.slice(0, MAX_READ).toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

let index: { symptom: Symptom; phrases: { norm: string; words: number; whole: boolean }[] }[] | undefined;

function build() {
  return allSymptoms().map((symptom) => ({
    symptom,
    // "=nat" names the symptom only when it is the whole question: "NAT" alone is a NAT question,
    // "NAT binding expired so the phone is unreachable" is about the phone (480).
    phrases: symptom.match.map((p) => {
      const whole = p.startsWith('=');
      const norm = normalise(whole ? p.slice(1) : p);
      return { norm, words: norm.trim().split(' ').length, whole };
    }),
  }));
}

/** Symptoms named in the text, most specific first (longest phrase), at most `limit`. */
export function findSymptoms(text: string, limit = 3): SymptomHit[] {
  index ??= build();
  const q = normalise(text);
  const hits: SymptomHit[] = [];
  for (const { symptom, phrases } of index) {
    let best = 0;
    for (const p of phrases) if (p.words > best && (p.whole ? q === p.norm : q.includes(p.norm))) best = p.words;
    if (best > 0) hits.push({ symptom, words: best });
  }
  return hits.sort((a, b) => b.words - a.words).slice(0, limit);
}
