// Autocomplete suggestions for /sip query, from the real registry and from fixed records.
import { describe, expect, it } from 'vitest';
import { allCodes } from '../../../src/index.js';
import { suggestCodes } from '../../../adapters/discord/suggest.js';

const records = [
  { code: 480, reason: 'Temporarily Unavailable' },
  { code: 486, reason: 'Busy Here', aliases: ['user busy'] },
  { code: 488, reason: 'Not Acceptable Here', aliases: ['codec mismatch'] },
  { code: 600, reason: 'Busy Everywhere' },
  { code: 603, reason: 'Decline', variants: ['Declined'] },
  { code: 606, reason: 'Not Acceptable' },
];

describe('suggestCodes', () => {
  it('matches code prefixes: "48" → every 48x code in the registry, in order', () => {
    const choices = suggestCodes('48', allCodes());
    const expected = allCodes().filter((r) => String(r.code).startsWith('48'));
    expect(choices.map((c) => c.value)).toEqual(expected.slice(0, 25).map((r) => String(r.code)));
    expect(choices.find((c) => c.value === '486')?.name).toBe('486 Busy Here');
  });

  it('matches words of reason phrases, phrase starts first', () => {
    expect(suggestCodes('busy', records)).toEqual([
      { name: '486 Busy Here', value: '486' },
      { name: '600 Busy Everywhere', value: '600' },
    ]);
    expect(suggestCodes('not acc', records).map((c) => c.value)).toEqual(['488', '606']);
    expect(suggestCodes('declined', records).map((c) => c.value)).toEqual(['603']);
  });

  it('combines a code prefix and words, and reads "6xx" and "SIP/2.0 48"', () => {
    expect(suggestCodes('6 busy', records).map((c) => c.value)).toEqual(['600']);
    expect(suggestCodes('6xx', records).map((c) => c.value)).toEqual(['600', '603', '606']);
    expect(suggestCodes('SIP/2.0 48', records).map((c) => c.value)).toEqual(['480', '486', '488']);
  });

  it('falls back to aliases, showing why the code matched', () => {
    expect(suggestCodes('codec', records)).toEqual([{ name: '488 Not Acceptable Here (codec mismatch)', value: '488' }]);
  });

  it('offers the common incident codes for an empty box and the typed text when nothing matches', () => {
    const common = suggestCodes('', allCodes());
    expect(common.length).toBeGreaterThan(5);
    expect(common.length).toBeLessThanOrEqual(25);
    expect(common[0]!.value).toBe('486');
    expect(suggestCodes('calls drop after 30 minutes', records)).toEqual([{ name: 'Ask: calls drop after 30 minutes', value: 'calls drop after 30 minutes' }]);
  });

  it('never offers more than 25 choices or names over 100 characters', () => {
    for (const q of ['', '4', '5', 'a', 'e', 'not', '1', '7']) {
      const choices = suggestCodes(q, allCodes());
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.value.length).toBeLessThanOrEqual(100);
      }
    }
    const long = [{ code: 499, reason: 'R'.repeat(200) }];
    expect(suggestCodes('49', long)[0]!.name).toHaveLength(100);
  });

  it('answers a keystroke at the cost of a few plain scans of the registry, not more', () => {
    // Measured against a same-run baseline (a substring scan over every reason), never a fixed number of ms.
    const keys = ['4', '48', 'bu', 'not a', 'service'];
    const codes = allCodes();
    const time = (f: (q: string) => unknown) => {
      let best = Infinity;
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        for (let i = 0; i < 200; i++) f(keys[i % keys.length]!);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const baseline = time((q) => codes.filter((c) => `${c.code} ${c.reason} ${c.summary}`.toLowerCase().includes(q)));
    const suggest = time((q) => suggestCodes(q, codes));
    console.log(`[suggest] 200 keystrokes ${suggest.toFixed(1)} ms vs plain scans ${baseline.toFixed(1)} ms (${(suggest / baseline).toFixed(1)}x)`);
    expect(suggest / baseline).toBeLessThan(40);
  });
});
