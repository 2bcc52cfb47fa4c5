// Turns a structured Answer into the neutral Reply every platform renders: the meaning in one line
// first, then what matters in an incident (who sends it, final or not, retry, causes, checks, RFC,
// related codes). Plain text only; renderers escape and add markup. No platform code.
import { className, getCode, type SipCode } from '../registry/index.js';
import { logReply } from './log.js';
import { getSymptom } from '../registry/symptoms.js';
import type { Answer, Match } from '../engine/types.js';
import type { Action, Block, Field, Reply, Tone } from './types.js';
import { renderText } from './text.js';
import { toneOf } from './tone.js';
import { blocksText, identityBlocks } from '../identity/reply.js';

export { toneOf };

function title(m: { code: number; reason: string }): string {
  return `${m.code} ${m.reason}`;
}

function codeAction(code: number): Action | undefined {
  const r = getCode(code);
  return r ? { label: title(r), query: String(code) } : undefined;
}

function rfcField(r: SipCode): Field | undefined {
  if (r.reference.rfc === 'none') return { label: 'Defined by', value: r.seenIn.join(', ') || 'no RFC', url: r.reference.url };
  const section = r.reference.section ? ` §${r.reference.section}` : '';
  return { label: 'RFC', value: `${r.reference.rfc}${section}`, url: r.reference.url };
}

function statusText(r: SipCode): string | undefined {
  switch (r.status) {
    case 'current':
      return undefined;
    case 'deprecated':
      return `Deprecated (${r.reference.rfc})`;
    case 'reserved':
      return 'Reserved: registered, but no meaning is defined';
    case 'historic':
      return 'Historic: RFC 2543 only, removed by RFC 3261, never registered';
    case 'nonstandard':
      return `Not registered: ${r.seenIn.length ? `used by ${r.seenIn.join(', ')}` : 'vendor or stack-internal'}`;
  }
}

function kindText(code: number): string {
  if (code < 200) return 'Provisional (the call goes on)';
  if (code < 300) return 'Final, success';
  if (code <= 699) return 'Final';
  return 'Internal status, never on the wire';
}

/** The incident fields of a code: class, final or not, retry, who sends it, RFC, status. */
function codeFields(r: SipCode, compact = false): Field[] {
  const fields: Field[] = [];
  const digit = Math.floor(r.code / 100);
  fields.push({ label: 'Class', value: digit >= 1 && digit <= 6 ? `${r.class} ${className(r.code)}` : `${r.class} (not a SIP class)` });
  fields.push({ label: 'Type', value: kindText(r.code) });
  fields.push({ label: 'Retry', value: r.retry });
  if (!compact) fields.push({ label: 'Sent by', value: r.sentBy });
  const rfc = rfcField(r);
  if (rfc) fields.push(rfc);
  const status = statusText(r);
  if (status) fields.push({ label: 'Status', value: status });
  return fields;
}

/** The full explanation of one code. */
function codeBlocks(r: SipCode): Block[] {
  const blocks: Block[] = [{ type: 'fields', fields: codeFields(r) }, { type: 'text', text: r.explanation }];
  if (r.causes.length) blocks.push({ type: 'list', title: 'Likely causes', items: r.causes });
  if (r.checks.length) blocks.push({ type: 'list', title: 'What to check', items: r.checks });
  if (r.note) blocks.push({ type: 'text', text: r.note });
  if (r.variants.length) blocks.push({ type: 'context', text: `Also sent as: ${r.variants.map((v) => `"${v}"`).join(', ')}` });
  return blocks;
}

function relatedActions(r: SipCode): Action[] {
  return r.related.map(codeAction).filter((a): a is Action => a !== undefined);
}

function relatedContext(r: SipCode): Block[] {
  const names = r.related.map((c) => getCode(c)).filter((x): x is SipCode => !!x).map(title);
  return names.length ? [{ type: 'context', text: `Related: ${names.join(' · ')}` }] : [];
}

function finish(reply: Omit<Reply, 'text'>): Reply {
  return { ...reply, text: renderText({ ...reply, text: '' }) };
}

function noticeBlocks(a: Answer): Block[] {
  return a.notices?.length ? [{ type: 'context', text: a.notices.join(' ') }] : [];
}

