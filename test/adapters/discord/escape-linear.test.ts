// Issue 9: the Discord escaper reads user text (quoted questions, pasted logs), so each of its
// regexes must stay linear: a long run of blank lines or of spaces costs what plain text costs.
import { expect, it } from 'vitest';
import { clip, escapeText } from '../../../adapters/discord/escape.js';

function best(f: () => unknown): number {
  let t = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    f();
    t = Math.min(t, performance.now() - start);
  }
  return t;
}

it('escapes 100 KB of blank lines or spaces at the cost of 100 KB of plain words', () => {
  const plain = 'word '.repeat(20_000);
  const baseline = best(() => escapeText(plain));
  for (const shape of ['\n'.repeat(100_000) + '>', ' \n'.repeat(50_000) + '-#', ' '.repeat(100_000) + 'x']) {
    const t = best(() => escapeText(shape));
    expect(t, `${JSON.stringify(shape.slice(0, 4))}…: ${t.toFixed(1)} ms vs ${baseline.toFixed(1)} ms`).toBeLessThan(20 * baseline + 20);
  }
  expect(escapeText('\n\n  > quoted')).toBe('\n\n  \\> quoted');
});

it('clips a long run of spaces or backslashes without rescanning it', () => {
  const spaces = 'a' + ' '.repeat(200_000) + 'b';
  const baseline = best(() => clip('a'.repeat(200_002), 200_000));
  expect(best(() => clip(spaces, 200_000))).toBeLessThan(20 * baseline + 20);
  expect(clip('abc\\\\\\def', 7)).toBe('abc\\\\…');
  expect(clip('abc   def', 7)).toBe('abc…');
});
