// Numbers in sentences: units and roles are not codes, a contradicting reason phrase wins, "wanted X,
// got Y" leads with what arrived, "why X and not Y" says which fits.
import { describe, expect, it } from 'vitest';
import { answer } from '../../src/index.js';
import { toReply } from '../../src/reply/build.js';

describe('numbers in sentences', () => {
  it.each(['Expires: 600', '120 seconds', 'port 5080', 'after 30 minutes', 'max 200 calls'])('%j has no code', (q) => {
    const a = answer(q);
    expect(a.matches).toEqual([]);
    expect(a.notices?.join(' ')).toMatch(/not a SIP response code/);
  });

  it('a cause number is a cause, not a code', () => {
    const a = answer('cause 47');
    expect(a.causes?.[0]?.cause).toBe(47);
    expect(a.matches[0]?.code).not.toBe(47);
  });

  it('"422 Request Terminated": the phrase belongs to 487 and wins, with a notice', () => {
    const a = answer('422 Request Terminated');
    expect(a.matches.map((m) => m.code)).toEqual([487, 422]);
    expect(a.notices?.join(' ')).toContain('"Request Terminated" is the reason phrase of 487, not 422');
    expect(toReply(a).text).toContain('487 Request Terminated');
    // A code with its own phrase is left alone.
    expect(answer('SIP/2.0 486 Busy Here').matches[0]!.code).toBe(486);
    expect(answer('606 Not Acceptable').matches[0]!.code).toBe(606);
  });

  it('"wanted 200, got 486" leads with what arrived', () => {
    const a = answer('wanted 200, got 486');
    expect(a.matches.map((m) => m.code)).toEqual([486, 200]);
    expect(a.notices?.join(' ')).toContain('what arrived is 486');
  });

  it('"why 603 and not 486?" says which was sent and what the other would mean', () => {
    const a = answer('why 603 and not 486?');
    expect(a.matches[0]!.code).toBe(603);
    expect(a.differences![0]).toMatch(/^603 Decline is what was sent/);
    const b = answer('why 603 and not 486 when the user is busy on another call?');
    expect(b.differences![0]).toMatch(/fits/);
  });
});
