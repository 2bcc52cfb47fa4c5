// Builds small captures byte by byte for the cases loopback tools cannot make (other link types, byte
// orders, fragments, TCP segmentation). Only for tests; mirrors pcap-savefile(5) and the pcapng draft.

export const enc = (s: string) => new TextEncoder().encode(s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u16(n: number): number[] {
  return [(n >> 8) & 255, n & 255];
}
function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return concat(new Uint8Array([...u16(sport), ...u16(dport), ...u16(8 + payload.length), 0, 0]), payload);
}

export function tcp(sport: number, dport: number, seq: number, payload: Uint8Array, flags: { syn?: boolean; fin?: boolean } = {}): Uint8Array {
  const f = (flags.syn ? 0x02 : 0) | (flags.fin ? 0x01 : 0) | 0x10;
  return concat(new Uint8Array([...u16(sport), ...u16(dport), ...u32(seq), ...u32(0), 0x50, f, ...u16(65535), 0, 0, 0, 0]), payload);
}

export function ipv4(src: string, dst: string, proto: number, payload: Uint8Array, opts: { id?: number; offset?: number; more?: boolean } = {}): Uint8Array {
  const a = src.split('.').map(Number);
  const b = dst.split('.').map(Number);
  const fo = ((opts.more ? 1 : 0) << 13) | ((opts.offset ?? 0) / 8);
  return concat(new Uint8Array([0x45, 0, ...u16(20 + payload.length), ...u16(opts.id ?? 1), ...u16(fo), 64, proto, 0, 0, ...a, ...b]), payload);
}

/** Splits an IPv4 datagram's payload (UDP header included) into fragments of `size` bytes (a multiple of 8). */
export function ipv4Fragments(src: string, dst: string, proto: number, payload: Uint8Array, size: number, id = 7): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    out.push(ipv4(src, dst, proto, payload.subarray(off, off + size), { id, offset: off, more: off + size < payload.length }));
  }
  return out;
}

const V6 = (last: number) => [...new Array(15).fill(0), last];

export function ipv6(proto: number, payload: Uint8Array, src = 1, dst = 1): Uint8Array {
  return concat(new Uint8Array([0x60, 0, 0, 0, ...u16(payload.length), proto, 64, ...V6(src), ...V6(dst)]), payload);
}

export function ipv6Fragments(proto: number, payload: Uint8Array, size: number, id = 9): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const part = payload.subarray(off, off + size);
    const more = off + size < payload.length ? 1 : 0;
    const fh = new Uint8Array([proto, 0, ...u16(off | more), ...u32(id)]);
    out.push(ipv6(44, concat(fh, part)));
  }
  return out;
}

export function ethernet(ip: Uint8Array, vlan = false): Uint8Array {
  const type = (ip[0]! >> 4) === 6 ? 0x86dd : 0x0800;
  const tag = vlan ? [0x81, 0x00, 0x00, 0x64] : [];
  return concat(new Uint8Array([...new Array(12).fill(2), ...tag, ...u16(type)]), ip);
}

export function sll(ip: Uint8Array): Uint8Array {
  const type = (ip[0]! >> 4) === 6 ? 0x86dd : 0x0800;
  return concat(new Uint8Array([...u16(0), ...u16(772), ...u16(6), ...new Array(8).fill(0), ...u16(type)]), ip);
}

export function sll2(ip: Uint8Array): Uint8Array {
  const type = (ip[0]! >> 4) === 6 ? 0x86dd : 0x0800;
  return concat(new Uint8Array([...u16(type), 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, ...new Array(8).fill(0)]), ip);
}

/** BSD null/loopback: the address family as a 4-byte integer in the capturing host's order (LOOP: network order). */
export function bsdNull(ip: Uint8Array, af: number, littleEndian: boolean): Uint8Array {
  return concat(new Uint8Array(littleEndian ? [af, 0, 0, 0] : [0, 0, 0, af]), ip);
}

export interface Pkt {
  sec: number;
  usec?: number;
  data: Uint8Array;
}

