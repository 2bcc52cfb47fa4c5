// Decodes one captured packet down to its UDP or TCP payload: the link layer (Ethernet with VLAN tags,
// Linux cooked SLL/SLL2, raw IP, BSD null/loopback), IPv4/IPv6 with fragment reassembly, UDP and TCP.
// Pure byte work; anything it does not understand is dropped (returns null), never thrown.

export interface Segment {
  proto: 'udp' | 'tcp';
  src: string;
  dst: string;
  sport: number;
  dport: number;
  payload: Uint8Array;
  /** TCP only. */
  seq?: number;
  syn?: boolean;
  fin?: boolean;
  rst?: boolean;
}

// LINKTYPE_* values (tcpdump.org/linktypes.html).
const LINK_NULL = 0;
const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_LOOP = 108;
const LINK_SLL = 113;
const LINK_IPV4 = 228;
const LINK_IPV6 = 229;
const LINK_SLL2 = 276;
/** DLT_RAW as some BSDs number it in old files. */
const LINK_RAW_BSD = [12, 14];

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = [0x8100, 0x88a8, 0x9100];
/** BSD address families for IPv6: Linux/NetBSD 10 is not written by BSDs, but 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS) are. */
const AF_INET = 2;
const AF_INET6 = [10, 24, 28, 30];

/** Offset of the IP header in a link-layer frame, or -1. */
export function ipOffset(linkType: number, d: Uint8Array): number {
  switch (linkType) {
    case LINK_ETHERNET: {
      let o = 12;
      for (let tags = 0; tags < 4 && o + 2 <= d.length; tags++) {
        const type = (d[o]! << 8) | d[o + 1]!;
        if (ETH_VLAN.includes(type)) o += 4;
        else return type === ETH_IPV4 || type === ETH_IPV6 ? o + 2 : -1;
      }
      return -1;
    }
    case LINK_SLL:
      return d.length >= 16 && isIpType((d[14]! << 8) | d[15]!) ? 16 : -1;
    case LINK_SLL2:
      return d.length >= 20 && isIpType((d[0]! << 8) | d[1]!) ? 20 : -1;
    case LINK_RAW:
    case LINK_IPV4:
    case LINK_IPV6:
      return 0;
    case LINK_NULL:
    case LINK_LOOP: {
      if (d.length < 4) return -1;
      // NULL: the family in the capturing host's byte order; LOOP: network order. Either way one end is 0.
      const af = d[0] !== 0 ? d[0]! : d[3]!;
      return af === AF_INET || AF_INET6.includes(af) ? 4 : -1;
    }
    default:
      return LINK_RAW_BSD.includes(linkType) ? 0 : -1;
  }
}

function isIpType(t: number): boolean {
  return t === ETH_IPV4 || t === ETH_IPV6;
}

interface Fragments {
  parts: { off: number; data: Uint8Array }[];
  total: number; // -1 until the last fragment arrives
  bytes: number;
}

/** Bounds so a hostile file cannot make reassembly hold much: pending datagrams and their size. */
const MAX_PENDING = 256;
const MAX_DATAGRAM = 65_535 + 8;

/** IP fragment reassembly across the packets of one capture. */
export class Defragmenter {
  private pending = new Map<string, Fragments>();

  /** Adds one fragment; returns the whole payload once every byte from 0 to the end has arrived. */
  add(key: string, off: number, more: boolean, data: Uint8Array): Uint8Array | null {
    let f = this.pending.get(key);
    if (!f) {
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
      f = { parts: [], total: -1, bytes: 0 };
      this.pending.set(key, f);
    }
    if (off + data.length > MAX_DATAGRAM || f.parts.length > 128) {
      this.pending.delete(key);
      return null;
    }
    f.parts.push({ off, data });
    f.bytes += data.length;
    if (!more) f.total = off + data.length;
    if (f.total < 0 || f.bytes < f.total) return null;
    const whole = new Uint8Array(f.total);
    const covered = new Uint8Array(f.total);
    for (const p of f.parts) {
      const len = Math.min(p.data.length, f.total - p.off);
      if (len <= 0) continue;
      whole.set(p.data.subarray(0, len), p.off);
      covered.fill(1, p.off, p.off + len);
    }
    if (covered.indexOf(0) !== -1) return null;
    this.pending.delete(key);
    return whole;
  }
}

