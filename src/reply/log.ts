// Builds the neutral Reply for an explained log: outcome first, then the ladder, one short part per code,
// Q.850 causes with their SIP mapping, warnings and HTTP lines. Plain text only (renderers escape and add
// markup). Must not depend on platform SDKs or adapters; no I/O.

import type { CauseFinding, CodeSummary, LogReport, PhraseCheck } from '../log/types.js';
import { toneOf as classTone } from './tone.js';
import { renderText } from './text.js';
import type { Action, Block, Reply, Tone } from './types.js';

/** Distinct codes given their own part; the rest are listed in one line. */
const MAX_CODE_PARTS = 6;
const MAX_LADDER_CHARS = 1400;
const MAX_LIST_ITEMS = 6;

export function logReply(report: LogReport): Reply {
  const final = finalCode(report);
  const tone = toneOf(final, report);
  const title = final ? `${final.code} ${final.reason ?? final.phrases[0] ?? ''}`.trim() : report.http.length ? 'HTTP, not SIP' : 'Pasted log';
  const blocks: Block[] = [];

  if (report.flow) {
    blocks.push({ type: 'code', text: fitLadder(report.flow.ladder) });
    const calls = report.flow.calls > 1 ? ` The paste holds ${report.flow.calls} calls; the ladder shows the first.` : '';
    blocks.push({ type: 'context', text: `${report.flow.diagnosis}.${calls}` });
  }

  const shown = report.summary.slice(0, MAX_CODE_PARTS);
  for (const s of shown) {
    blocks.push({ type: 'heading', text: `${s.code} ${s.reason ?? s.phrases[0] ?? ''}`.trim(), tone: classTone(s.code) });
    blocks.push({ type: 'text', text: codeText(s) });
  }
  if (report.summary.length > MAX_CODE_PARTS) {
    const rest = report.summary.slice(MAX_CODE_PARTS).map((s) => `${s.code} ×${s.count} (line ${s.firstLine})`);
    blocks.push({ type: 'text', text: `Also found: ${rest.join(', ')}.` });
  }
  if (report.findingCount > 20) {
    blocks.push({ type: 'context', text: `Counts: ${report.summary.map((s) => `${s.code} ×${s.count} (lines ${s.firstLine}–${s.lastLine})`).join(', ')}.` });
  }

  const q = report.causes.filter((c) => c.q850);
  if (q.length) blocks.push({ type: 'list', title: 'Q.850 causes', items: uniqueCauses(q).map(causeItem) });
  const internal = report.causes.filter((c) => !c.q850);
  if (internal.length) blocks.push({ type: 'list', title: 'FreeSWITCH causes (not Q.850)', items: uniqueCauses(internal).map(causeItem) });

  if (report.warnings.length) {
    blocks.push({
      type: 'list',
      title: 'Warning headers',
      items: report.warnings.slice(0, MAX_LIST_ITEMS).map((w) => {
        const reg = w.registered ? `${w.registeredText}: ${w.meaning}` : 'not in the IANA warn-code registry';
        const clash = w.clash ? ` Note: ${w.clash}` : '';
        return `${w.code} "${w.text}" from ${w.agent} (line ${w.line}): ${reg}${clash}`;
      }),
    });
  }
  if (report.http.length) {
    const items = report.http.slice(0, 3).map((h) => `line ${h.line}: HTTP ${h.code}`);
    blocks.push({ type: 'context', text: `HTTP, not SIP: ${items.join('; ')}${report.http.length > 3 ? ` (+${report.http.length - 3} more)` : ''}. HTTP statuses are not SIP responses.` });
  }
  if (report.notes.length) blocks.push({ type: 'context', text: report.notes.slice(0, 4).join('. ') });
  const meta: string[] = [];
  if (report.programs.length) meta.push(`Recognised: ${report.programs.join(', ')}`);
  meta.push(`${report.lineCount} line${report.lineCount === 1 ? '' : 's'}`);
  if (report.truncated) meta.push(`details for the first ${report.findings.length} of ${report.findingCount} findings`);
  blocks.push({ type: 'context', text: meta.join(' · ') });

  const actions: Action[] = report.summary.slice(0, 10).map((s) => ({
    label: `${s.code} ${s.reason ?? s.phrases[0] ?? ''}`.trim(),
    query: String(s.code),
  }));

  const reply: Reply = { title, lead: report.outcome, tone, blocks, actions, text: '' };
  reply.text = renderText(reply);
  return reply;
}

