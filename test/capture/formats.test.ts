// Link types, byte orders, timestamp resolutions, fragments and TCP segmentation, on captures built byte
// by byte (test/capture/build.ts) because loopback tools only write Ethernet or SLL2.
import { describe, expect, it } from 'vitest';
import { answerCapture } from '../../src/index.js';
import { extractSip } from '../../src/capture/extract.js';
import { bsdNull, enc, ethernet, INVITE, ipv4, ipv4Fragments, ipv6, ipv6Fragments, pcap, pcapng, RESPONSE, sll, sll2, tcp, udp } from './build.js';

const A = '192.0.2.1';
const B = '192.0.2.2';
const T = 1_796_212_800; // 2026-12-02T12:00:00Z
const inviteUdp = ipv4(A, B, 17, udp(5060, 5060, enc(INVITE())));
const busyUdp = ipv4(B, A, 17, udp(5060, 5060, enc(RESPONSE(486, 'Busy Here'))));
const codes = (bytes: Uint8Array) => answerCapture(bytes).matches.map((m) => m.code);

describe('link types', () => {
  it.each([
    ['Ethernet', 1, (ip: Uint8Array) => ethernet(ip)],
    ['Ethernet with an 802.1Q VLAN tag', 1, (ip: Uint8Array) => ethernet(ip, true)],
    ['Linux cooked (SLL)', 113, sll],
    ['Linux cooked v2 (SLL2)', 276, sll2],
    ['raw IP', 101, (ip: Uint8Array) => ip],
    ['BSD null, little-endian host', 0, (ip: Uint8Array) => bsdNull(ip, 2, true)],
    ['BSD null, big-endian host', 0, (ip: Uint8Array) => bsdNull(ip, 2, false)],
    ['OpenBSD loopback', 108, (ip: Uint8Array) => bsdNull(ip, 2, false)],
  ])('reads SIP over %s', (_name, link, wrap) => {
    const a = answerCapture(pcap(link, [{ sec: T, data: wrap(inviteUdp) }, { sec: T + 1, data: wrap(busyUdp) }]));
    expect(a.matches.map((m) => m.code)).toEqual([486]);
    expect(a.log?.flow?.participants).toEqual([`${A}:5060`, `${B}:5060`]);
  });

  it.each([24, 28, 30])('reads IPv6 over BSD null with AF_INET6 = %i', (af) => {
    const msg = ipv6(17, udp(5060, 5062, enc(RESPONSE(603, 'Decline'))));
    const bytes = pcap(0, [{ sec: T, data: bsdNull(msg, af, true) }]);
    expect(codes(bytes)).toEqual([603]);
    const m = extractSip(bytes)!.messages[0]!;
    expect([m.src, m.dst]).toEqual(['[::1]:5060', '[::1]:5062']);
  });

  it('ignores frames of link types it does not know, and says there was no SIP', () => {
    const a = answerCapture(pcap(147, [{ sec: T, data: inviteUdp }]));
    expect(a.intent).toBe('log');
    expect(a.matches).toEqual([]);
    expect(a.understood).toMatch(/^A pcap capture of 1 packet with no SIP messages in it/);
  });
});

describe('file formats', () => {
  it('reads big-endian and nanosecond pcap with the same times', () => {
    const pkts = [{ sec: T, usec: 250_000, data: ethernet(inviteUdp) }, { sec: T + 2, usec: 500_000, data: ethernet(busyUdp) }];
    for (const opts of [{}, { bigEndian: true }, { nano: true }, { bigEndian: true, nano: true }]) {
      const ex = extractSip(pcap(1, pkts, opts))!;
      expect(ex.messages.map((m) => [m.sec, m.usec]), JSON.stringify(opts)).toEqual([[T, 250_000], [T + 2, 500_000]]);
    }
  });

  it('reads pcapng in both byte orders with per-interface link types and timestamp resolutions', () => {
    const ifaces = [{ linkType: 1, tsresol: 9 }, { linkType: 101, tsresol: 0x80 | 20 }, { linkType: 276 }];
    const pkts = [
      { iface: 0, sec: T, usec: 1, data: ethernet(inviteUdp) },
      { iface: 1, sec: T + 1, usec: 500_000, data: ipv4(B, A, 17, udp(5060, 5060, enc(RESPONSE(180, 'Ringing')))) },
      { iface: 2, sec: T + 3, usec: 0, data: sll2(busyUdp) },
    ];
    for (const bigEndian of [false, true]) {
      const bytes = pcapng(ifaces, pkts, { bigEndian });
      const ex = extractSip(bytes)!;
      expect(ex.format).toBe('pcapng');
      expect(ex.messages.map((m) => [m.sec, m.usec])).toEqual([[T, 1], [T + 1, 500_000], [T + 3, 0]]);
      expect(codes(bytes)).toEqual([180, 486]);
    }
  });

  it('reads simple packet blocks (no timestamp) on interface 0', () => {
    const bytes = pcapng([{ linkType: 1 }], [{ sec: T, data: ethernet(inviteUdp) }, { sec: 0, simple: true, data: ethernet(busyUdp) }]);
    const a = answerCapture(bytes);
    expect(a.matches.map((m) => m.code)).toEqual([486]);
    expect(a.log?.capture).toEqual({ format: 'pcapng', packets: 2, sipMessages: 2, truncated: false });
  });
});

