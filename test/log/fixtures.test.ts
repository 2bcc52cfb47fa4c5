// The fixture corpus: real-format pastes from many programs, each with the exact SIP codes and Q.850 causes
// explainLog must find (test/fixtures/logs/index.json records how each was produced).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainLog, looksLikeLog } from '../../src/log/explain.js';

const DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

interface Case {
  file: string;
  program: string;
  provenance: string;
  codes: number[];
  q850: number[];
  writtenAfterImplementation: boolean;
}

const index = JSON.parse(readFileSync(`${DIR}index.json`, 'utf8')) as { cases: Case[] };
const cases = index.cases;

describe('fixture corpus', () => {
  it('covers enough programs, cases and pastes without any SIP response', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.program)).size).toBeGreaterThanOrEqual(12);
    expect(cases.filter((c) => c.codes.length === 0).length).toBeGreaterThanOrEqual(12);
    expect(cases.filter((c) => c.writtenAfterImplementation).length).toBeGreaterThan(0);
  });

  it('lists every fixture file, each with a provenance', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'index.json' && statSync(`${DIR}${f}`).isFile());
    expect(new Set(cases.map((c) => c.file))).toEqual(new Set(files));
    for (const c of cases) expect(c.provenance.length, c.file).toBeGreaterThan(30);
  });

  for (const c of cases) {
    it(`${c.file} (${c.program}): exact codes and Q.850 causes`, () => {
      const text = readFileSync(`${DIR}${c.file}`, 'utf8');
      const r = explainLog(text);
      expect(r.codes, 'codes').toEqual(c.codes);
      expect(r.q850.map((q) => q.cause), 'q850').toEqual(c.q850);
      expect(r.outcome.length).toBeGreaterThan(5);
      expect(looksLikeLog(text), 'looksLikeLog').toBe(true);
      // Plain data: it survives a JSON round trip unchanged.
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });
  }
});