export function pcap(linkType: number, pkts: Pkt[], opts: { bigEndian?: boolean; nano?: boolean } = {}): Uint8Array {
  const le = !opts.bigEndian;
  const head = new DataView(new ArrayBuffer(24));
  head.setUint32(0, opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, le);
  head.setUint16(4, 2, le);
  head.setUint16(6, 4, le);
  head.setUint32(16, 262144, le);
  head.setUint32(20, linkType, le);
  const parts: Uint8Array[] = [new Uint8Array(head.buffer)];
  for (const p of pkts) {
    const h = new DataView(new ArrayBuffer(16));
    h.setUint32(0, p.sec, le);
    h.setUint32(4, (p.usec ?? 0) * (opts.nano ? 1000 : 1), le);
    h.setUint32(8, p.data.length, le);
    h.setUint32(12, p.data.length, le);
    parts.push(new Uint8Array(h.buffer), p.data);
  }
  return concat(...parts);
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 12 + body.length + pad;
  const dv = new DataView(new ArrayBuffer(len));
  dv.setUint32(0, type, le);
  dv.setUint32(4, len, le);
  new Uint8Array(dv.buffer).set(body, 8);
  dv.setUint32(len - 4, len, le);
  return new Uint8Array(dv.buffer);
}

export interface NgIface {
  linkType: number;
  /** if_tsresol byte (6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n). */
  tsresol?: number;
}

/** pcapng: one section, the interfaces, then EPBs (or an SPB when `simple`) in order. */
export function pcapng(ifaces: NgIface[], pkts: (Pkt & { iface?: number; simple?: boolean })[], opts: { bigEndian?: boolean } = {}): Uint8Array {
  const le = !opts.bigEndian;
  const shb = new DataView(new ArrayBuffer(16));
  shb.setUint32(0, 0x1a2b3c4d, le);
  shb.setUint16(4, 1, le);
  shb.setBigInt64(8, -1n, le);
  const parts = [block(0x0a0d0d0a, new Uint8Array(shb.buffer), le)];
  for (const i of ifaces) {
    const opt = i.tsresol === undefined ? [] : [9, 1, i.tsresol];
    const idb = new DataView(new ArrayBuffer(8 + (opt.length ? 8 + 4 : 0)));
    idb.setUint16(0, i.linkType, le);
    idb.setUint32(4, 262144, le);
    if (opt.length) {
      idb.setUint16(8, 9, le);
      idb.setUint16(10, 1, le);
      idb.setUint8(12, i.tsresol!);
      // opt_endofopt (4 zero bytes) already there
    }
    parts.push(block(1, new Uint8Array(idb.buffer), le));
  }
  for (const p of pkts) {
    if (p.simple) {
      const dv = new DataView(new ArrayBuffer(4));
      dv.setUint32(0, p.data.length, le);
      parts.push(block(3, concat(new Uint8Array(dv.buffer), p.data), le));
      continue;
    }
    const res = ifaces[p.iface ?? 0]!.tsresol ?? 6;
    const perSec = res & 0x80 ? 2n ** BigInt(res & 0x7f) : 10n ** BigInt(res);
    const t = BigInt(p.sec) * perSec + (BigInt(p.usec ?? 0) * perSec) / 1_000_000n;
    const dv = new DataView(new ArrayBuffer(20));
    dv.setUint32(0, p.iface ?? 0, le);
    dv.setUint32(4, Number(t >> 32n), le);
    dv.setUint32(8, Number(t & 0xffffffffn), le);
    dv.setUint32(12, p.data.length, le);
    dv.setUint32(16, p.data.length, le);
    parts.push(block(6, concat(new Uint8Array(dv.buffer), p.data), le));
  }
  return concat(...parts);
}

export const INVITE = (callId = 'c1@test', extra = '') =>
  `INVITE sip:bob@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nFrom: <sip:alice@192.0.2.1>;tag=a\r\nTo: <sip:bob@192.0.2.2>\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\n${extra}Content-Length: 0\r\n\r\n`;
export const RESPONSE = (code: number, reason: string, callId = 'c1@test', body = '') =>
  `SIP/2.0 ${code} ${reason}\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nFrom: <sip:alice@192.0.2.1>;tag=a\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\n${body ? 'Content-Type: text/plain\r\n' : ''}Content-Length: ${enc(body).length}\r\n\r\n${body}`;