describe('IP fragments', () => {
  const big = RESPONSE(488, 'Not Acceptable Here', 'c1@test', 'x'.repeat(3000));
  it('reassembles an IPv4 datagram sent in fragments, in any order', () => {
    const frags = ipv4Fragments(B, A, 17, udp(5060, 5060, enc(big)), 1480);
    expect(frags.length).toBe(3);
    const order = [frags[2]!, frags[0]!, frags[1]!];
    const ex = extractSip(pcap(1, order.map((f, i) => ({ sec: T + i, data: ethernet(f) }))))!;
    expect(ex.messages).toHaveLength(1);
    expect(ex.messages[0]!.text).toBe(big);
    expect(ex.packets).toBe(3);
  });

  it('reassembles IPv6 fragments', () => {
    const frags = ipv6Fragments(17, udp(5060, 5060, enc(big)), 1448);
    const a = answerCapture(pcap(101, frags.map((f) => ({ sec: T, data: f }))));
    expect(a.matches.map((m) => m.code)).toEqual([488]);
    expect(a.log?.capture?.sipMessages).toBe(1);
  });

  it('drops a datagram whose fragments never all arrive', () => {
    const frags = ipv4Fragments(B, A, 17, udp(5060, 5060, enc(big)), 1480);
    expect(extractSip(pcap(1, [frags[0]!, frags[2]!].map((f) => ({ sec: T, data: ethernet(f) }))))!.messages).toHaveLength(0);
  });
});

describe('SIP over TCP', () => {
  const seg = (seq: number, text: string | Uint8Array, from = A, flags = {}) =>
    ethernet(ipv4(from, from === A ? B : A, 6, tcp(from === A ? 40000 : 5060, from === A ? 5060 : 40000, seq, typeof text === 'string' ? enc(text) : text, flags)));

  it('frames several messages in one segment by Content-Length', () => {
    const two = RESPONSE(100, 'Trying') + RESPONSE(180, 'Ringing', 'c1@test', 'ring body');
    const ex = extractSip(pcap(1, [{ sec: T, data: seg(1000, '', B, { syn: true }) }, { sec: T, data: seg(1001, two + RESPONSE(486, 'Busy Here'), B) }]))!;
    expect(ex.messages.map((m) => m.text.slice(0, 11))).toEqual(['SIP/2.0 100', 'SIP/2.0 180', 'SIP/2.0 486']);
    expect(ex.messages[1]!.text.endsWith('ring body')).toBe(true);
  });

  it('joins one message sent over several segments, out of order and with a retransmitted segment', () => {
    const msg = enc(RESPONSE(603, 'Decline', 'c1@test', 'b'.repeat(900)));
    const p1 = msg.subarray(0, 300);
    const p2 = msg.subarray(300, 700);
    const p3 = msg.subarray(700);
    const pkts = [
      { sec: T, usec: 10, data: seg(5000, p1, B) },
      { sec: T, usec: 30, data: seg(5700, p3, B) },
      { sec: T, usec: 20, data: seg(5300, p2, B) },
      { sec: T, usec: 40, data: seg(5300, p2, B) },
    ];
    const ex = extractSip(pcap(1, pkts))!;
    expect(ex.messages).toHaveLength(1);
    expect(ex.messages[0]!.text).toBe(new TextDecoder().decode(msg));
    // The message starts in the first packet: its time is that packet's.
    expect(ex.messages[0]!.usec).toBe(10);
    expect(ex.packets).toBe(4);
  });

  it('orders messages by where they start, across TCP and UDP', () => {
    const inv = enc(INVITE());
    const pkts = [
      { sec: T, data: seg(1, inv.subarray(0, 100)) },
      { sec: T + 1, data: ethernet(busyUdp) },
      { sec: T + 2, data: seg(101, inv.subarray(100)) },
    ];
    const ex = extractSip(pcap(1, pkts))!;
    expect(ex.messages.map((m) => m.proto)).toEqual(['tcp', 'udp']);
  });

  it('skips keep-alive CRLFs and finds SIP after non-SIP bytes on the stream', () => {
    const ex = extractSip(pcap(1, [{ sec: T, data: seg(1, `\r\n\r\nHELLO garbage\r\n${RESPONSE(480, 'Temporarily Unavailable')}`, B) }]))!;
    expect(ex.messages.map((m) => m.text.slice(0, 11))).toEqual(['SIP/2.0 480']);
  });

  it('reports a message whose body the capture cut short, at the end of the capture', () => {
    const msg = RESPONSE(503, 'Service Unavailable', 'c1@test', 'z'.repeat(500));
    const ex = extractSip(pcap(1, [{ sec: T, data: seg(1, msg.slice(0, 300), B) }]))!;
    expect(ex.messages.map((m) => m.text.slice(0, 11))).toEqual(['SIP/2.0 503']);
  });
});

