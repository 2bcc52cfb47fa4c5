// Reads the packet records of a pcap or pcapng file: link type, timestamp and bytes of each packet.
// Pure byte work over a Uint8Array (no Node Buffer, no I/O); never throws, stops at the first damage.

export type CaptureFormat = 'pcap' | 'pcapng';

export interface PacketRecord {
  /** 0-based index among the whole records read. */
  index: number;
  /** LINKTYPE_* of the interface that captured it. */
  linkType: number;
  /** Capture time: whole seconds since the epoch and the microseconds past them (null: the block has none). */
  sec: number | null;
  usec: number;
  data: Uint8Array;
}

export interface RecordsResult {
  format: CaptureFormat;
  packets: PacketRecord[];
  /** The file ended or broke before its last record was whole. */
  truncated: boolean;
  /** Where and how it broke, in words; null when the file read to its end. */
  problem: string | null;
}

const PCAP_MAGIC = { micro: 0xa1b2c3d4, nano: 0xa1b23c4d } as const;
const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Larger records are damage, not packets (pcapng allows more, but no capture tool writes them for SIP). */
const MAX_RECORD = 256 * 1024;

/** pcap or pcapng by the first four bytes, whatever the file is called; null for anything else. */
export function captureFormat(bytes: Uint8Array): CaptureFormat | null {
  if (bytes.length < 4) return null;
  const be = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const le = ((bytes[3]! << 24) | (bytes[2]! << 16) | (bytes[1]! << 8) | bytes[0]!) >>> 0;
  if (be === PCAPNG_SHB) return 'pcapng';
  for (const m of [PCAP_MAGIC.micro, PCAP_MAGIC.nano]) if (be === m || le === m) return 'pcap';
  return null;
}