function codeReply(a: Answer): Reply {
  const m = a.matches[0]!;
  const r = getCode(m.code);
  if (m.treatAs !== undefined) {
    const fallback = getCode(m.treatAs);
    const blocks: Block[] = [];
    if (r) blocks.push({ type: 'text', text: `${r.explanation}` }, ...(r.note ? [{ type: 'text' as const, text: r.note }] : []));
    blocks.push({
      type: 'text',
      text: `RFC 3261 §8.1.3.2: a user agent that receives a response code it does not recognise treats it as the x00 code of its class, so ${m.code} is handled as ${m.treatAs}${fallback ? ` ${fallback.reason}` : ''}. Check the reason phrase and any Reason or Warning header for what the sender meant.`,
    });
    if (fallback) blocks.push({ type: 'heading', text: `Treated as ${title(fallback)}`, tone: toneOf(fallback.code) }, { type: 'text', text: fallback.summary }, { type: 'fields', fields: codeFields(fallback, true) });
    return finish({
      title: `${m.code} (not registered)`,
      lead: `${m.code} is not a registered SIP response code; it is treated as ${m.treatAs}${fallback ? ` ${fallback.reason}` : ''}.`,
      tone: toneOf(m.code),
      blocks: [...blocks, ...noticeBlocks(a)],
      actions: [codeAction(m.treatAs)].filter((x): x is Action => !!x),
    });
  }
  if (!r) {
    return finish({ title: `${m.code} ${m.reason}`, lead: m.summary, tone: 'warning', blocks: noticeBlocks(a), actions: [] });
  }
  const nonstandard = r.status === 'nonstandard';
  // A question about a Q.850 cause: say how it maps before explaining the SIP code.
  const causeFirst: Block[] = (a.causes ?? []).map((c) => ({ type: 'text', text: c.description }));
  return finish({
    title: nonstandard ? `${title(r)} (non-standard)` : title(r),
    lead: r.summary,
    tone: nonstandard && r.code > 699 ? 'warning' : toneOf(r.code),
    blocks: [...causeFirst, ...codeBlocks(r), ...relatedContext(r), ...noticeBlocks(a)],
    actions: relatedActions(r),
  });
}

const PAIR_DIFFERENCE: Record<string, string> = {
  '1-2': 'a 1xx only says the call is progressing; a 2xx means it was answered.',
  '1-4': 'a 1xx only says the call is progressing; a 4xx ends the attempt at this destination.',
  '1-5': 'a 1xx only says the call is progressing; a 5xx is a server failure that ends the attempt.',
  '1-6': 'a 1xx only says the call is progressing; a 6xx ends the call everywhere.',
  '2-4': 'the 2xx succeeded; the 4xx failed at that destination.',
  '2-6': 'the 2xx succeeded; the 6xx is a refusal that holds everywhere.',
  '3-4': 'a 3xx points the caller somewhere else; a 4xx is a failure at that destination.',
  '4-5': 'a 4xx blames the request or the callee at that destination; a 5xx blames a server on the path, and another server or a later retry may work.',
  '4-6': 'a 4xx speaks only for the destination that sent it, so a proxy may still try other locations; a 6xx holds everywhere and stops the search.',
  '5-6': 'a 5xx is a server failure that another server or a later retry may fix; a 6xx is a definitive answer from the callee that holds everywhere.',
};

function comparisonLead(ms: Match[]): string {
  const [a, b] = ms;
  if (!a || !b) return '';
  const da = Math.floor(a.code / 100);
  const db = Math.floor(b.code / 100);
  if (ms.length === 2 && da !== db) {
    const key = `${Math.min(da, db)}-${Math.max(da, db)}`;
    const diff = PAIR_DIFFERENCE[key];
    if (diff) return `${a.code} is ${a.class} and ${b.code} is ${b.class}: ${diff}`;
  }
  if (ms.every((m) => Math.floor(m.code / 100) === da)) return `All are ${a.class} ${a.className} codes; they differ in who sends them and why.`;
  return ms.map((m) => `${m.code} ${m.reason}`).join(', ') + ': see how each is used below.';
}

function codesReply(a: Answer): Reply {
  const ms = a.matches;
  const blocks: Block[] = [];
  for (const m of ms) {
    const r = getCode(m.code);
    blocks.push({ type: 'heading', text: title(m), tone: toneOf(m.code) }, { type: 'text', text: m.summary });
    if (r) blocks.push({ type: 'fields', fields: [{ label: 'Sent by', value: r.sentBy }, ...codeFields(r, true)] });
  }
  const head = ms.length <= 3 ? ms.map(title).join(' vs ') : `${ms.length} codes: ${ms.map((m) => m.code).join(', ')}`;
  return finish({
    title: head,
    lead: comparisonLead(ms),
    tone: toneOf(ms[ms.length - 1]!.code),
    blocks: [...blocks, ...noticeBlocks(a)],
    actions: ms.map((m) => codeAction(m.code)).filter((x): x is Action => !!x),
  });
}

