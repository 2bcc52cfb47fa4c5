// The pure core: what answer() understands and what it returns, for every way ops people ask.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answer, toReply, allCodes, getCode } from '../../src/index.js';

const tsv = readFileSync(fileURLToPath(new URL('../fixtures/reference/sip-response-codes.tsv', import.meta.url)), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));

describe('answer: one code', () => {
  it.each(['603', 'sip 603', 'SIP/2.0 603 Decline', 'what does 603 mean?', '603?', 'SIP 603', '  603  ', 'why are calls failing with 603?'])(
    'answers %j as 603 Decline',
    (q) => {
      const a = answer(q);
      expect(a.intent).toBe('code');
      expect(a.matches[0]).toMatchObject({ code: 603, reason: 'Decline', class: '6xx', final: true, registered: true });
    },
  );

  it('answers every code of the IANA table as itself with its reason phrase', () => {
    for (const [code, phrase] of tsv) {
      const a = answer(code!);
      expect(a.intent, code).toBe('code');
      expect(a.matches[0]?.code, code).toBe(Number(code));
      expect(a.matches[0]?.reason, code).toBe(phrase);
      const reply = toReply(a);
      expect(reply.title).toContain(`${code} ${phrase}`);
      expect(reply.text).toContain(phrase!);
    }
  });

  it('flags 409 and 411 as historic, not registered', () => {
    for (const c of [409, 411]) {
      const m = answer(String(c)).matches[0]!;
      expect(m).toMatchObject({ code: c, status: 'historic', registered: false });
      expect(toReply(answer(String(c))).text).toMatch(/Historic/);
    }
  });

  it('says 202 is deprecated and 402 reserved', () => {
    expect(answer('202').matches[0]!.status).toBe('deprecated');
    expect(answer('402').matches[0]!.status).toBe('reserved');
  });

  it('answers an unregistered code in range with its x00 fallback (RFC 3261 §8.1.3.2)', () => {
    for (const [c, fallback] of [[499, 400], [542, 500], [699, 600], [199 + 100, 200]] as const) {
      const a = answer(String(c));
      expect(a.intent).toBe('code');
      expect(a.matches[0]).toMatchObject({ code: c, registered: false, treatAs: fallback, section: '8.1.3.2' });
      expect(a.matches[1]?.code).toBe(fallback);
      const reply = toReply(a);
      expect(reply.title).toBe(`${c} (not registered)`);
      expect(reply.text).toContain('§8.1.3.2');
      expect(reply.actions.map((x) => x.query)).toContain(String(fallback));
    }
  });

  it('answers a known non-standard code and flags it', () => {
    const a = answer('701');
    expect(a.intent).toBe('code');
    expect(a.matches[0]).toMatchObject({ code: 701, registered: false, status: 'nonstandard' });
    expect(toReply(a).title).toMatch(/non-standard/);
  });

  it('leads a code reply with the meaning, then incident fields, causes, checks and related codes', () => {
    const reply = toReply(answer('603'));
    expect(reply.title).toBe('603 Decline');
    expect(reply.lead).toBe(getCode(603)!.summary);
    expect(reply.tone).toBe('global-failure');
    const fields = reply.blocks.find((b) => b.type === 'fields');
    expect(fields && fields.type === 'fields' && fields.fields.map((f) => f.label)).toEqual(expect.arrayContaining(['Class', 'Type', 'Retry', 'Sent by', 'RFC']));
    const rfc = fields && fields.type === 'fields' ? fields.fields.find((f) => f.label === 'RFC') : undefined;
    expect(rfc).toMatchObject({ value: 'RFC 3261 §21.6.2', url: 'https://www.rfc-editor.org/rfc/rfc3261#section-21.6.2' });
    expect(reply.blocks.some((b) => b.type === 'list' && b.title === 'Likely causes')).toBe(true);
    expect(reply.blocks.some((b) => b.type === 'list' && b.title === 'What to check')).toBe(true);
    expect(reply.actions.map((x) => x.query)).toEqual(getCode(603)!.related.map(String));
    expect(reply.text.startsWith('603 Decline: ')).toBe(true);
  });
});

describe('answer: several codes and classes', () => {
  it.each(['486 vs 600', '486 600', 'difference between 486 and 600?', '486 or 600'])('compares %j', (q) => {
    const a = answer(q);
    expect(a.intent).toBe('codes');
    expect(a.matches.map((m) => m.code)).toEqual([486, 600]);
    expect(a.differences?.length).toBeGreaterThan(0);
    const reply = toReply(a);
    expect(reply.title).toBe('486 Busy Here vs 600 Busy Everywhere');
    expect(reply.lead).toMatch(/6xx/);
  });

  it.each([['6xx', 6], ['4xx', 4], ['what is a 5XX', 5], ['1xx', 1]] as const)('answers %j as a class', (q, digit) => {
    const a = answer(q);
    expect(a.intent).toBe('class');
    expect(a.classInfo?.class).toBe(`${digit}xx`);
    const expected = allCodes().filter((r) => Math.floor(r.code / 100) === digit && ['current', 'deprecated', 'reserved'].includes(r.status)).map((r) => r.code);
    expect(a.matches.map((m) => m.code)).toEqual(expected);
  });
});

