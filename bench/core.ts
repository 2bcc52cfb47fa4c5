// `npm run bench`: times the core beside baselines run in the same process and prints ratios.
// Not a test: figures vary by machine, ratios much less. Run after `npm run build` (the script does).
//   code:   answer('603')                vs a plain Map lookup of the record
//   phrase: answer('codec mismatch')     vs fuse.js with default options over reason + summary
//   log:    answer(<1 MB SIP trace>)     vs one regex pass over the same text
//   capture: answerCapture(<10 MB pcap>) vs decoding the same bytes as text and one regex pass
//   cold:   `sipbot 603` process         vs `node -e 0`
import { Bench } from 'tinybench';
import Fuse from 'fuse.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Memory: heap after a full GC, before and after loading the core, so the registry, the search
// index and the log tables are measured apart from Node itself (run with --expose-gc).
const gc = (globalThis as { gc?: () => void }).gc;
const heapNow = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const heapBefore = heapNow();
const { answer } = await import('../src/engine/answer.js');
const { allCodes } = await import('../src/registry/index.js');
const { answerCapture } = await import('../src/capture/answer.js');
const heapLoaded = heapNow();

const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));

function makeTrace(bytes: number): string {
  const dialog = (n: number) =>
    [
      `2026-11-25 10:00:${String(n % 60).padStart(2, '0')}.123 <--- Transmitting SIP request (812 bytes) to UDP:203.0.113.5:5060 --->`,
      `INVITE sip:+15551230${n % 1000}@203.0.113.5:5060 SIP/2.0`,
      `Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK${n}abc`,
      `From: <sip:100@198.51.100.7>;tag=${n}f`,
      `To: <sip:+15551230${n % 1000}@203.0.113.5>`,
      `Call-ID: ${n}a8c1@198.51.100.7`,
      'CSeq: 102 INVITE',
      'Max-Forwards: 70',
      'Content-Length: 486',
      '',
      `2026-11-25 10:00:${String(n % 60).padStart(2, '0')}.200 <--- Received SIP response (380 bytes) from UDP:203.0.113.5:5060 --->`,
      'SIP/2.0 100 Trying',
      'CSeq: 102 INVITE',
      '',
      n % 3 === 0 ? 'SIP/2.0 486 Busy Here' : n % 3 === 1 ? 'SIP/2.0 183 Session Progress' : 'SIP/2.0 503 Service Unavailable',
      'Reason: Q.850;cause=17;text="User busy"',
      'CSeq: 102 INVITE',
      '',
    ].join('\r\n');
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const d = dialog(n);
    parts.push(d);
    size += d.length + 2;
  }
  return parts.join('\r\n');
}

/**
 * A pcap (Ethernet, IPv4, UDP) of about `bytes`: SIP dialogs (INVITE, 100, 180, 486 or 200, ACK) with
 * distinct Call-IDs, each followed by 50 RTP packets, as a capture taken on an SBC would be.
 */
