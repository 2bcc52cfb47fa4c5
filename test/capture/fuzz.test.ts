// The hand-written block reader under random bytes and every truncation: never a throw, never a hang,
// and a cut capture never counts a packet it did not hold whole.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerCapture } from '../../src/index.js';
import { extractSip } from '../../src/capture/extract.js';
import { readRecords } from '../../src/capture/records.js';

const dir = new URL('../fixtures/captures/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const MAGICS = [
  [0xd4, 0xc3, 0xb2, 0xa1],
  [0xa1, 0xb2, 0xc3, 0xd4],
  [0x4d, 0x3c, 0xb2, 0xa1],
  [0x0a, 0x0d, 0x0d, 0x0a],
];

describe('capture reader robustness', () => {
  it('answers random bytes behind every magic number without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MAGICS), fc.uint8Array({ maxLength: 4096 }), (magic, rest) => {
        const bytes = new Uint8Array([...magic, ...rest]);
        const a = answerCapture(bytes);
        expect(['log', 'none']).toContain(a.intent);
        expect(typeof a.understood).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('survives random corruption of real captures', () => {
    const names = ['udp-ipv4-486.pcap', 'tcp-ipv4-486.pcapng', 'tcp-ipv6-cancel-487.pcap', 'udp-ipv6-cancel-487.pcapng'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), (name, edits) => {
        const bytes = fixture(name).slice();
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        const a = answerCapture(bytes);
        expect(a.intent).toMatch(/^(log|none)$/);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every truncation of a capture, counting only whole packets', () => {
    for (const name of ['udp-ipv4-486.pcap', 'udp-ipv6-cancel-487.pcapng', 'tcp-ipv4-486.pcapng']) {
      const whole = fixture(name);
      const full = readRecords(whole)!;
      let last = 0;
      let cuts = 0;
      for (let n = 0; n < whole.length; n++) {
        const rec = readRecords(whole.subarray(0, n));
        if (n < 4) {
          expect(rec).toBeNull();
          continue;
        }
        // Every packet counted is one of the file's, whole and byte for byte.
        // (Views into the same bytes: the same offset and length is the same packet.)
        rec!.packets.forEach((p, i) => {
          if (p.data.byteOffset !== full.packets[i]!.data.byteOffset || p.data.length !== full.packets[i]!.data.length) expect.fail(`${name} cut at ${n}: packet ${i} differs`);
        });
        expect(rec!.packets.length).toBeGreaterThanOrEqual(last);
        expect(rec!.packets.length).toBeLessThanOrEqual(full.packets.length);
        if (rec!.truncated) {
          cuts++;
          expect(rec!.problem).toMatch(/ends inside|cut short/);
        }
        if (n % 16 === 0) expect(extractSip(whole.subarray(0, n))!.packets).toBe(rec!.packets.length);
        last = rec!.packets.length;
      }
      expect(last).toBeGreaterThanOrEqual(full.packets.length - 1);
      // Only cuts that fall exactly between records read as whole files.
      expect(cuts).toBeGreaterThan(whole.length - 40);
    }
  });
});
