// The generic evidence layer on its own: cues that make a number a SIP status, vetoes, silence when cues
// disagree, CSV status columns; and the cue data's invariants.
import { describe, expect, it } from 'vitest';
import cuesRaw from '../../data/log-cues.json' with { type: 'json' };
import { parseData } from '../../src/causes/data.js';
import { cueFileSchema, cues } from '../../src/log/formats/generic.js';
import { explainLog } from '../../src/log/explain.js';

const codes = (t: string) => explainLog(t).codes;

describe('generic evidence: a number is a SIP code when its context says so', () => {
  it.each([
    ['2024-05-01 10:00:01 call rejected: Not Found [404]', [404]],
    ['trunk1: outbound call got Busy Here (486)', [486]],
    ['[ERROR] peer responded with 503 Service Unavailable', [503]],
    ['{"event":"call_end","sipResponseCode":480,"dur":0}', [480]],
    ['level=warn msg="call failed" hangup_sip_code=408 uuid=abc', [408]],
    ['INVITE leg ended, X-Final-Status: 603', [603]],
    ['registration to sip.example.com failed, status code 401', [401]],
  ])('%j', (line, want) => {
    expect(codes(line)).toEqual(want);
  });

  it.each([
    ['call to 2001 lasted 486 ms on trunk sip1'],
    ['INVITE retransmitted, rtp port 486, expires=600 for sip user'],
    ['sip stack at res_pjsip.c:486 reached'],
    ['sip peer 10.0.486.1 registered'],
    ['hangup cause 486 received on sip call'],
    ['sip call rejected: 486 Not Found'],
    ['processed 500 calls over sip in 404 seconds'],
  ])('no code in %j', (line) => {
    expect(codes(line)).toEqual([]);
  });

  it('reads the status column of a CSV export with a header row', () => {
    const csv = 'start,caller,callee,sip_status,duration\n2024-01-01 10:00,1001,2002,486,0\n2024-01-01 10:01,1001,2003,200,31\n';
    expect(codes(csv)).toEqual([486, 200]);
  });
});

describe('data/log-cues.json', () => {
  it('validates, and a bad record fails naming the field', () => {
    expect(() => parseData('cues', cueFileSchema, cuesRaw)).not.toThrow();
    expect(() => parseData('cues', cueFileSchema, { ...cuesRaw, threshold: 0 })).toThrow(/cues: "threshold"/);
  });

  it('keeps its lists disjoint: a veto is never a cue', () => {
    const veto = new Set([...cues.vetoWords, ...cues.vetoUnits]);
    for (const w of cues.statusWords) expect(veto.has(w), w).toBe(false);
    for (const k of cues.statusKeys) expect(cues.vetoWords.includes(k), k).toBe(false);
    for (const list of [cues.statusWords, cues.vetoWords, cues.vetoUnits, cues.statusKeys]) expect(new Set(list).size).toBe(list.length);
    // No single cue is enough without context: a status word alone never reaches the threshold.
    expect(cues.weights.statusWord).toBeLessThan(cues.threshold);
  });
});

describe('findings keep what a code answer says', () => {
  it('carries causes, checks and the cause the stack sets, and the line that explains the failure', () => {
    const r = explainLog('2024-05-01 10:00:01 [WARNING] res_pjsip_outbound_authenticator_digest.c: Failed to get credentials for 407 response\nSIP/2.0 407 Proxy Authentication Required');
    const f = r.findings.find((x) => x.code === 407)!;
    expect(f.checks?.length).toBeGreaterThan(0);
    expect(f.cause).toMatchObject({ cause: 21, direction: 'sip-to-cause' });
    expect(r.notes.join(' ')).toMatch(/Failed to get credentials for 407 response/);
  });
});

describe('folded headers', () => {
  it('reads a Reason or Warning header continued on the next line whole', () => {
    const r = explainLog('SIP/2.0 503 Service Unavailable\r\nReason: Q.850\r\n ;cause=34;text="No circuit"\r\nWarning: 399 sbc.example.com\r\n "No route to gateway"\r\n');
    expect(r.q850.map((q) => q.cause)).toEqual([34]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 399, agent: 'sbc.example.com', text: 'No route to gateway' })]);
  });
});

describe('program names', () => {
  it('a res_pjsip log is Asterisk PJSIP, and its causes use Asterisk tables', () => {
    const r = explainLog('[2024-05-01 10:00:01] WARNING[1234]: res_pjsip_session.c:3456 ast_sip_session_terminate: sip call got response 503 Service Unavailable');
    expect(r.programs).toContain('asterisk-pjsip');
    expect(r.programs).not.toContain('asterisk-chan_sip');
    expect(r.findings[0]?.cause).toMatchObject({ cause: 34, stack: 'asterisk' });
  });
});
