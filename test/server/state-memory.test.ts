import { expect, it } from 'vitest';
import { memoryState } from '../../server/state/memory.js';
it('memory store: dedupes within the TTL, limits per key with a Retry-After, parks values', async () => {
  const s = memoryState();
  const d = s.deduper('x', 1000);
  expect(await d.firstTime('a', 'b')).toBe(true);
  expect(await d.firstTime('b')).toBe(false);
  const l = s.limiter('y', 2, 60000);
  expect((await l.consume('k')).allowed).toBe(true);
  expect((await l.consume('k')).allowed).toBe(true);
  const r = await l.consume('k');
  expect(r.allowed).toBe(false); expect(r.retryAfterS).toBeGreaterThan(50);
  const p = s.parking('z', 1000); const id = await p.put('hello'); expect(await p.get(id)).toBe('hello');
});
