// Real captures made on the loopback interface with sipp, tcpdump and dumpcap (test/fixtures/captures/make.sh).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answer, answerCapture, isCapture, toReply } from '../../src/index.js';

const dir = new URL('../fixtures/captures/', import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const codes = (name: string) => answerCapture(bytes(name)).matches.map((m) => m.code);

describe('real captures', () => {
  it('explains a UDP IPv4 pcap of a 486 call with its real times and addresses', () => {
    const a = answerCapture(bytes('udp-ipv4-486.pcap'));
    expect(a.intent).toBe('log');
    expect(a.matches.map((m) => m.code)).toEqual([100, 180, 486]);
    expect(a.log?.capture).toEqual({ format: 'pcap', packets: 5, sipMessages: 5, truncated: false });
    expect(a.log?.flow?.participants).toEqual(['127.0.0.1:15271', '127.0.0.1:15270']);
    // tshark -r udp-ipv4-486.pcap -T fields -e frame.time_epoch: 1796214705.234789 is 12:31:45.234789 UTC.
    expect(a.log?.flow?.messages[0]?.time).toBeCloseTo(12 * 3600 + 31 * 60 + 45.234789, 5);
    expect(a.log?.flow?.diagnosis).toMatch(/^486 Busy Here from 127\.0\.0\.1:15270 after 0\.5 s of ringing/);
    expect(a.understood).toMatch(/^A pcap capture of 5 packets holding 5 SIP messages: final 486 Busy Here/);
  });

  it('reads the CANCEL call over UDP on IPv6 from a pcapng, codes in the order their responses start', () => {
    const a = answerCapture(bytes('udp-ipv6-cancel-487.pcapng'));
    expect(a.matches.map((m) => m.code)).toEqual([100, 183, 200, 487]);
    expect(a.log?.capture).toEqual({ format: 'pcapng', packets: 7, sipMessages: 7, truncated: false });
    expect(a.log?.flow?.participants).toEqual(['[::1]:15271', '[::1]:15270']);
    expect(a.log?.outcome).toMatch(/487 after CANCEL: the caller hung up before answer/);
  });

  it('reassembles SIP over TCP (IPv4 pcapng and IPv6 nanosecond pcap), ignoring the bare ACK segments', () => {
    const t4 = answerCapture(bytes('tcp-ipv4-486.pcapng'));
    expect(t4.matches.map((m) => m.code)).toEqual([100, 180, 486]);
    expect(t4.log?.capture).toEqual({ format: 'pcapng', packets: 15, sipMessages: 5, truncated: false });
    const t6 = answerCapture(bytes('tcp-ipv6-cancel-487.pcap'));
    expect(t6.matches.map((m) => m.code)).toEqual([100, 183, 200, 487]);
    expect(t6.log?.capture).toMatchObject({ format: 'pcap', sipMessages: 7 });
    // Nanosecond file: 12:31:56.174681 (microseconds shown; tshark prints 12:31:56.174681xxx).
    expect(t6.log?.flow?.messages[0]?.time).toBeCloseTo(12 * 3600 + 31 * 60 + 56.174681, 5);
  });

  it('reads the Linux cooked v2 link type (tcpdump -i any) and decodes the Identity header inside', () => {
    const a = answerCapture(bytes('udp-sll2-identity-438.pcap'));
    expect(a.matches.map((m) => m.code)).toEqual([438]);
    expect(a.identity?.[0]).toMatchObject({ ppt: 'shaken', alg: 'ES256', attest: 'B', origTn: '12155550100', destTn: ['12155550199'], iat: 1796212500, ageS: 300 });
    expect(a.log?.flow?.diagnosis).toMatch(/^438 after a token 300 s old: stale iat/);
    // The INVITE is the capture's first packet; its Identity header is line 11 of the text rendering.
    expect(a.identity?.[0]).toMatchObject({ packet: 1, line: 11 });
    expect(toReply(a).text).toContain('STIR/SHAKEN Identity (packet 1)');
  });

  it('gives the same codes and diagnosis as the tshark text of the same capture', () => {
    for (const name of ['udp-ipv4-486.pcap', 'udp-ipv6-cancel-487.pcapng', 'tcp-ipv4-486.pcapng', 'tcp-ipv6-cancel-487.pcap']) {
      const text = readFileSync(new URL(`${name}.tshark.txt`, dir), 'utf8');
      const t = answer(text, { forceLog: true });
      const c = answerCapture(bytes(name));
      expect(c.matches.map((m) => m.code), name).toEqual(t.matches.map((m) => m.code));
      // tshark's one-line text names the parties UAC/UAS when both share an address; the capture keeps ports.
      expect(c.log?.flow?.diagnosis.replace(/127\.0\.0\.1:15270|\[::1\]:15270/, 'UAS'), name).toBe(t.log?.flow?.diagnosis);
    }
  });

  it('explains what a truncated capture held and says where it broke', () => {
    const a = answerCapture(bytes('truncated-udp-ipv4-486.pcap'));
    expect(a.intent).toBe('log');
    expect(a.matches.map((m) => m.code)).toEqual([100, 180, 486]);
    expect(a.log?.capture).toEqual({ format: 'pcap', packets: 4, sipMessages: 4, truncated: true });
    expect(a.understood).toContain('The capture is cut short: the capture ends inside packet 5');
    expect(toReply(a).text).toContain('The capture is cut short');
  });

  it('recognises captures by magic bytes, not by name', () => {
    expect(isCapture(bytes('udp-ipv4-486.pcap'))).toBe(true);
    expect(isCapture(bytes('tcp-ipv4-486.pcapng'))).toBe(true);
    expect(isCapture(new TextEncoder().encode('SIP/2.0 486 Busy Here'))).toBe(false);
    expect(codes('udp-ipv4-486.pcap')).toEqual([100, 180, 486]);
  });
});
