// The adapter's bounded memories: deliveries already answered, and long questions behind Share.
import { describe, expect, it } from 'vitest';
import { ParkedQuestions, SeenKeys } from '../../../adapters/slack/memory.js';

describe('SeenKeys', () => {
  it('says first time once per key, and once for keys offered together', () => {
    const seen = new SeenKeys();
    expect(seen.firstTime('event:Ev1', 'message:C1:1.1')).toBe(true);
    expect(seen.firstTime('event:Ev1')).toBe(false);
    expect(seen.firstTime('event:Ev2', 'message:C1:1.1')).toBe(false);
    expect(seen.firstTime(undefined, 'message:C1:2.2')).toBe(true);
  });

  it('stays bounded and forgets old keys', () => {
    let now = 0;
    const seen = new SeenKeys(100, 1000, () => now);
    for (let i = 0; i < 1000; i++) seen.firstTime(`k${i}`);
    expect(seen.size).toBe(100);
    expect(seen.firstTime('k0')).toBe(true);
    now = 5000;
    expect(seen.firstTime('k999')).toBe(true);
    expect(seen.size).toBe(1);
  });
});

describe('ParkedQuestions', () => {
  it('keeps the newest questions, up to its bound', () => {
    const parked = new ParkedQuestions(2);
    const a = parked.park('a');
    const b = parked.park('b');
    const c = parked.park('c');
    expect(parked.get(a)).toBeUndefined();
    expect([parked.get(b), parked.get(c)]).toEqual(['b', 'c']);
  });
});
