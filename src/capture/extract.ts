// From capture bytes to SIP messages: records -> frames -> UDP datagrams and reassembled TCP streams ->
// SIP messages with the capture's timestamps and addresses. Pure; never throws; ignores non-SIP traffic.

import { decodeFrame, Defragmenter } from './packet.js';
import { readRecords, type CaptureFormat } from './records.js';
import { sipFromDatagram, TcpSip, type SipMessage } from './sip.js';

export interface Extracted {
  format: CaptureFormat;
  /** Whole packet records read (a record cut by truncation is not counted). */
  packets: number;
  /** SIP messages decoded, in order of where each starts in the capture (retransmissions included). */
  messages: SipMessage[];
  truncated: boolean;
  problem: string | null;
}

export function extractSip(bytes: Uint8Array): Extracted | null {
  const rec = readRecords(bytes);
  if (!rec) return null;
  const messages: SipMessage[] = [];
  const keep = (m: SipMessage) => {
    messages.push(m);
  };
  const tcp = new TcpSip(keep);
  const defrag = new Defragmenter();
  let lastSec: number | null = null;
  let lastUsec = 0;
  for (const p of rec.packets) {
    // Blocks without a time (pcapng simple packets) take the last time seen.
    const sec: number | null = p.sec ?? lastSec;
    const usec = p.sec === null ? lastUsec : p.usec;
    lastSec = sec;
    lastUsec = usec;
    let seg;
    try {
      seg = decodeFrame(p.linkType, p.data, defrag);
    } catch {
      seg = null; // a decoder bug must cost one packet, never the answer
    }
    if (!seg) continue;
    if (seg.proto === 'udp') {
      const text = sipFromDatagram(seg.payload);
      if (text !== null) keep({ packet: p.index, sec, usec, proto: 'udp', src: `${seg.src}:${seg.sport}`, dst: `${seg.dst}:${seg.dport}`, text });
    } else {
      tcp.add(seg, p.index, sec, usec);
    }
  }
  tcp.flush();
  // TCP messages are emitted when complete, which can be after later UDP ones: order by where they start.
  messages.sort((a, b) => a.packet - b.packet);
  return { format: rec.format, packets: rec.packets.length, messages, truncated: rec.truncated, problem: rec.problem };
}