function makeCapture(bytes: number): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let size = 24;
  const head = new DataView(new ArrayBuffer(24));
  head.setUint32(0, 0xa1b2c3d4, true);
  head.setUint16(4, 2, true);
  head.setUint16(6, 4, true);
  head.setUint32(16, 262144, true);
  head.setUint32(20, 1, true);
  chunks.push(new Uint8Array(head.buffer));
  let t = 1_796_212_800 * 1e6;
  const packet = (src: number, dst: number, payload: Uint8Array) => {
    const len = 14 + 20 + 8 + payload.length;
    const rec = new Uint8Array(16 + len);
    const dv = new DataView(rec.buffer);
    t += 1500;
    dv.setUint32(0, Math.floor(t / 1e6), true);
    dv.setUint32(4, t % 1e6, true);
    dv.setUint32(8, len, true);
    dv.setUint32(12, len, true);
    dv.setUint16(16 + 12, 0x0800);
    const ip = 16 + 14;
    rec[ip] = 0x45;
    dv.setUint16(ip + 2, 28 + payload.length);
    rec[ip + 8] = 64;
    rec[ip + 9] = 17;
    rec.set([10, 0, 0, src], ip + 12);
    rec.set([10, 0, 0, dst], ip + 16);
    dv.setUint16(ip + 20, 5060);
    dv.setUint16(ip + 22, 5060);
    dv.setUint16(ip + 24, 8 + payload.length);
    rec.set(payload, ip + 28);
    chunks.push(rec);
    size += rec.length;
  };
  const rtp = new Uint8Array(172).fill(0xd5);
  rtp[0] = 0x80;
  for (let n = 0; size < bytes; n++) {
    const h = (cseq: string) => `Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK${n}\r\nFrom: <sip:+12155550100@10.0.0.1>;tag=${n}a\r\nTo: <sip:+12155550199@10.0.0.2>;tag=${n}b\r\nCall-ID: ${n}@10.0.0.1\r\nCSeq: ${cseq}\r\nContent-Length: 0\r\n\r\n`;
    packet(1, 2, enc.encode(`INVITE sip:+12155550199@10.0.0.2 SIP/2.0\r\n${h('1 INVITE')}`));
    packet(2, 1, enc.encode(`SIP/2.0 100 Trying\r\n${h('1 INVITE')}`));
    packet(2, 1, enc.encode(`SIP/2.0 180 Ringing\r\n${h('1 INVITE')}`));
    packet(2, 1, enc.encode(n % 4 === 0 ? `SIP/2.0 486 Busy Here\r\n${h('1 INVITE')}` : `SIP/2.0 200 OK\r\n${h('1 INVITE')}`));
    packet(1, 2, enc.encode(`ACK sip:+12155550199@10.0.0.2 SIP/2.0\r\n${h('1 ACK')}`));
    for (let i = 0; i < 50; i++) packet(3, 4, rtp);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function fmt(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

async function main(): Promise<void> {
  const records = allCodes();
  const map = new Map(records.map((r) => [r.code, r]));
  const fuse = new Fuse(records, { keys: ['reason', 'summary'] });
  const trace = makeTrace(1024 * 1024);
  const statusLine = /SIP\/2\.0 (\d{3})/g;
  const capture = makeCapture(10 * 1024 * 1024);
  const decoder = new TextDecoder();

  answer('warm up codec mismatch'); // builds the search index once, as a long-running bot would
  const heapIndexed = heapNow();
  const mapOnly = (() => {
    const before = heapNow();
    const copy = new Map(records.map((r) => [r.code, structuredClone(r)]));
    const after = heapNow();
    return { bytes: after - before, keep: copy };
  })();

  const bench = new Bench({ time: 1000, warmupTime: 200 });
  bench
    .add('code: answer("603")', () => answer('603'))
    .add('code baseline: Map.get(603)', () => map.get(603))
    .add('phrase: answer("codec mismatch")', () => answer('codec mismatch'))
    .add('phrase baseline: fuse.js defaults over reason+summary', () => fuse.search('codec mismatch'))
    .add('log: answer(1 MB trace)', () => answer(trace))
    .add('log baseline: one regex pass over 1 MB', () => {
      let n = 0;
      statusLine.lastIndex = 0;
      while (statusLine.exec(trace)) n++;
      return n;
    });
  const captureBench = new Bench({ time: 4000, warmupTime: 500, iterations: 3 });
  captureBench
    .add('capture: answerCapture(10 MB pcap)', () => answerCapture(capture))
    .add('capture baseline: decode 10 MB as text + one regex pass', () => {
      const text = decoder.decode(capture);
      let n = 0;
      statusLine.lastIndex = 0;
      while (statusLine.exec(text)) n++;
      return n;
    });
  await bench.run();
  await captureBench.run();

  const mean = (name: string) => ([...bench.tasks, ...captureBench.tasks].find((t) => t.name === name)?.result as { latency?: { mean: number } } | undefined)?.latency?.mean ?? NaN;
  const rows: [string, string, string][] = [
    ['code: answer("603")', 'code baseline: Map.get(603)', 'code'],
    ['phrase: answer("codec mismatch")', 'phrase baseline: fuse.js defaults over reason+summary', 'phrase'],
    ['log: answer(1 MB trace)', 'log baseline: one regex pass over 1 MB', 'log'],
    ['capture: answerCapture(10 MB pcap)', 'capture baseline: decode 10 MB as text + one regex pass', 'capture'],
  ];
  console.log(`sipbot core benchmark (node ${process.version}, ${records.length} registry records, trace ${(trace.length / 1024).toFixed(0)} KiB, capture ${(capture.length / 1048576).toFixed(1)} MiB)\n`);
  for (const [ours, base, label] of rows) {
    const a = mean(ours) * 1e6;
    const b = mean(base) * 1e6;
    console.log(`${label.padEnd(7)} ${fmt(a).padStart(10)}  vs baseline ${fmt(b).padStart(10)}  ratio ${(a / b).toFixed(1)}x   (${ours} / ${base})`);
  }

  // Cold start: whole processes, median of 15 runs each, alternating so machine noise hits both.
  const runs = 15;
  const timeIt = (args: string[]) => {
    const t = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    return performance.now() - t;
  };
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timeIt([cli, '603']));
    bare.push(timeIt(['-e', '0']));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const o = median(ours);
  const b = median(bare);
  console.log(`cold    ${o.toFixed(1).padStart(7)} ms  vs baseline ${b.toFixed(1).padStart(7)} ms  ratio ${(o / b).toFixed(1)}x   (sipbot 603 / node -e 0, median of ${runs})`);

  const heapAfter = heapNow();
  const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
  if (!gc) console.log('memory  (run with node --expose-gc for exact figures)');
  console.log(
    `memory  core loaded + index built ${mib(heapIndexed - heapBefore)} vs baseline ${mib(mapOnly.bytes)} ratio ${((heapIndexed - heapBefore) / mapOnly.bytes).toFixed(1)}x   (registry, tables and search index / the records alone in a Map)`,
  );
  console.log(`memory  retained after all the runs above (1 MB pastes included): ${mib(heapAfter - heapIndexed - mapOnly.bytes)}; index alone ${mib(heapIndexed - heapLoaded)}`);
  void mapOnly.keep.size;
}

await main();
