import { describe, expect, it } from 'vitest';
import { countFitting, fitLines } from '../../../adapters/shared/fit.js';

describe('the shared fitter', () => {
  it('keeps the longest prefix of lines that fits with room for the note about the rest', () => {
    // 3 + 1 + 3 = 7, plus 2 reserved for "1 left" = 9 <= 10; the third line would need 11.
    expect(countFitting([3, 3, 3], 10, { sep: 1, reserve: (left) => (left ? 2 : 0) })).toBe(2);
    expect(countFitting([3, 3, 3], 11, { sep: 1, reserve: (left) => (left ? 2 : 0) })).toBe(3);
  });

  it('counts what is already spoken for and keeps nothing when the first line cannot fit', () => {
    expect(countFitting([3, 3], 10, { fixed: 8, reserve: () => 0 })).toBe(0);
    expect(countFitting([], 10, { reserve: () => 0 })).toBe(0);
  });

  it('says how many lines it left out and stays within the limit', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const out = fitLines(lines, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    const shown = out.split('\n').length - 1;
    expect(out.endsWith(`…and ${50 - shown} more lines left out.`)).toBe(true);
    expect(out.split('\n').slice(0, shown)).toEqual(lines.slice(0, shown));
    expect(fitLines(['a', 'b'], 100)).toBe('a\nb');
  });
});
