// The data files the log explainer adds: validated at load, complete enough for the names programs print.
import { describe, expect, it } from 'vitest';
import q850Raw from '../../data/q850-causes.json' with { type: 'json' };
import warningRaw from '../../data/warning-codes.json' with { type: 'json' };
import {
  allInternalCauses,
  allQ850Causes,
  allWarningCodes,
  causeByName,
  parseData,
  q850FileSchema,
  q850Mapping,
  warningFileSchema,
} from '../../src/log/reference-data.js';

describe('data/q850-causes.json and data/warning-codes.json', () => {
  it('validate against their schemas', () => {
    expect(() => parseData('q850', q850FileSchema, q850Raw)).not.toThrow();
    expect(() => parseData('warn', warningFileSchema, warningRaw)).not.toThrow();
    expect(() => parseData('bad', q850FileSchema, { ...q850Raw, causes: [{ cause: 300 }] })).toThrow(/bad: "causes\.0\./);
  });

  it('resolve the names FreeSWITCH, Asterisk and AudioCodes print', () => {
    expect(causeByName('USER_BUSY')).toMatchObject({ kind: 'q850', cause: 17 });
    expect(causeByName('NORMAL_CLEARING')).toMatchObject({ kind: 'q850', cause: 16 });
    expect(causeByName('NO_ANSWER')).toMatchObject({ kind: 'q850', cause: 19 });
    expect(causeByName('AST_CAUSE_CONGESTION')).toMatchObject({ kind: 'q850', cause: 34 });
    expect(causeByName('GWAPP_NORMAL_CALL_CLEAR')).toMatchObject({ kind: 'q850', cause: 16 });
    expect(causeByName('ORIGINATOR_CANCEL')).toMatchObject({ kind: 'internal', cause: 487 });
    expect(causeByName('SWITCH_CAUSE_MEDIA_TIMEOUT')).toMatchObject({ kind: 'internal', cause: 804 });
    expect(causeByName('NOT_A_CAUSE')).toBeUndefined();
  });

  it('follow the shared reference mappings (RFC 3398, FreeSWITCH, Asterisk)', () => {
    expect(q850Mapping(17)).toEqual({ rfc3398: 486, freeswitch: 486, asterisk: 486, differs: false, direction: 'cause-to-sip' });
    expect(q850Mapping(34).rfc3398).toBe(503);
    expect(q850Mapping(102).rfc3398).toBe(504);
    expect(q850Mapping(38)).toMatchObject({ rfc3398: 503, asterisk: 500, differs: true });
    expect(q850Mapping(88)).toMatchObject({ rfc3398: 503, freeswitch: 488, differs: true });
    expect(allQ850Causes().length).toBeGreaterThan(50);
    expect(allInternalCauses().find((c) => c.name === 'INVALID_GATEWAY')).toMatchObject({ number: 808, legacyNumber: 608, sip: 484 });
    expect(allWarningCodes().map((w) => w.code)).toEqual([300, 301, 302, 303, 304, 305, 306, 307, 308, 330, 331, 370, 380, 381, 399]);
  });
});