export function readRecords(bytes: Uint8Array): RecordsResult | null {
  const format = captureFormat(bytes);
  if (format === 'pcap') return readPcap(bytes);
  if (format === 'pcapng') return readPcapng(bytes);
  return null;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readPcap(bytes: Uint8Array): RecordsResult {
  const dv = view(bytes);
  const packets: PacketRecord[] = [];
  const out = (truncated: boolean, problem: string | null): RecordsResult => ({ format: 'pcap', packets, truncated, problem });
  if (bytes.length < 24) return out(true, `the pcap file header is cut short (${bytes.length} of 24 bytes)`);
  const magicBE = dv.getUint32(0, false);
  const le = !(magicBE === PCAP_MAGIC.micro || magicBE === PCAP_MAGIC.nano);
  const nano = dv.getUint32(0, le) === PCAP_MAGIC.nano;
  // The low 28 bits carry the link type; the top bits are FCS flags (pcap-savefile).
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  let off = 24;
  while (off < bytes.length) {
    if (off + 16 > bytes.length) return out(true, `the capture ends inside the header of packet ${packets.length + 1} (byte ${off})`);
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    if (incl > MAX_RECORD) return out(true, `packet ${packets.length + 1} claims ${incl} bytes at byte ${off}: the file is damaged there`);
    if (off + 16 + incl > bytes.length) return out(true, `the capture ends inside packet ${packets.length + 1} (byte ${off}, ${off + 16 + incl - bytes.length} bytes missing)`);
    packets.push({
      index: packets.length,
      linkType,
      sec,
      usec: nano ? Math.floor(frac / 1000) % 1_000_000 : frac % 1_000_000,
      data: bytes.subarray(off + 16, off + 16 + incl),
    });
    off += 16 + incl;
  }
  return out(false, null);
}

interface Iface {
  linkType: number;
  /** Timestamp units per second, as a BigInt, and the if_tsoffset seconds. */
  perSec: bigint;
  offset: bigint;
}

function readPcapng(bytes: Uint8Array): RecordsResult {
  const dv = view(bytes);
  const packets: PacketRecord[] = [];
  const out = (truncated: boolean, problem: string | null): RecordsResult => ({ format: 'pcapng', packets, truncated, problem });
  let le = true;
  let ifaces: Iface[] = [];
  let off = 0;
  let seenShb = false;
  while (off < bytes.length) {
    if (off + 12 > bytes.length) return out(true, `the capture ends inside a block header (byte ${off})`);
    const typeBE = dv.getUint32(off, false);
    if (typeBE === PCAPNG_SHB) {
      // A new section: its byte-order magic says how to read everything up to the next one.
      const bom = dv.getUint32(off + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else return out(true, `the section header at byte ${off} has no byte-order magic: the file is damaged there`);
      ifaces = [];
      seenShb = true;
    } else if (!seenShb) {
      return out(true, 'the file does not start with a pcapng section header');
    }
    const type = dv.getUint32(off, le);
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD + 64) return out(true, `a block at byte ${off} claims a length of ${len}: the file is damaged there`);
    if (off + len > bytes.length) return out(true, `the capture ends inside a block at byte ${off} (${off + len - bytes.length} bytes missing)`);
    if (dv.getUint32(off + len - 4, le) !== len) return out(true, `the block at byte ${off} does not end with its length: the file is damaged there`);
    const body = off + 8;
    const end = off + len - 4;
    if (type === 1 && end - body >= 8) {
      ifaces.push(readIdb(dv, body, end, le));
    } else if (type === 6 && end - body >= 20) {
      // Enhanced Packet Block: interface, timestamp (high, low), captured and original lengths, data.
      const iface = ifaces[dv.getUint32(body, le)];
      const cap = dv.getUint32(body + 12, le);
      if (body + 20 + cap > end) return out(true, `packet ${packets.length + 1} at byte ${off} holds more data than its block: the file is damaged there`);
      if (iface) packets.push({ index: packets.length, linkType: iface.linkType, ...time(iface, dv.getUint32(body + 4, le), dv.getUint32(body + 8, le)), data: bytes.subarray(body + 20, body + 20 + cap) });
    } else if (type === 3 && end - body >= 4) {
      // Simple Packet Block: interface 0, no timestamp; captured length is what the block holds.
      const iface = ifaces[0];
      const orig = dv.getUint32(body, le);
      const cap = Math.min(orig, end - body - 4);
      if (iface) packets.push({ index: packets.length, linkType: iface.linkType, sec: null, usec: 0, data: bytes.subarray(body + 4, body + 4 + cap) });
    } else if (type === 2 && end - body >= 20) {
      // Obsolete Packet Block (old writers): 16-bit interface and drops count, then as an EPB.
      const iface = ifaces[dv.getUint16(body, le)];
      const cap = dv.getUint32(body + 12, le);
      if (body + 20 + cap > end) return out(true, `packet ${packets.length + 1} at byte ${off} holds more data than its block: the file is damaged there`);
      if (iface) packets.push({ index: packets.length, linkType: iface.linkType, ...time(iface, dv.getUint32(body + 4, le), dv.getUint32(body + 8, le)), data: bytes.subarray(body + 20, body + 20 + cap) });
    }
    off += len;
  }
  return out(false, null);
}

function readIdb(dv: DataView, body: number, end: number, le: boolean): Iface {
  const iface: Iface = { linkType: dv.getUint16(body, le), perSec: 1_000_000n, offset: 0n };
  let o = body + 8;
  while (o + 4 <= end) {
    const code = dv.getUint16(o, le);
    const olen = dv.getUint16(o + 2, le);
    if (code === 0 || o + 4 + olen > end) break;
    if (code === 9 && olen >= 1) {
      // if_tsresol: high bit clear = 10^-n seconds, set = 2^-n seconds.
      const r = dv.getUint8(o + 4);
      const n = BigInt(r & 0x7f);
      if (n <= 30n) iface.perSec = r & 0x80 ? 1n << n : 10n ** n;
    } else if (code === 14 && olen >= 8) {
      iface.offset = dv.getBigInt64(o + 4, le);
    }
    o += 4 + olen + ((4 - (olen % 4)) % 4);
  }
  return iface;
}

function time(iface: Iface, hi: number, lo: number): { sec: number; usec: number } {
  const t = (BigInt(hi) << 32n) | BigInt(lo);
  const sec = t / iface.perSec + iface.offset;
  const usec = ((t % iface.perSec) * 1_000_000n) / iface.perSec;
  return { sec: Number(sec), usec: Number(usec) };
}
