// Autocomplete for /sip query: codes by prefix ("48" → 480..489, "4xx") and by words of their
// reason phrases ("busy", "not acc"), then by aliases ("codec" → 488). Pure: the registry records are
// passed in, so it is tested without the core.
import { plainText, clip } from './escape.js';
import { MAX_CHOICE_NAME, MAX_CHOICE_VALUE, MAX_CHOICES } from './limits.js';

export interface Suggestible {
  code: number;
  reason: string;
  variants?: readonly string[];
  aliases?: readonly string[];
}

export interface Choice {
  name: string;
  value: string;
}

/** What an empty box offers: the codes people look up most during incidents. */
const COMMON = [486, 487, 480, 404, 408, 488, 603, 503, 500, 403, 401, 407, 481, 484, 502, 504, 183, 180, 200, 600, 604, 606, 415, 422, 491];

const words = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

function choice(r: Suggestible, via?: string): Choice {
  const name = via ? `${r.code} ${r.reason} (${via})` : `${r.code} ${r.reason}`;
  return { name: clip(plainText(name), MAX_CHOICE_NAME), value: String(r.code) };
}

/** Every query token matches: digits (or 4xx / 48x) as a code prefix, letters as a word prefix in `text`. */
function matches(code: number, text: string[], numbers: string[], letters: string[]): boolean {
  const c = String(code);
  if (!numbers.every((n) => c.startsWith(n))) return false;
  return letters.every((l) => text.some((w) => w.startsWith(l)));
}

interface Indexed {
  r: Suggestible;
  reasonLower: string;
  reasonWords: string[];
  aliasWords: string[][];
}

/** Words of every record, computed once per registry array: autocomplete runs on every keystroke. */
const indexes = new WeakMap<readonly Suggestible[], Indexed[]>();

function indexOf(records: readonly Suggestible[]): Indexed[] {
  let index = indexes.get(records);
  if (!index) {
    index = records.map((r) => ({
      r,
      reasonLower: r.reason.toLowerCase(),
      reasonWords: [...words(r.reason), ...(r.variants ?? []).flatMap(words)],
      aliasWords: (r.aliases ?? []).map(words),
    }));
    indexes.set(records, index);
  }
  return index;
}

export function suggestCodes(input: string, records: readonly Suggestible[], max = MAX_CHOICES): Choice[] {
  const q = input.trim().toLowerCase().replace(/^sip\/2\.0\s+/, '');
  const limit = Math.min(max, MAX_CHOICES);
  if (!q) {
    const byCode = new Map(records.map((r) => [r.code, r]));
    const common = COMMON.map((c) => byCode.get(c)).filter((r): r is Suggestible => !!r);
    return common.slice(0, limit).map((r) => choice(r));
  }
  const tokens = q.split(/[^a-z0-9]+/).filter(Boolean).filter((t) => t !== 'sip');
  const numbers = tokens.filter((t) => /^\d[\dx]*$/.test(t)).map((t) => t.replace(/x+$/, '')).filter((t) => !/x/.test(t));
  const letters = tokens.filter((t) => !/^\d[\dx]*$/.test(t));

  const seen = new Set<number>();
  const ranked: { rank: number; code: number; choice: Choice }[] = [];
  const index = indexOf(records);
  for (const x of index) {
    if (matches(x.r.code, x.reasonWords, numbers, letters)) {
      const starts = letters.length > 0 && x.reasonLower.startsWith(letters.join(' '));
      ranked.push({ rank: starts ? 0 : 1, code: x.r.code, choice: choice(x.r) });
      seen.add(x.r.code);
    }
  }
  if (letters.length) {
    for (const x of index) {
      if (seen.has(x.r.code)) continue;
      const i = x.aliasWords.findIndex((w) => matches(x.r.code, w, numbers, letters));
      if (i >= 0) ranked.push({ rank: 2, code: x.r.code, choice: choice(x.r, x.r.aliases![i]) });
    }
  }
  ranked.sort((a, b) => a.rank - b.rank || a.code - b.code);
  const out = ranked.slice(0, limit).map((x) => x.choice);
  // Nothing matched: offer the text itself, so a symptom ("calls drop after 30 minutes") is one click away.
  if (!out.length && input.trim().length <= MAX_CHOICE_VALUE) {
    out.push({ name: clip(plainText(`Ask: ${input.trim()}`), MAX_CHOICE_NAME), value: input.trim() });
  }
  return out;
}
