// data/symptoms.json against its schema and invariants: run time loads it unchecked, so this test
// (and `npm run check:data`) is where a bad record fails, naming itself.
import { describe, expect, it } from 'vitest';
import { symptomSchema } from '../../src/registry/symptom-schema.js';
import { allSymptoms } from '../../src/registry/symptoms.js';
import { getCode } from '../../src/registry/index.js';
import { answer } from '../../src/index.js';
import { toReply } from '../../src/reply/build.js';

const symptoms = allSymptoms();

describe('data/symptoms.json', () => {
  it('every record matches the schema', () => {
    symptoms.forEach((s, i) => {
      const r = symptomSchema.safeParse(s);
      expect(r.success, `data/symptoms.json[${i}] (${s.id}): ${r.error?.issues[0]?.path.join('.')} ${r.error?.issues[0]?.message}`).toBe(true);
    });
  });

  it('has at least 25 symptoms with unique ids and names', () => {
    expect(symptoms.length).toBeGreaterThanOrEqual(25);
    expect(new Set(symptoms.map((s) => s.id)).size).toBe(symptoms.length);
    expect(new Set(symptoms.map((s) => s.name.toLowerCase())).size).toBe(symptoms.length);
  });

  it('codes are in the registry, related ids exist, no phrase belongs to two symptoms', () => {
    const ids = new Set(symptoms.map((s) => s.id));
    const owner = new Map<string, string>();
    for (const s of symptoms) {
      for (const c of s.codes) expect(getCode(c), `${s.id}: code ${c}`).toBeDefined();
      for (const r of s.related) expect(ids.has(r) && r !== s.id, `${s.id}: related ${r}`).toBe(true);
      for (const m of s.match) {
        const key = m.toLowerCase();
        expect(owner.get(key), `"${m}" is in ${owner.get(key)} and ${s.id}`).toBeUndefined();
        owner.set(key, s.id);
      }
    }
  });
});

describe('symptom answers', () => {
  it('one-way audio is a symptom with no code, and the reply says so', () => {
    const a = answer('one way audio on outbound calls');
    expect(a.intent).toBe('symptom');
    expect(a.matches).toEqual([]);
    expect(a.symptoms![0]).toMatchObject({ id: 'one-way-audio', codes: [] });
    const text = toReply(a).text;
    expect(text).toContain('One-way audio');
    expect(text).toContain('No SIP response code describes this');
    expect(text).toContain('external_media_address');
  });

  it('calls dropping after 32 seconds are the lost ACK, not 200 OK', () => {
    const a = answer('calls drop after 32 seconds');
    expect(a.intent).toBe('symptom');
    expect(a.matches[0]).toBeUndefined();
    expect(toReply(a).text).toMatch(/lost ACK/i);
  });

  it('a symptom with codes leads with the code its words point at', () => {
    const a = answer('fax fails when switching over to T.38');
    expect(a.intent).toBe('symptom');
    expect([488, 606]).toContain(a.matches[0]!.code);
    expect(toReply(a).text).toContain('SIP codes involved');
    expect(answer('session timer too small').matches[0]!.code).toBe(422);
  });

  it('how-to and configuration questions get no code', () => {
    for (const q of ['which codec should I use', 'how do I install Kamailio on Debian', 'what port does SIP use']) {
      const a = answer(q);
      expect(a.matches[0], q).toBeUndefined();
    }
    const a = answer('which codec should I use');
    expect(a.notSip).toBe(true);
    expect(toReply(a).text).toContain('Not a SIP response question');
    // A how-to that names a symptom gets the symptom, still without a leading code.
    const s = answer('how to enable SRTP on a Yealink phone');
    expect(s.intent).toBe('symptom');
    expect(s.matches).toEqual([]);
  });

  it('a question that names a code is still about the code', () => {
    expect(answer('why are calls failing with 488?').intent).toBe('code');
    expect(answer('NAT binding expired so the phone is unreachable').intent).not.toBe('symptom');
  });
});
