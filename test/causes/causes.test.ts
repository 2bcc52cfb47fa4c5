// The causes layer: names in any style, both mapping directions with the stacks' differences and
// defaults (checked against FreeSWITCH mod_sofia/sofia_glue and Asterisk chan_pjsip/res_pjsip), descriptions.
import { describe, expect, it } from 'vitest';
import {
  allQ850Causes,
  causeToSip,
  describeCause,
  describeSipCause,
  findCauses,
  resolveCauseName,
  sipToCause,
  stackOf,
} from '../../src/causes/index.js';

describe('causes: recognise', () => {
  it.each([
    ['USER_BUSY', 17],
    ['UserBusy', 17],
    ['user_busy', 17],
    ['HangupReason.NoRouteDestination', 3],
    ['AST_CAUSE_BUSY', 17],
    ['SWITCH_CAUSE_NORMAL_TEMPORARY_FAILURE', 41],
    ['GWAPP_NO_USER_RESPONDING', 18],
  ])('%s is cause %i', (name, n) => {
    expect(resolveCauseName(name)).toMatchObject({ kind: 'q850', cause: n });
  });

  it('does not take ordinary words or identifiers for causes', () => {
    expect(resolveCauseName('CallManager')).toBeUndefined();
    expect(resolveCauseName('NOT_A_CAUSE')).toBeUndefined();
    expect(findCauses('the JavaScript SessionHandler crashed')).toEqual([]);
  });

  it.each([
    ['cause 38 - Network out of order', 38],
    ['call failed (cause 34)', 34],
    ['Q.850 cause 41', 41],
    ['disconnect cause: 17', 17],
    ['hangup_cause=19', 19],
  ])('finds the number in %j', (text, n) => {
    expect(findCauses(text).map((c) => c.cause)).toEqual([n]);
  });
});

describe('causes: map both directions', () => {
  it('ISUP cause -> SIP: RFC 3398 and the stacks, with their defaults', () => {
    expect(causeToSip(17, 'rfc3398')).toMatchObject({ sip: 486, via: 'table', direction: 'cause-to-sip' });
    expect(causeToSip(21, 'freeswitch').sip).toBe(603);
    expect(causeToSip(21, 'asterisk').sip).toBe(403);
    // chan_pjsip hangup_cause2sip() returns 0 for 41 and 16; res_pjsip_session sends 603 for 0.
    expect(causeToSip(41, 'asterisk')).toMatchObject({ sip: 603, via: 'default' });
    expect(causeToSip(16, 'asterisk')).toMatchObject({ sip: 603, via: 'default' });
    expect(causeToSip(41, 'freeswitch')).toMatchObject({ sip: 503, via: 'table' });
    // mod_sofia hangup_cause_to_sip() default is 480.
    expect(causeToSip(16, 'freeswitch')).toMatchObject({ sip: 480, via: 'default' });
    expect(causeToSip(16, 'rfc3398')).toMatchObject({ sip: null, via: 'none' });
    expect(causeToSip(38, 'asterisk').sip).toBe(500);
  });

  it('SIP -> cause: where RFC 3398, FreeSWITCH and Asterisk differ', () => {
    expect(sipToCause(480, 'rfc3398').cause).toBe(18);
    expect(sipToCause(480, 'freeswitch').cause).toBe(18);
    expect(sipToCause(480, 'asterisk').cause).toBe(19);
    expect(sipToCause(503, 'rfc3398').cause).toBe(41);
    expect(sipToCause(503, 'asterisk').cause).toBe(34);
    expect(sipToCause(408, 'rfc3398').cause).toBe(102);
    expect(sipToCause(408, 'asterisk').cause).toBe(18);
    expect(sipToCause(486, 'asterisk')).toMatchObject({ cause: 17, direction: 'sip-to-cause' });
  });

  it('FreeSWITCH: 815-818 are sent as 600/603/604/606; received 6xx become Q.850 causes', () => {
    expect(causeToSip(815, 'freeswitch').sip).toBe(600);
    expect(causeToSip(816, 'freeswitch').sip).toBe(603);
    expect(causeToSip(817, 'freeswitch').sip).toBe(604);
    expect(causeToSip(818, 'freeswitch').sip).toBe(606);
    expect(sipToCause(600, 'freeswitch')).toMatchObject({ cause: 17, name: 'USER_BUSY' });
    expect(sipToCause(603, 'freeswitch')).toMatchObject({ cause: 21, name: 'CALL_REJECTED' });
    expect(sipToCause(604, 'freeswitch')).toMatchObject({ cause: 3, name: 'NO_ROUTE_DESTINATION' });
    expect(sipToCause(606, 'freeswitch')).toMatchObject({ cause: 88, name: 'INCOMPATIBLE_DESTINATION' });
    expect(sipToCause(487, 'freeswitch')).toMatchObject({ cause: 487, name: 'ORIGINATOR_CANCEL', internal: true });
    expect(resolveCauseName('STALE_DATE')).toMatchObject({ kind: 'internal', internal: { sip: 403 } });
  });

  it('Asterisk falls back per class for codes it does not list', () => {
    expect(sipToCause(402, 'asterisk')).toMatchObject({ cause: 127, via: 'default' });
    expect(sipToCause(580, 'asterisk')).toMatchObject({ cause: 34, via: 'default' });
    expect(sipToCause(402, 'rfc3398').cause).toBe(21);
  });

  it('picks the stack from the program of the paste', () => {
    expect(stackOf('freeswitch')).toBe('freeswitch');
    expect(stackOf('asterisk-pjsip')).toBe('asterisk');
    expect(stackOf('kamailio')).toBe('rfc3398');
    expect(findCauses('cause 41', { source: 'asterisk-pjsip' })[0]).toMatchObject({ stack: 'asterisk' });
  });

  it('has the Q.850 values that were missing', () => {
    const have = new Set(allQ850Causes().map((c) => c.cause));
    for (const n of [39, 40, 46, 49, 83, 84, 85, 86]) expect(have.has(n), String(n)).toBe(true);
  });
});

describe('causes: describe', () => {
  it('says where the tables differ and what Asterisk really sends', () => {
    expect(describeCause(findCauses('USER_BUSY')[0]!)).toBe('USER_BUSY is Q.850 cause 17 (User busy): SIP 486 per RFC 3398.');
    expect(describeCause(41, { source: 'asterisk' })).toMatch(/Asterisk sends SIP 603 .*RFC 3398 maps it to 503/);
    expect(describeCause(16)).toMatch(/no SIP error response maps to it.*603/);
    expect(describeSipCause(503)).toMatch(/RFC 3398: Q\.850 41.*Asterisk: Q\.850 34/);
    expect(describeSipCause(503, { source: 'asterisk' })).toMatch(/^A 503 received becomes Asterisk: Q\.850 34/);
  });
});
