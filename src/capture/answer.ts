// answerCapture(bytes): a pcap or pcapng explained like a pasted trace. The SIP messages found in the
// capture are written in sngrep's text layout and read by the log explainer, so a capture and the same
// call pasted as text get the same codes, ladder and diagnosis. Pure and synchronous; never throws.

import { EXAMPLES, logAnswer } from '../engine/answer.js';
import type { Answer, CaptureInfo } from '../engine/types.js';
import { extractSip } from './extract.js';
import { captureFormat } from './records.js';
import { messageLines, renderMessages } from './render.js';

export { captureFormat } from './records.js';

/** True when the bytes start like a pcap or pcapng file (the magic number, not the file name). */
export function isCapture(bytes: Uint8Array): boolean {
  return captureFormat(bytes) !== null;
}

export function answerCapture(bytes: Uint8Array): Answer {
  try {
    return explainCapture(bytes);
  } catch {
    // The contract is "never throws"; reaching this is a bug worth a test.
    return { intent: 'log', query: 'capture', matches: [], understood: 'This capture could not be read.', examples: EXAMPLES };
  }
}

function explainCapture(bytes: Uint8Array): Answer {
  const ex = extractSip(bytes);
  if (!ex) {
    return {
      intent: 'none',
      query: `${bytes.length} bytes`,
      matches: [],
      understood: 'These bytes are not a pcap or pcapng capture (the file does not start with either magic number).',
      examples: EXAMPLES,
    };
  }
  const capture: CaptureInfo = { format: ex.format, packets: ex.packets, sipMessages: ex.messages.length, truncated: ex.truncated };
  const query = `${ex.format} capture, ${bytes.length} bytes`;
  const broke = ex.truncated
    ? ` The capture is cut short: ${ex.problem ?? 'it ends early'}; the ${plural(ex.packets, 'whole packet')} before that are explained.`
    : '';
  const what = `A ${ex.format} capture of ${plural(ex.packets, 'packet')}`;
  const base = logAnswer(renderMessages(ex.messages), query);
  // The explainer read our sngrep-layout rendering; the program that wrote the capture is unknown.
  const log = { ...base.log!, programs: [ex.format], capture };
  if (ex.messages.length === 0) {
    return {
      ...base,
      matches: [],
      log,
      understood: `${what} with no SIP messages in it (SIP is found by content on any port, over UDP or TCP; other traffic is ignored).${broke}`,
    };
  }
  if (base.identity?.length) {
    // Tell the packet too: line numbers are of the text rendering, packet numbers are what Wireshark shows.
    const starts = messageLines(ex.messages);
    for (const f of base.identity) {
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1]! <= f.line) k++;
      if (ex.messages[k]) f.packet = ex.messages[k]!.packet + 1;
    }
  }
  return { ...base, matches: wireOrder(ex.messages, base.matches), log, understood: `${what} holding ${plural(ex.messages.length, 'SIP message')}: ${base.log!.outcome}${broke}` };
}

const STATUS_RE = /^SIP\/2\.0 ([1-6]\d\d)/;

/**
 * Status codes in the order their responses start in the capture; codes only named (a Reason header's
 * cause in a CANCEL) follow, as the explainer found them.
 */
function wireOrder(messages: readonly { text: string }[], matches: Answer['matches']): Answer['matches'] {
  const order: number[] = [];
  for (const m of messages) {
    const s = STATUS_RE.exec(m.text);
    if (s && !order.includes(Number(s[1]))) order.push(Number(s[1]));
  }
  const rank = (code: number) => {
    const i = order.indexOf(code);
    return i < 0 ? order.length : i;
  };
  return matches.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m.code) - rank(b.m.code) || a.i - b.i).map((x) => x.m);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