describe('answer: helpful replies for everything else', () => {
  it.each(['', '   ', '\n\n', 'help', '--help'])('answers %j with help', (q) => {
    const a = answer(q);
    expect(a.intent).toBe('help');
    expect(a.examples?.length).toBeGreaterThan(2);
    expect(toReply(a).text.length).toBeGreaterThan(50);
  });

  it.each(['99', '700', '1234', 'sip 9999', '0'])('explains that %j is not a SIP code', (q) => {
    const a = answer(q);
    expect(a.intent).toBe('none');
    expect(a.notices?.join(' ')).toMatch(/100 to 699|outside the SIP range/);
    expect(toReply(a).lead).toMatch(/not a SIP response code|outside the SIP range/);
  });

  it.each(['hello', '__proto__', 'constructor', 'toString', 'qwxzv blorp', '{}', '🙂', 'null', 'undefined', 'the weather is nice today', 'lorem ipsum dolor sit amet', 'good morning team'])('answers %j with no match, never an error', (q) => {
    const a = answer(q);
    expect(['none', 'help']).toContain(a.intent);
    expect(a.matches).toEqual([]);
    const reply = toReply(a);
    expect(reply.text).toMatch(/Try|Ask me/);
  });

  it('never throws on odd input types', () => {
    for (const v of [undefined, null, 42, {}, [], Symbol.iterator.toString()]) expect(() => toReply(answer(v))).not.toThrow();
  });

  it('does not take quantities for codes', () => {
    for (const q of ['486 bytes', 'port 5060', 'after 300 ms', '10.0.0.200', 'CSeq 102']) {
      expect(answer(q).matches.map((m) => m.code), q).not.toContain(Number(/\d{3}/.exec(q)![0]));
    }
  });

  it('reads plurals and slashes as codes', () => {
    expect(answer('getting lots of 503s').matches[0]?.code).toBe(503);
    expect(answer("488's on the trunk").matches[0]?.code).toBe(488);
    expect(answer('603/607').matches.map((m) => m.code)).toEqual([603, 607]);
    expect(answer('30 s').intent).toBe('none');
  });

  it('echoes at most 200 characters of the question', () => {
    expect(answer('x'.repeat(5000)).query.length).toBeLessThanOrEqual(200);
  });
});

describe('answer: phrase search', () => {
  it('names its best guess first and says how sure it is', () => {
    const a = answer('busy');
    expect(a.intent).toBe('search');
    expect([486, 600]).toContain(a.matches[0]!.code);
    expect(['high', 'medium', 'low']).toContain(a.confidence);
    expect(toReply(a).blocks[0]).toMatchObject({ type: 'context' });
    expect(toReply(a).text).toMatch(/confidence/);
  });

  it.each([
    ['codec mismatch', 488],
    ['callee rejected my call', 603],
    ['tempoarily unavailable', 480],
    ['Request Terminated', 487],
    ['Call Leg/Transaction Does Not Exist', 481],
    ['Internal Server Error', 500],
    ['Session in Progress', 183],
  ])('finds %j', (q, code) => {
    const a = answer(q);
    // "codec mismatch" is a symptom (data/symptoms.json) whose leading code is the same 488.
    expect(a.intent).toBe(q === 'codec mismatch' ? 'symptom' : 'search');
    expect(a.matches[0]!.code).toBe(code);
  });

  it('corrects typos and says so', () => {
    const a = answer('tempoarily unavailable');
    expect(a.notices?.join(' ')).toMatch(/tempoarily → temporarily/);
  });
});

describe('answer: pasted logs', () => {
  it('finds every status line of a pasted trace, in order of first appearance', () => {
    const trace = [
      'INVITE sip:bob@example.com SIP/2.0',
      'CSeq: 1 INVITE',
      '',
      'SIP/2.0 100 Trying',
      'SIP/2.0 180 Ringing',
      'SIP/2.0 486 Busy Here',
      'ACK sip:bob@example.com SIP/2.0',
    ].join('\n');
    const a = answer(trace);
    expect(a.intent).toBe('log');
    expect(a.matches.map((m) => [m.code, m.reason])).toEqual([
      [100, 'Trying'],
      [180, 'Ringing'],
      [486, 'Busy Here'],
    ]);
    expect(Array.isArray(a.q850)).toBe(true);
  });
});

describe('answer: Q.850 causes and hangup-cause names', () => {
  it.each([
    ['USER_BUSY', 17, 486],
    ['NORMAL_TEMPORARY_FAILURE', 41, 503],
    ['what is q850 cause 34', 34, 503],
    ['hangup cause=1', 1, 404],
    ['AST_CAUSE_CONGESTION', 34, 503],
  ])('maps %j to Q.850 %i and SIP %i per RFC 3398', (q, cause, sip) => {
    const a = answer(q);
    expect(a.intent).toBe('code');
    expect(a.q850).toEqual([expect.objectContaining({ cause })]);
    expect(a.matches[0]!.code).toBe(sip);
    expect(toReply(a).text).toMatch(new RegExp(`cause ${cause}`));
  });

  it('does not read the cause number as an out-of-range code', () => {
    const a = answer('cause 17');
    expect((a.notices ?? []).join(' ')).not.toMatch(/not a SIP response code/);
    expect(a.causes?.map((c) => c.cause)).toEqual([17]);
    expect(a.matches[0]?.code).toBe(486);
  });

  it('explains a cause with no SIP error mapping instead of saying no match', () => {
    const a = answer('NORMAL_CLEARING');
    expect(a.intent).toBe('none');
    expect(a.q850).toEqual([{ cause: 16, name: expect.any(String) }]);
    expect(toReply(a).title).toMatch(/^Q\.850 cause 16/);
  });

  it('maps FreeSWITCH-internal causes to the SIP code FreeSWITCH sends', () => {
    const a = answer('ORIGINATOR_CANCEL');
    expect(a.matches[0]!.code).toBe(487);
    expect(a.understood).toMatch(/FreeSWITCH-internal/);
  });
});
