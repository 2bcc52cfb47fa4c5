// Finds SIP messages in UDP payloads and reassembled TCP streams, by content (any port): a request line
// or a status line first, headers up to a blank line, a body of Content-Length bytes. Pure; never throws.

import type { Segment } from './packet.js';

export interface SipMessage {
  /** Index of the packet where the message starts (orders messages as they appear in the capture). */
  packet: number;
  sec: number | null;
  usec: number;
  proto: 'udp' | 'tcp';
  src: string;
  dst: string;
  text: string;
}

const decoder = new TextDecoder('utf-8');
/** A SIP start line: "INVITE sip:x SIP/2.0" or "SIP/2.0 486 Busy Here" (read from at most 256 bytes). */
const START_RE = /^(?:[A-Z][A-Za-z-]{1,15} [^\s]{1,200} SIP\/2\.0\r?\n|SIP\/2\.0 [1-6]\d\d[ \r\n])/;
const CONTENT_LENGTH_RE = /\r?\n(?:Content-Length|l)[ \t]*:[ \t]*(\d{1,9})/i;
/** Header sections longer than this are not SIP (or not worth reading). */
const MAX_HEADERS = 64 * 1024;
const MAX_BODY = 256 * 1024;
/** Per TCP stream: bytes held waiting for the rest of a message, and segments held out of order. */
const MAX_STREAM_BUFFER = 512 * 1024;
const MAX_OUT_OF_ORDER = 128;

/** Cheap test on raw bytes: SIP starts with an upper-case letter (RTP starts 0x80, DNS with an id). */
export function startsLikeSip(b: Uint8Array, at = 0): boolean {
  const c = b[at];
  if (c === undefined || c < 65 || c > 90) return false;
  return START_RE.test(decoder.decode(b.subarray(at, at + 256)));
}

function indexOfBlank(b: Uint8Array, from: number, limit: number): number {
  const end = Math.min(b.length, limit);
  for (let i = b.indexOf(10, from); i !== -1 && i < end; i = b.indexOf(10, i + 1)) {
    if (b[i + 1] === 10) return i + 2; // LF LF
    if (b[i + 1] === 13 && b[i + 2] === 10) return i + 3; // LF CR LF
  }
  return -1;
}

/**
 * One SIP message at the start of `b`: its length in bytes (headers plus Content-Length body),
 * 0 when more bytes are needed, -1 when it is not SIP.
 */
function frame(b: Uint8Array, complete: boolean): number {
  if (!startsLikeSip(b)) return b.length < 24 && !complete ? 0 : -1;
  const headEnd = indexOfBlank(b, 0, MAX_HEADERS);
  if (headEnd < 0) return b.length >= MAX_HEADERS ? -1 : complete ? b.length : 0;
  const m = CONTENT_LENGTH_RE.exec(decoder.decode(b.subarray(0, headEnd)));
  const body = m ? Math.min(Number(m[1]), MAX_BODY) : 0;
  if (headEnd + body > b.length) return complete ? b.length : 0;
  return headEnd + body;
}

/** The SIP message in one UDP datagram (keep-alive CRLFs before it skipped), or null. */
export function sipFromDatagram(payload: Uint8Array): string | null {
  let at = 0;
  while (at < payload.length && (payload[at] === 13 || payload[at] === 10)) at++;
  if (!startsLikeSip(payload, at)) return null;
  const rest = payload.subarray(at);
  const len = frame(rest, true);
  return len > 0 ? decoder.decode(rest.subarray(0, len)) : null;
}

interface Chunk {
  data: Uint8Array;
  packet: number;
  sec: number | null;
  usec: number;
}

interface Stream {
  next: number | null;
  /** Bytes received in order and not yet framed, as chunks (so a message knows the packet it starts in). */
  chunks: Chunk[];
  size: number;
  ahead: Map<number, Chunk>;
  /** A stream found not to carry SIP. */
  dead: boolean;
  src: string;
  dst: string;
}

/** TCP streams (one per direction) reassembled by sequence number, framed into SIP messages. */
export class TcpSip {
  private streams = new Map<string, Stream>();
  constructor(private readonly emit: (m: SipMessage) => void) {}

  add(s: Segment, packet: number, sec: number | null, usec: number): void {
    const key = `${s.src}:${s.sport}>${s.dst}:${s.dport}`;
    let st = this.streams.get(key);
    if (!st || s.syn) {
      if (st && !s.syn) return;
      st = { next: null, chunks: [], size: 0, ahead: new Map(), dead: false, src: `${s.src}:${s.sport}`, dst: `${s.dst}:${s.dport}` };
      this.streams.set(key, st);
    }
    const seq = s.seq ?? 0;
    if (s.syn) {
      st.next = (seq + 1) >>> 0;
      return;
    }
    if (st.dead || s.payload.length === 0) return;
    if (st.next === null) {
      // Joined mid-stream: start here, and look for the next SIP start line if this is not one.
      st.next = seq;
    }
    const chunk: Chunk = { data: s.payload, packet, sec, usec };
    this.place(st, seq, chunk);
    this.drain(st, false);
    if (s.fin || s.rst) this.finish(key, st);
  }