function ipv4(d: Uint8Array, o: number): string {
  return `${d[o]}.${d[o + 1]}.${d[o + 2]}.${d[o + 3]}`;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as "::". */
function ipv6(d: Uint8Array, o: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((d[o + 2 * i]! << 8) | d[o + 2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** The UDP or TCP segment inside one frame (after reassembly, when the frame completes a datagram). */
export function decodeFrame(linkType: number, frame: Uint8Array, defrag: Defragmenter): Segment | null {
  const o = ipOffset(linkType, frame);
  if (o < 0 || o >= frame.length) return null;
  const version = frame[o]! >> 4;
  if (version === 4) return decodeIpv4(frame, o, defrag);
  if (version === 6) return decodeIpv6(frame, o, defrag);
  return null;
}

function decodeIpv4(d: Uint8Array, o: number, defrag: Defragmenter): Segment | null {
  if (d.length < o + 20) return null;
  const ihl = (d[o]! & 0x0f) * 4;
  const total = (d[o + 2]! << 8) | d[o + 3]!;
  if (ihl < 20 || total < ihl) return null;
  // Captures of offloaded traffic can show total length 0 (TSO): then trust the frame.
  const end = total === 0 ? d.length : Math.min(d.length, o + total);
  if (o + ihl > end) return null;
  const id = (d[o + 4]! << 8) | d[o + 5]!;
  const flags = d[o + 6]! >> 5;
  const fragOff = (((d[o + 6]! & 0x1f) << 8) | d[o + 7]!) * 8;
  const proto = d[o + 9]!;
  const src = ipv4(d, o + 12);
  const dst = ipv4(d, o + 16);
  let payload = d.subarray(o + ihl, end);
  if ((flags & 1) !== 0 || fragOff !== 0) {
    const whole = defrag.add(`4|${src}|${dst}|${id}|${proto}`, fragOff, (flags & 1) !== 0, payload);
    if (!whole) return null;
    payload = whole;
  }
  return transport(proto, src, dst, payload);
}

function decodeIpv6(d: Uint8Array, o: number, defrag: Defragmenter): Segment | null {
  if (d.length < o + 40) return null;
  const plen = (d[o + 4]! << 8) | d[o + 5]!;
  let next = d[o + 6]!;
  const src = ipv6(d, o + 8);
  const dst = ipv6(d, o + 24);
  const end = plen === 0 ? d.length : Math.min(d.length, o + 40 + plen);
  let p = o + 40;
  let frag: { off: number; more: boolean; id: number } | null = null;
  // Extension headers: hop-by-hop 0, routing 43, fragment 44, destination options 60 (at most a few).
  for (let i = 0; i < 8 && (next === 0 || next === 43 || next === 44 || next === 60); i++) {
    if (p + 8 > end) return null;
    const hdrNext = d[p]!;
    if (next === 44) {
      frag = {
        off: ((d[p + 2]! << 8) | (d[p + 3]! & 0xf8)),
        more: (d[p + 3]! & 1) !== 0,
        id: ((d[p + 4]! << 24) | (d[p + 5]! << 16) | (d[p + 6]! << 8) | d[p + 7]!) >>> 0,
      };
      p += 8;
    } else {
      p += (d[p + 1]! + 1) * 8;
    }
    next = hdrNext;
  }
  if (p > end) return null;
  let payload = d.subarray(p, end);
  if (frag && (frag.more || frag.off !== 0)) {
    const whole = defrag.add(`6|${src}|${dst}|${frag.id}`, frag.off, frag.more, payload);
    if (!whole) return null;
    payload = whole;
  }
  return transport(next, `[${src}]`, `[${dst}]`, payload);
}

function transport(proto: number, src: string, dst: string, d: Uint8Array): Segment | null {
  if (proto === 17) {
    if (d.length < 8) return null;
    const len = (d[4]! << 8) | d[5]!;
    const end = len >= 8 && len <= d.length ? len : d.length;
    return { proto: 'udp', src, dst, sport: (d[0]! << 8) | d[1]!, dport: (d[2]! << 8) | d[3]!, payload: d.subarray(8, end) };
  }
  if (proto === 6) {
    if (d.length < 20) return null;
    const hl = (d[12]! >> 4) * 4;
    if (hl < 20 || hl > d.length) return null;
    const flags = d[13]!;
    return {
      proto: 'tcp',
      src,
      dst,
      sport: (d[0]! << 8) | d[1]!,
      dport: (d[2]! << 8) | d[3]!,
      payload: d.subarray(hl),
      seq: ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0,
      syn: (flags & 0x02) !== 0,
      fin: (flags & 0x01) !== 0,
      rst: (flags & 0x04) !== 0,
    };
  }
  return null;
}
