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
/** Streams followed at once; past it the oldest is framed as it stands and forgotten. */
const MAX_STREAMS = 20_000;

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

/** Where a chunk's bytes start in the stream buffer, and the packet (and time) they came in. */
interface Mark {
  at: number;
  packet: number;
  sec: number | null;
  usec: number;
}

interface Stream {
  next: number | null;
  /** Bytes received in order and not yet framed: buf[start..end), one growing buffer (amortised copies). */
  buf: Uint8Array;
  start: number;
  end: number;
  marks: Mark[];
  ahead: Map<number, Chunk>;
  /** Bytes of the current message already searched for the blank line, and its length once known. */
  scanned: number;
  need: number;
  /** Non-SIP bytes thrown away and messages found: a stream with much of the one and none of the other is dropped. */
  junk: number;
  found: number;
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
      if (this.streams.size >= MAX_STREAMS) {
        const [oldKey, old] = this.streams.entries().next().value as [string, Stream];
        this.finish(oldKey, old);
      }
      st = { next: null, buf: new Uint8Array(0), start: 0, end: 0, marks: [], ahead: new Map(), scanned: 0, need: 0, junk: 0, found: 0, dead: false, src: `${s.src}:${s.sport}`, dst: `${s.dst}:${s.dport}` };
      this.streams.set(key, st);
    }
    const seq = s.seq ?? 0;
    if (s.syn) {
      st.next = (seq + 1) >>> 0;
      return;
    }
    if (st.dead) return;
    if (s.payload.length > 0) {
      // Joined mid-stream: start here; drain() looks for the next SIP start line if this is not one.
      if (st.next === null) st.next = seq;
      this.place(st, seq, { data: s.payload, packet, sec, usec });
      this.drain(st, false);
    }
    if (s.fin || s.rst) this.finish(key, st);
  }

  private place(st: Stream, seq: number, c: Chunk): void {
    const diff = (seq - st.next!) | 0;
    if (diff > 0) {
      if (st.ahead.size < MAX_OUT_OF_ORDER) st.ahead.set(seq, c);
      else {
        // A lost segment: give up on what was buffered and resume at the earliest segment held.
        this.clear(st);
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
    if (st.end + data.length > st.buf.length) {
      const live = st.end - st.start;
      const cap = Math.max(512, (live + data.length) * 2);
      const grown = cap > st.buf.length ? new Uint8Array(cap) : st.buf;
      grown.set(st.buf.subarray(st.start, st.end), 0);
      for (const m of st.marks) m.at -= st.start;
      st.buf = grown;
      st.end = live;
      st.start = 0;
    }
    st.marks.push({ at: st.end, packet: c.packet, sec: c.sec, usec: c.usec });
    st.buf.set(data, st.end);
    st.end += data.length;
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

  /** Frames as many whole messages as the buffer holds; `complete`: no more bytes will come. */
  private drain(st: Stream, complete: boolean): void {
    for (let guard = 0; guard < 1_000_000 && st.end > st.start; guard++) {
      if (st.need === 0 && st.scanned === 0) {
        let at = st.start;
        while (at < st.end && (st.buf[at] === 13 || st.buf[at] === 10)) at++;
        if (at > st.start) this.consume(st, at - st.start);
        if (st.end === st.start) return;
      }
      const b = st.buf.subarray(st.start, st.end);
      if (st.need > 0) {
        if (b.length >= st.need) this.emitMessage(st, st.need);
        else if (complete) this.emitMessage(st, b.length);
        else return;
        continue;
      }
      if (st.scanned === 0 && !startsLikeSip(b)) {
        if (b.length < 24 && !complete) return;
        if (!this.resync(st, b)) return;
        continue;
      }
      const headEnd = indexOfBlank(b, Math.max(0, st.scanned - 3), MAX_HEADERS);
      if (headEnd < 0) {
        st.scanned = b.length;
        if (b.length >= MAX_HEADERS) {
          // Not SIP after all (or headers nobody needs): skip past this start line.
          st.scanned = 0;
          if (!this.resync(st, b)) return;
          continue;
        }
        if (complete) this.emitMessage(st, b.length);
        return;
      }
      const m = CONTENT_LENGTH_RE.exec(decoder.decode(b.subarray(0, headEnd)));
      st.need = headEnd + (m ? Math.min(Number(m[1]), MAX_BODY) : 0);
    }
  }

  private emitMessage(st: Stream, len: number): void {
    const head = st.marks[0]!;
    this.emit({ packet: head.packet, sec: head.sec, usec: head.usec, proto: 'tcp', src: st.src, dst: st.dst, text: decoder.decode(st.buf.subarray(st.start, st.start + len)) });
    st.found++;
    this.consume(st, len);
  }

  /** Skips to the next line that starts a SIP message; false (buffer mostly dropped) when there is none yet. */
  private resync(st: Stream, b: Uint8Array): boolean {
    for (let i = b.indexOf(10); i !== -1 && i + 1 < b.length; i = b.indexOf(10, i + 1)) {
      if (startsLikeSip(b, i + 1)) {
        st.junk += i + 1;
        this.consume(st, i + 1);
        return true;
      }
    }
    // Keep a short tail: a start line may be split across segments.
    const drop = Math.max(0, b.length - 256);
    st.junk += drop;
    this.consume(st, drop);
    if (st.found === 0 && st.junk > MAX_STREAM_BUFFER) {
      st.dead = true;
      this.clear(st);
    }
    return false;
  }

  private consume(st: Stream, n: number): void {
    st.start += n;
    st.scanned = 0;
    st.need = 0;
    if (st.start >= st.end) {
      this.clear(st);
      return;
    }
    let k = 0;
    while (k + 1 < st.marks.length && st.marks[k + 1]!.at <= st.start) k++;
    if (k > 0) st.marks.splice(0, k);
  }

  private clear(st: Stream): void {
    st.start = st.end = 0;
    st.marks = [];
    st.scanned = 0;
    st.need = 0;
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