describe('SIP found by content', () => {
  it('finds SIP on any port and ignores RTP and DNS', () => {
    const rtp = ipv4(A, B, 17, udp(16384, 16386, new Uint8Array([0x80, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, ...new Array(160).fill(0xff)])));
    const dns = ipv4(A, B, 17, udp(33000, 53, new Uint8Array([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0])));
    const sip = ipv4(B, A, 17, udp(7777, 12345, enc(RESPONSE(404, 'Not Found'))));
    const a = answerCapture(pcap(1, [rtp, dns, sip, rtp].map((d) => ({ sec: T, data: ethernet(d) }))));
    expect(a.matches.map((m) => m.code)).toEqual([404]);
    expect(a.log?.capture).toEqual({ format: 'pcap', packets: 4, sipMessages: 1, truncated: false });
  });

  it('counts retransmissions as messages', () => {
    const a = answerCapture(pcap(1, [inviteUdp, inviteUdp, busyUdp, busyUdp].map((d, i) => ({ sec: T + i, data: ethernet(d) }))));
    expect(a.log?.capture?.sipMessages).toBe(4);
  });

  it('answers a capture without SIP with intent log, no matches, and says so', () => {
    const dns = ipv4(A, B, 17, udp(33000, 53, new Uint8Array(12)));
    const a = answerCapture(pcap(1, [{ sec: T, data: ethernet(dns) }]));
    expect(a).toMatchObject({ intent: 'log', matches: [] });
    expect(a.understood).toContain('with no SIP messages in it');
    expect(a.log?.capture).toEqual({ format: 'pcap', packets: 1, sipMessages: 0, truncated: false });
  });
});

describe('SIP over TCP, byte by byte', () => {
  it('joins a message sent one byte per segment, keeping the first byte packet time', () => {
    const msg = enc(RESPONSE(500, 'Server Internal Error', 'c9@test', 'q'.repeat(2000)));
    const pkts = [...msg].map((byte, i) => ({ sec: T, usec: i, data: ethernet(ipv4(B, A, 6, tcp(5060, 40000, 10 + i, new Uint8Array([byte])))) }));
    const ex = extractSip(pcap(1, pkts))!;
    expect(ex.messages).toHaveLength(1);
    expect(ex.messages[0]!.text).toBe(new TextDecoder().decode(msg));
    expect(ex.messages[0]!.usec).toBe(0);
  });
});

describe('Identity in a capture', () => {
  it('names the packet that carried the Identity header', () => {
    const tok = 'eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3NwLnBlbSJ9.eyJhdHRlc3QiOiJCIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1MDE5OSJdfSwiaWF0IjoxNzk2MjEyNTAwLCJvcmlnIjp7InRuIjoiMTIxNTU1NTAxMDAifSwib3JpZ2lkIjoiZGUzMDVkNTQtNzViNC00MzFiLWFkYjItZWI2YjllNTQ2MDE0In0.QkRS73nHXsd-Uv76PagTzBPHjhUbXTcUgn3rPcwZC4FWfLAhU4PMGv4-SAC22wovMMYXF3RccV69sFc2DcCMTQ';
    const second = ipv4(A, B, 17, udp(5060, 5060, enc(INVITE('c2@test', `Identity: ${tok};info=<https://cert.example.org/sp.pem>;alg=ES256;ppt=shaken\r\n`))));
    const a = answerCapture(pcap(1, [inviteUdp, busyUdp, second].map((d, i) => ({ sec: T + i, data: ethernet(d) }))));
    expect(a.identity).toHaveLength(1);
    expect(a.identity?.[0]).toMatchObject({ packet: 3, attest: 'B' });
  });
});
