// The held-out log corpus (test/eval/holdout-logs.json), made blind by another helper from public pastes of
// programs not in test/fixtures. Measured, never tuned on: this test prints the figures and holds a floor.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainLog } from '../../src/log/explain.js';

interface Case {
  id: string;
  program: string;
  source: string;
  text: string;
  codes: number[];
  causes: number[];
  notes: string;
}

const cases = JSON.parse(readFileSync(fileURLToPath(new URL('../eval/holdout-logs.json', import.meta.url)), 'utf8')) as Case[];

function measure() {
  let exact = 0;
  let falseCodes = 0;
  let missed = 0;
  let causeCases = 0;
  let causeRight = 0;
  for (const c of cases) {
    const r = explainLog(c.text);
    if (JSON.stringify(r.codes) === JSON.stringify(c.codes)) exact++;
    falseCodes += r.codes.filter((x) => !c.codes.includes(x)).length;
    missed += c.codes.filter((x) => !r.codes.includes(x)).length;
    if (c.causes.length) {
      causeCases++;
      const got = r.q850.map((q) => q.cause);
      if (c.causes.every((n) => got.includes(n)) && got.every((n) => c.causes.includes(n))) causeRight++;
    }
  }
  return { cases: cases.length, exact, exactRate: exact / cases.length, falseCodes, missed, causeCases, causeRight, causeAccuracy: causeCases ? causeRight / causeCases : 1 };
}

describe('held-out log corpus (blind)', () => {
  it('reports exact-match rate, false codes and cause accuracy, above a modest floor', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const m = measure();
    console.log(
      `held-out logs: ${m.exact}/${m.cases} exact (${(m.exactRate * 100).toFixed(1)}%), ${m.falseCodes} false codes, ${m.missed} missed codes, causes ${m.causeRight}/${m.causeCases} (${(m.causeAccuracy * 100).toFixed(0)}%)`,
    );
    expect(m.exactRate).toBeGreaterThanOrEqual(0.6);
    expect(m.falseCodes).toBeLessThanOrEqual(Math.ceil(m.cases * 0.1));
  });
});