function classReply(a: Answer): Reply {
  const info = a.classInfo!;
  return finish({
    title: `${info.class} ${info.name}`,
    lead: info.meaning,
    tone: toneOf(Number(info.class[0]) * 100),
    blocks: [{ type: 'list', title: `${info.codes.length} registered codes`, items: a.matches.map((m) => `${m.code} ${m.reason}: ${m.summary}`) }, ...noticeBlocks(a)],
    actions: a.matches.map((m) => ({ label: title(m), query: String(m.code) })),
  });
}

const CONFIDENCE_WORDS = { high: 'fairly sure', medium: 'a likely match', low: 'a guess' } as const;

/** Candidates far below the best guess are noise in a busy channel; the JSON keeps them all. */
const OTHER_CANDIDATE_MIN = 0.25;

function searchReply(a: Answer): Reply {
  const [best, ...rest] = a.matches;
  const others = rest.filter((m) => (m.confidence ?? 0) >= OTHER_CANDIDATE_MIN).slice(0, 3);
  const r = getCode(best!.code)!;
  const confidence = a.confidence ?? 'low';
  const blocks: Block[] = [
    { type: 'context', text: `Best guess for "${a.query}": ${CONFIDENCE_WORDS[confidence]} (${confidence} confidence).${a.notices?.length ? ` ${a.notices.join(' ')}` : ''}` },
    { type: 'fields', fields: codeFields(r, true) },
  ];
  if (r.causes.length) blocks.push({ type: 'list', title: 'Likely causes', items: r.causes.slice(0, 4) });
  if (r.checks.length) blocks.push({ type: 'list', title: 'What to check', items: r.checks.slice(0, 4) });
  if (others.length) blocks.push({ type: 'list', title: 'Other candidates', items: others.map((m) => `${m.code} ${m.reason}: ${m.summary}`) });
  return finish({
    title: title(best!),
    lead: r.summary,
    tone: toneOf(best!.code),
    blocks,
    actions: [best!, ...others].map((m) => ({ label: title(m), query: String(m.code) })),
  });
}

function helpReply(a: Answer): Reply {
  return finish({
    title: 'sipbot',
    lead: 'I explain SIP response codes, Q.850 causes and pasted SIP logs.',
    tone: 'neutral',
    blocks: [
      { type: 'list', title: 'Ask me', items: ['a code: 603, sip 486, SIP/2.0 503 Service Unavailable', 'a comparison: 486 vs 600', 'a class: 6xx', 'a symptom: codec mismatch, calls drop after 30 minutes, caller hung up', 'a paste: log lines or a whole SIP trace, and I sum up the call'] },
      ...noticeBlocks(a),
    ],
    actions: [
      { label: '603 Decline', query: '603' },
      { label: '486 vs 600', query: '486 vs 600' },
      { label: '6xx class', query: '6xx' },
      { label: 'codec mismatch', query: 'codec mismatch' },
    ],
  });
}

function causeOnlyReply(a: Answer): Reply {
  const first = a.causes![0]!;
  return finish({
    title: first.internal ? `${first.as}: FreeSWITCH cause ${first.cause}` : `Q.850 cause ${first.cause}: ${first.name}`,
    lead: a.understood,
    tone: 'neutral',
    blocks: [{ type: 'context', text: 'Q.850 causes come from ISUP/ISDN and PBX hangup logic; RFC 3398 maps the failure causes to SIP responses.' }],
    actions: [],
  });
}

/** How many checks a symptom reply shows: an incident channel needs the first few, not a manual. */
const SYMPTOM_CHECKS = 5;

/** A symptom: what it usually means first, then the codes involved (or that none is), what to check
 * per stack, related symptoms. Uses only the shared block types, so every renderer shows it. */
