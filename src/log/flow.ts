// Turns the SIP messages found in a paste into a call flow: who sent what to whom, a narrow monospace
// ladder and a one-line diagnosis of the outcome. Pure: no registry import (reasons are passed in), no I/O.

import type { Msg } from './scan.js';
import type { Flow, FlowMessage } from './types.js';

/** Ladder rows shown before the middle is elided. */
const MAX_ROWS = 40;
const MAX_PARTICIPANTS = 5;

export interface FlowResult {
  flow: Flow;
  /** The report's outcome: leads with the result, then the story when it adds something. */
  outcome: string;
}

export function buildFlow(all: readonly Msg[], reasonOf: (code: number) => string | null): FlowResult | null {
  // A Set: a 1 MB paste can hold thousands of calls, and an array scan per message is quadratic.
  const callIds = new Set<string>();
  for (const m of all) if (m.callId && callIds.size < 10_000) callIds.add(m.callId);
  const firstInvite = all.find((m) => m.kind === 'request' && m.method === 'INVITE');
  const mainId = firstInvite?.callId ?? mostCommonCallId(all);
  // Messages without a Call-ID (summary lines) belong with whatever call they sit in.
  const msgs = mainId ? all.filter((m) => !m.callId || m.callId === mainId) : all.slice();
  if (msgs.length < 2) return null;
  // A dialog needs a request to follow; bare responses are summarised as findings instead.
  if (!msgs.some((m) => m.kind === 'request')) return null;

  const labelled = assignParticipants(msgs);
  const participants: string[] = [];
  // A Map, not indexOf: capture tools can give every message its own address pair (thousands of participants).
  const index = new Map<string, number>();
  const idx = (p: string) => {
    let k = index.get(p);
    if (k === undefined) {
      participants.push(p);
      k = participants.length - 1;
      index.set(p, k);
    }
    return k;
  };
  const fm: FlowMessage[] = labelled.map(({ m, from, to }) => {
    const f = idx(from);
    const t = idx(to);
    const label =
      m.kind === 'request' ? (m.method ?? '?') : `${m.code ?? '?'} ${m.phrase ?? reasonOf(m.code ?? 0) ?? ''}`.trim();
    const out: FlowMessage = { line: m.line, from: f, to: t, label, kind: m.kind };
    if (m.method) out.method = m.method;
    if (m.code !== undefined) out.code = m.code;
    if (m.time !== undefined && Number.isFinite(m.time)) out.time = m.time;
    if (m.callId) out.callId = m.callId;
    return out;
  });

  const { lead, diagnosis, more, story } = diagnose(msgs, fm, participants, reasonOf);
  const ladder = renderLadder(participants, fm);
  const outcome = more ? `${lead}${lead.includes(': ') ? '; ' : ': '}${story ?? diagnosis}` : lead;
  return {
    flow: { participants, messages: fm, calls: callIds.size, ladder, diagnosis },
    outcome,
  };
}

function mostCommonCallId(msgs: readonly Msg[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestN = 0;
  for (const m of msgs) {
    if (!m.callId) continue;
    const n = (counts.get(m.callId) ?? 0) + 1;
    counts.set(m.callId, n);
    if (n > bestN) {
      bestN = n;
      best = m.callId;
    }
  }
  return best;
}

/** Decides sender and receiver names for each message from whatever the log gave: addresses, direction, From/To. */
function assignParticipants(msgs: readonly Msg[]): { m: Msg; from: string; to: string }[] {
  const addressesUseful = msgs.some((m) => m.src && m.dst && m.src !== m.dst);
  let lastRemote: string | undefined;
  const uac = msgs.find((m) => m.kind === 'request')?.fromAor;
  const uas = msgs.find((m) => m.kind === 'request')?.toAor;
  return msgs.map((m) => {
    if (addressesUseful && m.src && m.dst && m.src !== m.dst) return { m, from: short(m.src), to: short(m.dst) };
    if (m.dir) {
      const local = m.local ?? 'local';
      let remote = m.peer ? short(m.peer) : undefined;
      if (!remote && m.kind === 'request' && m.dir === 'out' && m.ruriHost) remote = short(m.ruriHost);
      if (!remote && m.kind === 'request' && m.dir === 'in' && m.fromAor) remote = short(m.fromAor.replace(USER_PART_RE, ''));
      remote = remote ?? lastRemote ?? 'remote';
      lastRemote = remote;
      return m.dir === 'in' ? { m, from: remote, to: local } : { m, from: local, to: remote };
    }
    const a = m.fromAor ? short(m.fromAor) : uac ? short(uac) : 'UAC';
    const b = m.toAor ? short(m.toAor) : uas ? short(uas) : 'UAS';
    if (a === b) return m.kind === 'request' ? { m, from: 'UAC', to: 'UAS' } : { m, from: 'UAS', to: 'UAC' };
    return m.kind === 'request' ? { m, from: a, to: b } : { m, from: b, to: a };
  });
}

const TRANSPORT_PREFIX_RE = /^(?:UDP|TCP|TLS|WS|WSS):/i;
const SCHEME_PREFIX_RE = /^(?:sips?|tel):/i;
const USER_PART_RE = /^[^@]*@/;

function short(s: string): string {
  const t = s.replace(TRANSPORT_PREFIX_RE, '').replace(SCHEME_PREFIX_RE, '');
  return t.length > 24 ? `${t.slice(0, 23)}…` : t;
}

// ---------- diagnosis ----------

interface Step {
  m: Msg;
  f: FlowMessage;
}

/**
 * The method each message belongs to. Responses without a CSeq (summary formats) answer the latest request
 * that expects one: a 200 may answer a CANCEL, anything else the request before it. One linear pass.
 */
function methodsOf(steps: Step[]): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let lastReq: string | undefined;
  let beforeCancel: string | undefined;
  for (const { m } of steps) {
    if (m.kind === 'request') {
      out.push(m.method);
      if (m.method === 'CANCEL') beforeCancel = lastReq;
      if (m.method !== 'ACK') lastReq = m.method;
      continue;
    }
    if (m.cseqMethod) out.push(m.cseqMethod);
    else if (lastReq === 'CANCEL' && m.code !== 200) out.push(beforeCancel);
    else out.push(lastReq);
  }
  return out;
}

