// Invariants over every registry record, and the data checked against the outside authority
// (../shared/reference/sip-response-codes.tsv, IANA's registry with RFC sections).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCodes, getCode, isRegistered, DATA_FILES } from '../../src/registry/index.js';
import { parseRecords, RegistryError } from '../../src/registry/validate.js';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

describe('registry invariants', () => {
  const records = allCodes();

  it('has unique codes, each with a class equal to its first digit', () => {
    const seen = new Set<number>();
    for (const r of records) {
      expect(seen.has(r.code), `duplicate ${r.code}`).toBe(false);
      seen.add(r.code);
      expect(r.class, `${r.code}`).toBe(`${String(r.code)[0]}xx`);
    }
  });

  it('loads at run time exactly what the schema accepts (no default left to fill in, nothing stripped)', () => {
    expect(allCodes()).toEqual(parseRecords(DATA_FILES));
  });

  it('keeps every data file sorted by code', () => {
    for (const [file, raw] of DATA_FILES) {
      const codes = (raw as { code: number }[]).map((r) => r.code);
      expect(codes, file).toEqual([...codes].sort((a, b) => a - b));
    }
  });

  it('keeps registered codes within 100-699 and their reason phrases unique within a class', () => {
    // Unique within a class: IANA itself gives 406 and 606 the same phrase, "Not Acceptable".
    const phrases = new Map<string, number>();
    for (const r of records.filter(isRegistered)) {
      expect(r.code).toBeGreaterThanOrEqual(100);
      expect(r.code).toBeLessThanOrEqual(699);
      const key = `${r.class} ${norm(r.reason)}`;
      expect(phrases.get(key), `${r.code} repeats the phrase of ${phrases.get(key)}`).toBeUndefined();
      phrases.set(key, r.code);
    }
  });

  it('never uses another code\'s reason phrase as an alias or variant', () => {
    const reasonOf = new Map<string, number[]>();
    for (const r of records.filter(isRegistered)) reasonOf.set(norm(r.reason), [...(reasonOf.get(norm(r.reason)) ?? []), r.code]);
    for (const r of records) {
      for (const a of [...r.aliases, ...r.variants]) {
        const owners = reasonOf.get(norm(a)) ?? [r.code];
        expect(owners, `${r.code} alias "${a}" is the reason phrase of ${owners.join(', ')}`).toContain(r.code);
      }
    }
  });

  it('gives every record sources, a summary, an explanation and related codes that exist', () => {
    for (const r of records) {
      expect(r.sources.length, `${r.code}`).toBeGreaterThan(0);
      expect(r.summary.length, `${r.code}`).toBeGreaterThan(10);
      expect(r.summary.length, `${r.code} summary should be one sentence`).toBeLessThan(200);
      for (const rel of r.related) {
        expect(getCode(rel), `${r.code} relates to unknown ${rel}`).toBeDefined();
        expect(rel, `${r.code} relates to itself`).not.toBe(r.code);
      }
    }
  });

  it('gives causes and checks to every 4xx-6xx registered code, and rich ones to the incident regulars', () => {
    const regulars = [401, 403, 404, 407, 408, 480, 481, 482, 483, 486, 487, 488, 500, 502, 503, 504, 600, 603, 606, 607, 608];
    for (const r of records.filter((x) => isRegistered(x) && x.code >= 400)) {
      expect(r.causes.length, `${r.code} causes`).toBeGreaterThan(0);
      expect(r.checks.length, `${r.code} checks`).toBeGreaterThan(0);
    }
    for (const c of regulars) {
      const r = getCode(c)!;
      expect(r.causes.length, `${c} causes`).toBeGreaterThanOrEqual(3);
      expect(r.checks.length, `${c} checks`).toBeGreaterThanOrEqual(3);
    }
  });

  it('looks codes up through a Map, so prototype names are not codes', () => {
    expect(getCode(Number('__proto__'))).toBeUndefined();
    expect(getCode(NaN)).toBeUndefined();
  });

  it('rejects a bad record with a message naming file, index and code', () => {
    const good = allCodes()[0]!;
    expect(() => parseRecords([['x.json', [good, { ...good, code: 486, sources: [] }]]])).toThrow(RegistryError);
    expect(() => parseRecords([['x.json', [good, { ...good, code: 486, sources: [] }]]])).toThrow(/x\.json\[1\] \(486\): "sources"/);
  });
});

describe('registry against the IANA reference table', () => {
  // A copy of ../shared/reference/sip-response-codes.tsv, kept in the repo so the check always runs.
  const tsvPath = fileURLToPath(new URL('../fixtures/reference/sip-response-codes.tsv', import.meta.url));
  const rows = readFileSync(tsvPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));

  it('has every code of the reference with its reason, status and RFC', () => {
    for (const [code, phrase, , ref, status, inIana] of rows as string[][]) {
      const r = getCode(Number(code));
      expect(r, `missing ${code}`).toBeDefined();
      expect(r!.reason, `${code}`).toBe(phrase);
      const wantStatus = inIana === 'no' ? 'historic' : status;
      expect(r!.status, `${code}`).toBe(wantStatus);
      const rfc = /RFC \d+/.exec(ref!)![0];
      expect(r!.reference.rfc, `${code}`).toBe(rfc);
      const section = /§([\d.]+)/.exec(ref!)?.[1];
      if (section) expect(r!.reference.section, `${code}`).toBe(section);
    }
  });

  it('has 75 IANA-registered codes plus historic 409 and 411', () => {
    expect(allCodes().filter(isRegistered)).toHaveLength(75);
    expect(getCode(409)?.status).toBe('historic');
    expect(getCode(411)?.status).toBe('historic');
  });
});
