// Adversarial input: explainLog and looksLikeLog must finish quickly on anything (long digit runs, nested
// brackets, huge lines, binary and control characters, lone CR) and never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainLog, looksLikeLog } from '../../src/log/explain.js';
import { logReply } from '../../src/reply/log.js';

const MB = 1_000_000;

/** Fragments that poke at every recogniser: real prefixes, half-formats, separators. */
const fragment = fc.constantFrom(
  'SIP/2.0 ', 'SIP/2.0 486 Busy Here', 'INVITE sip:', ' SIP/2.0', '<--- Received SIP response (', ' bytes) from UDP:',
  'recv 12 bytes from udp/[', ']:5060 at 10:00:00.1:', 'UDP message received [', '] bytes :', 'entering state [', '][',
  'code=', ';reason=', 'ACC: ', 'Reason: ', 'Q.850;cause=', 'SIP;cause=', ';text="', 'Warning: 3', ' "', 'cause: ',
  'USER_BUSY', 'AST_CAUSE_', 'GWAPP_', 'Hangup ', ' [CS_', '-ERR ', 'HTTP/1.1 ', '"GET ', '"status":', '"sip_status":',
  ' -> ', ' → ', ' > ', 'U 1.2.3.4:5060 -> ', '..', 'Status: ', ' | ', '<----------', '---------->', '(477/SL)',
  'while expecting \'', 'Call flow for ', ' x ', 'qqqq>', '\r', '\n', '\r\n', '\t', '\u0000', '[', ']', '{', '}', '"',
  '9', '99999', ':', ';', '=', ' ', 'Via: ', 'CSeq: 1 INVITE', 'Call-ID: ', 'From: <sip:a@b>', 'To: <sip:c@d>',
);

const soup = fc.array(fc.oneof(fragment, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 400 }).map((a) => a.join(''));

/**
 * Milliseconds of CPU this process spent on one explain + looksLikeLog + reply. CPU time, not wall time:
 * other processes on a busy machine must not make a linear pass look slow (a backtracking blow-up would
 * still take seconds of CPU).
 */
function timed(text: string): number {
  const t0 = process.cpuUsage();
  const r = explainLog(text);
  looksLikeLog(text);
  logReply(r);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

describe('property: any input finishes quickly and never throws', () => {
  it('random soups of log fragments', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const ms = timed(text);
        const r = explainLog(text);
        expect(Array.isArray(r.codes)).toBe(true);
        for (const c of r.codes) expect(Number.isInteger(c) && c >= 100 && c <= 999).toBe(true);
        for (const q of r.q850) expect(q.cause >= 0 && q.cause <= 127).toBe(true);
        expect(ms).toBeLessThan(1000);
      }),
      { numRuns: 300 },
    );
  });

  it('one fragment repeated up to 1 MB (long runs, nested brackets, huge lines, lone CR)', () => {
    fc.assert(
      fc.property(fragment, fc.constantFrom('', '\n', ' ', '\r', '7', '['), (frag, sep) => {
        const unit = frag + sep;
        const text = unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
        expect(timed(text)).toBeLessThan(1000);
      }),
      { numRuns: 30 },
    );
  });

  it('pathological shapes at 1 MB', () => {
    const shapes = [
      '1'.repeat(MB),
      '['.repeat(MB / 2) + ']'.repeat(MB / 2),
      '\r'.repeat(MB),
      '\n'.repeat(MB),
      'SIP/2.0 486 Busy Here\n'.repeat(MB / 22),
      ('x'.repeat(5000) + '\n').repeat(MB / 5001),
      Array.from({ length: MB }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
      ('Reason: SIP;cause=' + '1'.repeat(300) + ';text="' + '"'.repeat(100) + '\n').repeat(2000),
      'U 1.2.3.4:5060 -> 5.6.7.8:5060\n' + ('  ' + 'SIP/2.0 1..'.repeat(6) + '\n').repeat(14_000),
      ('A_B'.repeat(1000) + '\n').repeat(330),
    ];
    for (const s of shapes) expect(timed(s)).toBeLessThan(1000);
  });
});