function diagnose(
  msgs: readonly Msg[],
  fm: readonly FlowMessage[],
  participants: readonly string[],
  reasonOf: (code: number) => string | null,
): { lead: string; diagnosis: string; more: boolean; story?: string } {
  const steps: Step[] = msgs.map((m, k) => ({ m, f: fm[k] as FlowMessage }));
  const name = (s: Step) => participants[s.f.from] ?? '?';
  const phrase = (s: Step) => s.m.phrase ?? reasonOf(s.m.code ?? 0) ?? '';
  const codeText = (s: Step) => `${s.m.code} ${phrase(s)}`.trim();

  const methods = methodsOf(steps);
  const invites = steps.filter((s) => s.m.kind === 'request' && s.m.method === 'INVITE');
  const main = invites.length ? 'INVITE' : (steps.find((s) => s.m.kind === 'request' && s.m.method !== 'ACK')?.m.method ?? methods[0]);
  const finals: Step[] = [];
  const provisionals: Step[] = [];
  steps.forEach((s, k) => {
    if (s.m.kind !== 'response' || s.m.code === undefined) return;
    if (methods[k] !== main) return;
    if (s.m.code >= 200) finals.push(s);
    else provisionals.push(s);
  });
  const requests = steps.filter((s) => s.m.kind === 'request' && s.m.method === main);
  const cancel = steps.find((s) => s.m.kind === 'request' && s.m.method === 'CANCEL');
  const bye = steps.find((s) => s.m.kind === 'request' && s.m.method === 'BYE');
  const parts: string[] = [];
  if (!main) return { lead: 'no SIP dialog outcome', diagnosis: 'responses without a request to follow', more: false };

  // Digest challenges: a 401/407 that the client answered by sending the request again.
  const challenges = finals.filter((s) => s.m.code === 401 || s.m.code === 407);
  const last = finals[finals.length - 1];
  const lastRequestLine = requests.length ? (requests[requests.length - 1] as Step).m.line : -1;
  const retried = challenges.filter((c) => lastRequestLine > c.m.line);
  if (retried.length === 1) parts.push(`${main} challenged with ${retried[0]?.m.code}, retried with credentials`);
  else if (retried.length > 1) parts.push(`${main} challenged ${retried.length} times (${retried.map((c) => c.m.code).join(', ')})`);

  if (!last) {
    if (cancel) {
      parts.push(`${main} cancelled, no final response in the paste`);
      return { lead: 'no final response after CANCEL', diagnosis: parts.join(', then '), more: true };
    }
    if (provisionals.length) {
      const seen = [...new Set(provisionals.map((p) => codeText(p)))].join(', ');
      parts.push(`${main} got only ${seen}; no final response (the paste may be cut, or the call was still ringing)`);
      return { lead: `no final response to ${main}`, diagnosis: parts.join(', then '), more: true };
    }
    const n = requests.length;
    parts.push(`${main} sent ${n > 1 ? `${n} times ` : ''}with no response: the next hop did not answer (a 408 timeout follows)`);
    return { lead: `no response to ${main}`, diagnosis: parts.join(', then '), more: true };
  }

  const code = last.m.code ?? 0;
  const from = name(last);
  const firstRing = provisionals.find((p) => (p.m.code ?? 0) >= 180 && p.m.line < last.m.line);
  const ringSecs =
    firstRing && firstRing.m.time !== undefined && last.m.time !== undefined ? elapsed(firstRing.m.time, last.m.time) : undefined;
  const ringText =
    ringSecs !== undefined && ringSecs >= 0.5
      ? ` after ${fmtSecs(ringSecs)} of ${firstRing?.m.code === 180 ? 'ringing' : 'early media'}`
      : '';

  if (code >= 200 && code < 300) {
    let d = `${main} answered with ${codeText(last)} from ${from}`;
    if (bye) d += `, then ended by BYE from ${name(bye)}`;
    parts.push(d);
    const lead = main === 'INVITE' ? `call answered (${codeText(last)})` : main === 'REGISTER' ? `registered (${codeText(last)})` : `final ${codeText(last)} to ${main}`;
    return { lead, diagnosis: parts.join(', then '), more: parts.length > 1 || !!bye };
  }
  if (code === 487 && cancel && cancel.m.line < last.m.line) {
    const before = [...provisionals].reverse().find((p) => p.m.line < cancel.m.line);
    parts.push(`caller cancelled ${before ? `after ${before.m.code}` : 'before any provisional response'}: 487 is expected here`);
    return { lead: 'final 487 after CANCEL: the caller hung up before answer', diagnosis: parts.join(', then '), more: true };
  }
  if ((code === 401 || code === 407) && !retried.includes(last)) {
    parts.push(
      retried.length
        ? `challenged again with ${code} after sending credentials: the credentials (user, password or realm) are rejected`
        : `${main} challenged with ${code} and not retried in the paste`,
    );
    return { lead: `final ${codeText(last)} from ${from}`, diagnosis: parts.join(', then '), more: true };
  }
  const story = parts.length ? `${parts.join(', ')}${ringText ? `, then ${code}${ringText}` : ''}` : undefined;
  parts.push(`${codeText(last)} from ${from}${ringText}`);
  const lead = `final ${codeText(last)} from ${from}${story ? '' : ringText}`;
  return { lead, diagnosis: parts.join(', then '), more: story !== undefined, story };
}