  private place(st: Stream, seq: number, c: Chunk): void {
    const diff = (seq - st.next!) | 0;
    if (diff > 0) {
      if (st.ahead.size < MAX_OUT_OF_ORDER) st.ahead.set(seq, c);
      else {
        // A lost segment: give up on what was buffered and resume at the earliest segment held.
        st.chunks = [];
        st.size = 0;
        const first = [...st.ahead.keys()].sort((a, b) => ((a - st.next!) | 0) - ((b - st.next!) | 0))[0]!;
        st.next = first;
        this.append(st, first, st.ahead.get(first)!);
        st.ahead.delete(first);
        this.pullAhead(st);
      }
      return;
    }
    this.append(st, seq, c);
    this.pullAhead(st);
  }

  private append(st: Stream, seq: number, c: Chunk): void {
    const skip = (st.next! - seq) | 0; // bytes already had (retransmission or overlap)
    if (skip >= c.data.length) return;
    const data = skip > 0 ? c.data.subarray(skip) : c.data;
    st.chunks.push({ ...c, data });
    st.size += data.length;
    st.next = (st.next! + data.length) >>> 0;
  }

  private pullAhead(st: Stream): void {
    for (let again = true; again && st.ahead.size > 0; ) {
      again = false;
      for (const [seq, c] of st.ahead) {
        if (((seq - st.next!) | 0) <= 0) {
          st.ahead.delete(seq);
          this.append(st, seq, c);
          again = true;
        }
      }
    }
  }

  /** Frames as many whole messages as the buffer holds. */
  private drain(st: Stream, complete: boolean): void {
    while (st.size > 0) {
      const buf = this.flat(st);
      let at = 0;
      while (at < buf.length && (buf[at] === 13 || buf[at] === 10)) at++;
      if (at > 0) this.consume(st, at);
      if (st.size === 0) return;
      const b = at > 0 ? buf.subarray(at) : buf;
      const len = frame(b, complete);
      if (len === 0) {
        if (st.size > MAX_STREAM_BUFFER) this.resync(st, b);
        return;
      }
      if (len < 0) {
        if (!this.resync(st, b)) return;
        continue;
      }
      const head = st.chunks[0]!;
      this.emit({ packet: head.packet, sec: head.sec, usec: head.usec, proto: 'tcp', src: st.src, dst: st.dst, text: decoder.decode(b.subarray(0, len)) });
      this.consume(st, len);
    }
  }

  /** Skips to the next line that starts a SIP message; false (buffer dropped) when there is none yet. */
  private resync(st: Stream, b: Uint8Array): boolean {
    for (let i = b.indexOf(10); i !== -1 && i + 1 < b.length; i = b.indexOf(10, i + 1)) {
      if (startsLikeSip(b, i + 1)) {
        this.consume(st, i + 1);
        return true;
      }
    }
    // Keep a short tail: a start line may be split across segments.
    const keep = Math.min(b.length, 256);
    this.consume(st, b.length - keep);
    if (st.size > 0 && b.length > MAX_STREAM_BUFFER) st.dead = true;
    return false;
  }

  private flat(st: Stream): Uint8Array {
    if (st.chunks.length === 1) return st.chunks[0]!.data;
    const all = new Uint8Array(st.size);
    let o = 0;
    for (const c of st.chunks) {
      all.set(c.data, o);
      o += c.data.length;
    }
    // The chunks stay apart, so each message keeps the packet (and time) where its first byte arrived.
    return all;
  }

  private consume(st: Stream, n: number): void {
    let left = n;
    while (left > 0 && st.chunks.length > 0) {
      const c = st.chunks[0]!;
      if (c.data.length <= left) {
        left -= c.data.length;
        st.chunks.shift();
      } else {
        st.chunks[0] = { ...c, data: c.data.subarray(left) };
        left = 0;
      }
    }
    st.size = Math.max(0, st.size - n);
  }

  private finish(key: string, st: Stream): void {
    this.drain(st, true);
    this.streams.delete(key);
  }

  /** End of capture: messages whose headers arrived but whose body was cut are still reported. */
  flush(): void {
    for (const [key, st] of this.streams) this.finish(key, st);
  }
}