function symptomReply(a: Answer): Reply {
  const [best, ...others] = a.symptoms!;
  const codes = best!.codes.map((c) => getCode(c)).filter((r): r is SipCode => !!r);
  const blocks: Block[] = [{ type: 'text', text: best!.means }];
  blocks.push(
    codes.length
      ? { type: 'list', title: 'SIP codes involved', items: codes.map((r) => `${title(r)}: ${r.summary}`) }
      : { type: 'context', text: 'No SIP response code describes this: signalling worked, so look at the media path.' },
  );
  if (best!.causes.length) blocks.push({ type: 'context', text: `Q.850 causes involved: ${best!.causes.join(', ')}` });
  blocks.push({ type: 'list', title: 'What to check', items: best!.checks.slice(0, SYMPTOM_CHECKS).map((c) => (c.stack === 'any' ? c.check : `${c.stack}: ${c.check}`)) });
  if (best!.checks.length > SYMPTOM_CHECKS) blocks.push({ type: 'context', text: `…and ${best!.checks.length - SYMPTOM_CHECKS} more checks in the JSON answer (--json).` });
  const related = [...new Set([...others.map((s) => s.name), ...best!.related.map((id) => getSymptom(id)?.name).filter((n): n is string => !!n)])];
  if (related.length) blocks.push({ type: 'context', text: `Related symptoms: ${related.slice(0, 4).join(' · ')}` });
  blocks.push(...noticeBlocks(a));
  return finish({
    title: best!.name,
    lead: best!.summary,
    tone: codes[0] ? toneOf(codes[0].code) : 'neutral',
    blocks,
    actions: codes.slice(0, 4).map((r) => ({ label: title(r), query: String(r.code) })),
  });
}

function notSipReply(a: Answer): Reply {
  return finish({
    title: 'Not a SIP response question',
    lead: a.understood,
    tone: 'neutral',
    blocks: [{ type: 'list', title: 'Ask me', items: ['a code: 603 or sip 486', 'a comparison: 486 vs 600', 'a symptom: one-way audio, calls drop after 32 seconds, registration loop', 'a pasted log line or SIP trace'] }],
    actions: [
      { label: 'help', query: 'help' },
      { label: 'one-way audio', query: 'one-way audio' },
    ],
  });
}

function noneReply(a: Answer): Reply {
  if (a.causes?.length) return causeOnlyReply(a);
  if (a.notSip) return notSipReply(a);
  return finish({
    title: 'No match',
    lead: a.notices?.length ? a.notices[0]! : a.understood,
    tone: 'neutral',
    blocks: [
      ...(a.notices && a.notices.length > 1 ? [{ type: 'context' as const, text: a.notices.slice(1).join(' ') }] : []),
      { type: 'list', title: 'Try', items: ['a code: 603 or sip 486', 'a comparison: 486 vs 600', 'a class: 4xx', 'a symptom: busy, codec mismatch, one-way audio after 183', 'a pasted log line or SIP trace'] },
    ],
    actions: [
      { label: 'help', query: 'help' },
      { label: '4xx class', query: '4xx' },
    ],
  });
}

/** A log reply plus what came from a capture and the decoded Identity headers (blocks added at the end). */
function withCaptureAndIdentity(reply: Reply, a: Answer): Reply {
  const extra: Block[] = [];
  const c = a.log?.capture;
  if (c) {
    const cut = c.truncated ? ' The capture is cut short: only the whole packets before the break are explained.' : '';
    const none = c.sipMessages === 0 ? ' No SIP in it (SIP is found by content on any port, over UDP or TCP).' : '';
    extra.push({ type: 'context', text: `From a ${c.format} capture: ${c.packets} packet(s), ${c.sipMessages} SIP message(s).${none}${cut}` });
  }
  if (a.identity?.length) extra.push(...identityBlocks(a.identity));
  if (!extra.length) return reply;
  const title = c && c.sipMessages === 0 ? 'Capture without SIP' : reply.title;
  const lead = c && c.sipMessages === 0 ? a.understood : reply.lead;
  const head = title === reply.title && lead === reply.lead ? reply.text : `${title}: ${lead}\n${reply.text.split('\n').slice(1).join('\n')}`;
  return { ...reply, title, lead, blocks: [...reply.blocks, ...extra], text: `${head}\n\n${blocksText(extra)}`.trim() };
}

function identityReply(a: Answer): Reply {
  const found = a.identity ?? [];
  const bad = found.some((f) => f.problems.length > 0);
  return finish({
    title: 'STIR/SHAKEN Identity',
    lead: a.understood,
    tone: bad ? 'warning' : 'success',
    blocks: identityBlocks(found),
    actions: [
      { label: '438 Invalid Identity Header', query: '438' },
      { label: '608 Rejected', query: '608' },
    ],
  });
}

export function toReply(a: Answer): Reply {
  switch (a.intent) {
    case 'code':
      return codeReply(a);
    case 'codes':
      return codesReply(a);
    case 'class':
      return classReply(a);
    case 'search':
      return searchReply(a);
    case 'symptom':
      return a.symptoms?.length ? symptomReply(a) : noneReply(a);
    case 'log':
      return a.log ? withCaptureAndIdentity(logReply(a.log), a) : noneReply(a);
    case 'identity':
      return identityReply(a);
    case 'help':
      return helpReply(a);
    case 'none':
      return noneReply(a);
  }
}