function elapsed(a: number, b: number): number {
  let d = b - a;
  if (d < -43_200) d += 86_400; // crossed midnight in time-of-day stamps
  return d;
}

function fmtSecs(s: number): string {
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  return `${Math.round(s)} s`;
}

// ---------- ladder ----------

export function renderLadder(participants: readonly string[], msgs: readonly FlowMessage[]): string {
  const n = participants.length;
  if (n < 2 || n > MAX_PARTICIPANTS) {
    return msgs
      .slice(0, MAX_ROWS)
      .map((m) => `${participants[m.from] ?? '?'} -> ${participants[m.to] ?? '?'}: ${m.label}`)
      .join('\n');
  }
  const w = n === 2 ? 30 : Math.max(12, Math.min(24, Math.floor(50 / (n - 1))));
  const width = (n - 1) * w + 1;
  const letters = 'ABCDE';
  const starts = participants.map((p, k) => (k === 0 ? 0 : k === n - 1 ? k * w - p.length + 1 : k * w - Math.floor(p.length / 2)));
  const fits = participants.every((p, k) => k === 0 || (starts[k] as number) >= (starts[k - 1] as number) + (participants[k - 1] as string).length + 1) && (starts[0] as number) >= 0;
  const out: string[] = [];
  const t0 = msgs.find((m) => m.time !== undefined)?.time;

  if (fits) {
    const row = new Array<string>(width + 24).fill(' ');
    participants.forEach((p, k) => {
      const start = starts[k] as number;
      for (let c = 0; c < p.length; c++) row[start + c] = p[c] as string;
    });
    out.push(row.join('').trimEnd());
  } else {
    participants.forEach((p, k) => out.push(`${letters[k]}: ${p}`));
    const row = new Array<string>(width).fill(' ');
    participants.forEach((_, k) => (row[k * w] = letters[k] as string));
    out.push(row.join('').trimEnd());
  }

  const rows = msgs.length > MAX_ROWS ? [...msgs.slice(0, 20), null, ...msgs.slice(msgs.length - 18)] : [...msgs];
  for (const m of rows) {
    const row = new Array<string>(width).fill(' ');
    for (let k = 0; k < n; k++) row[k * w] = '|';
    if (m === null) {
      const note = ` … ${msgs.length - 38} more …`;
      out.push(note);
      continue;
    }
    const a = m.from * w;
    const b = m.to * w;
    if (a === b) {
      const label = ` ${m.label} (to itself)`;
      for (let c = 0; c < label.length && a + 1 + c < width; c++) row[a + 1 + c] = label[c] as string;
    } else {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      for (let c = lo + 1; c < hi; c++) row[c] = '-';
      const right = b > a;
      if (right) row[hi - 1] = '>';
      else row[lo + 1] = '<';
      const room = hi - lo - 5;
      const label = m.label.length > room ? `${m.label.slice(0, Math.max(0, room - 1))}…` : m.label;
      const start = lo + 3;
      for (let c = 0; c < label.length; c++) row[start + c] = label[c] as string;
    }
    let line = row.join('');
    if (t0 !== undefined && m.time !== undefined) line += ` +${elapsed(t0, m.time).toFixed(3)}s`;
    out.push(line.trimEnd());
  }
  return out.join('\n');
}
