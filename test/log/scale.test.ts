// What the fast paths of src/log must keep exactly: line splitting by the lazy reader, codes folded as they
// are found (counts, phrases and the outcome past the detail caps), and flows with thousands of participants.
import { describe, expect, it } from 'vitest';
import { explainLog, MAX_FINDINGS } from '../../src/log/explain.js';
import { buildFlow } from '../../src/log/flow.js';
import { LineReader, MAX_LINE, MAX_TEXT, splitLines } from '../../src/log/lines.js';
import type { Msg } from '../../src/log/scan.js';

/** The definition splitLines follows: CRLF, LF and lone CR end a line; no empty line after a final break. */
function reference(text: string): string[] {
  const parts = text.slice(0, MAX_TEXT).split(/\r\n|\r|\n/);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((l) => l.slice(0, MAX_LINE));
}

function cpuMs(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

describe('lines', () => {
  it('split like the reference on random mixes of CR, LF, CRLF and text', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const pieces = ['\r', '\n', '\r\n', '\n\r', 'a', 'bc', ' ', '\r\r', '\n\n', 'x'.repeat(MAX_LINE + 3)];
    for (let n = 0; n < 500; n++) {
      let text = '';
      const k = Math.floor(rnd() * 30);
      for (let i = 0; i < k; i++) text += pieces[Math.floor(rnd() * pieces.length)];
      expect(splitLines(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('peek shows the next line without moving, and count numbers the lines read', () => {
    const r = new LineReader('one\r\ntwo\rthree\n\nfive');
    expect(r.peek()).toBe('one');
    expect(r.next()).toBe('one');
    expect(r.peek()).toBe('two');
    expect(r.peek()).toBe('two');
    expect([r.next(), r.next(), r.next(), r.count]).toEqual(['two', 'three', '', 4]);
    expect([r.next(), r.peek(), r.next(), r.count]).toEqual(['five', null, null, 5]);
  });

  it('cap each line and the whole paste', () => {
    expect(splitLines(`${'y'.repeat(MAX_LINE * 2)}\nz`)).toEqual(['y'.repeat(MAX_LINE), 'z']);
    expect(splitLines('q\n'.repeat(MAX_TEXT)).length).toBe(MAX_TEXT / 2);
  });
});

describe('codes past the detail caps', () => {
  // pjsua prints a summary line, then the message: the message completes the summary's phrase.
  const block = (i: number) =>
    [
      `10:00:${String(i % 60).padStart(2, '0')}.000 pjsua_core.c  .RX 512 bytes Response msg 486/INVITE/cseq=${i} (rdata0x1) from UDP 203.0.113.5:5060:`,
      'SIP/2.0 486 Busy Here',
      'Via: SIP/2.0/UDP 198.51.100.7:5060',
      `CSeq: ${i} INVITE`,
      '',
    ].join('\n');

  it('exact counts, and phrases completed by the full message for every code, kept in detail or not', () => {
    const r = explainLog(Array.from({ length: 250 }, (_, i) => block(i)).join('\n'));
    expect(r.findingCount).toBe(250);
    expect(r.findings.length).toBe(MAX_FINDINGS);
    expect(r.truncated).toBe(true);
    expect(r.findings.every((f) => f.phrase === 'Busy Here')).toBe(true);
    const s = r.summary[0];
    expect([s?.code, s?.count, s?.firstLine, s?.lastLine, s?.phrases, s?.phraseCheck]).toEqual([486, 250, 1, 1246, ['Busy Here'], 'match']);
    expect(r.outcome).toBe('250 SIP codes found (486 ×250); last final 486 Busy Here from 203.0.113.5:5060 (line 1246)');
  });

  it('sipp: the response one line before or after "while expecting", the first one in order', () => {
    const expecting = "Aborting call on unexpected message: while expecting '183' (index 1)";
    const received = 'sipp expected 183 but received 480 Temporarily Unavailable: the call was aborted';
    expect(explainLog(['SIP/2.0 480 Temporarily Unavailable', expecting].join('\n')).outcome).toBe(received);
    expect(explainLog([expecting, 'SIP/2.0 480 Temporarily Unavailable'].join('\n')).outcome).toBe(received);
    expect(explainLog(['SIP/2.0 180 Ringing', 'SIP/2.0 480 Temporarily Unavailable', expecting].join('\n')).outcome).toBe(received);
    // Two lines away is not what it got.
    expect(explainLog([expecting, 'x', 'SIP/2.0 480 Temporarily Unavailable'].join('\n')).outcome).toBe(
      'final 480 Temporarily Unavailable (line 3)',
    );
  });
});

describe('flows', () => {
  it('thousands of participants stay linear', () => {
    const msgs: Msg[] = [];
    for (let i = 0; i < 5000; i++) {
      msgs.push({ line: i + 1, kind: i % 2 ? 'response' : 'request', method: i % 2 ? undefined : 'INVITE', code: i % 2 ? 486 : undefined, src: `10.0.${i >> 8}.${i & 255}:5060`, dst: `11.0.${i >> 8}.${i & 255}:5060` });
    }
    let participants = 0;
    // An indexOf per message took about a second here; a Map takes a few milliseconds.
    const ms = cpuMs(() => {
      participants = buildFlow(msgs, () => 'Busy Here')?.flow.participants.length ?? 0;
    });
    expect(participants).toBe(10_000);
    expect(ms).toBeLessThan(300);
  });
});