function finalCode(r: LogReport): CodeSummary | undefined {
  // The last final response on the wire or reported wins; fall back to the last code of any kind.
  const finals = r.findings.filter((f) => (f.role === 'response' || f.role === 'reported') && f.code >= 200);
  const last = finals[finals.length - 1];
  const code = last?.code ?? r.summary[r.summary.length - 1]?.code;
  return r.summary.find((s) => s.code === code);
}

function toneOf(final: CodeSummary | undefined, r: LogReport): Tone {
  if (!final) return r.http.length || r.causes.length ? 'warning' : 'neutral';
  if (final.nonstandard && final.status !== 'current') return 'warning';
  return classTone(final.code);
}


const PHRASE_NOTE: Partial<Record<PhraseCheck, (sent: string, reg: string) => string>> = {
  variant: (sent, reg) => `Sent as "${sent}", a known variant of "${reg}".`,
  different: (sent, reg) => `Sent as "${sent}", which differs from the registered "${reg}": the code, not the phrase, is what counts.`,
  truncated: (sent) => `Shown cut off as "${sent}".`,
};

function codeText(s: CodeSummary): string {
  const parts: string[] = [];
  if (s.meaning) parts.push(s.meaning);
  else parts.push('Not in the registry: a non-standard or stack-internal code, not a response defined by an RFC.');
  if (s.nonstandard && s.meaning) parts.push(`Flagged ${s.status === 'unregistered' ? 'unregistered' : s.status}: not an IANA-registered response.`);
  const lines = s.lines.join(', ') + (s.count > s.lines.length ? ` (${s.count} in all, last on line ${s.lastLine})` : '');
  parts.push(`Line${s.lines.length === 1 && s.count === 1 ? '' : 's'} ${lines}.`);
  const roles = s.roles.filter((r) => r !== 'response');
  if (roles.length) parts.push(`Seen as: ${roles.map(roleText).join(', ')}.`);
  const sent = s.phrases[0];
  const note = sent && s.reason ? PHRASE_NOTE[s.phraseCheck]?.(pickPhrase(s), s.reason) : undefined;
  if (note) parts.push(note);
  return parts.join(' ');
}

function pickPhrase(s: CodeSummary): string {
  if (!s.reason) return s.phrases[0] ?? '';
  const reg = s.reason.toLowerCase();
  return s.phrases.find((p) => p.toLowerCase() !== reg) ?? s.phrases[0] ?? '';
}

function roleText(r: string): string {
  switch (r) {
    case 'reported':
      return 'reported by a log or record';
    case 'expected':
      return 'expected by the program';
    case 'reason-header':
      return 'the cause in a Reason header';
    case 'configured':
      return 'a reply the script is written to send';
    default:
      return r;
  }
}

function uniqueCauses(cs: CauseFinding[]): CauseFinding[] {
  const seen = new Set<string>();
  const out: CauseFinding[] = [];
  for (const c of cs) {
    const k = `${c.cause}|${c.name}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
    if (out.length >= MAX_LIST_ITEMS) break;
  }
  return out;
}

function causeItem(c: CauseFinding): string {
  const printed = c.printed !== String(c.cause) && c.printed !== c.name ? ` as ${c.printed}` : '';
  if (!c.q850) {
    const sip = c.internalSip ? ` Sent as SIP ${c.internalSip}.` : '';
    return `${c.name} (FreeSWITCH ${c.cause}, line ${c.line}): ${c.note ?? 'program-internal cause'}${sip}`;
  }
  const m = c.sip;
  let map = '';
  if (m) {
    const rfc = m.rfc3398 ? `SIP ${m.rfc3398} per RFC 3398` : 'no SIP error per RFC 3398';
    const diffs: string[] = [];
    if (m.differs) {
      if (m.freeswitch !== null && m.freeswitch !== m.rfc3398) diffs.push(`FreeSWITCH sends ${m.freeswitch}`);
      if (m.asterisk !== null && m.asterisk !== m.rfc3398) diffs.push(`Asterisk sends ${m.asterisk}`);
    }
    map = ` → ${rfc}${diffs.length ? ` (${diffs.join(', ')})` : ''}.`;
  }
  const note = c.note ? ` ${c.note}` : '';
  return `${c.cause} ${c.name} (line ${c.line}${printed})${map}${note}`;
}

function fitLadder(ladder: string): string {
  if (ladder.length <= MAX_LADDER_CHARS) return ladder;
  const rows = ladder.split('\n');
  const head = rows.slice(0, 13);
  const tail = rows.slice(-10);
  return [...head, ` … ${rows.length - head.length - tail.length} rows …`, ...tail].join('\n');
}
