// Symptoms as data (data/symptoms.json), loaded as checked JSON: the schema in symptom-schema.ts is
// enforced by the tests and `npm run check:data`, so run time imports no validator. Map-indexed.
import type { SymptomRecord } from './symptom-schema.js';
import raw from '../../data/symptoms.json' with { type: 'json' };

export type Symptom = SymptomRecord;

const records: readonly Symptom[] = Object.freeze(raw as Symptom[]);
const byId = new Map<string, Symptom>(records.map((s) => [s.id, s]));

export function allSymptoms(): readonly Symptom[] {
  return records;
}

export function getSymptom(id: string): Symptom | undefined {
  return byId.get(id);
}
