// The SIP response-code registry: loads data/codes/*.json as checked JSON and indexes it by code in
// a Map, so inputs like "__proto__" are simply "not found". The zod schema (schema.ts) is enforced
// at build time (check.ts) and by the tests, not here: importing zod costs the CLI's cold start
// ~90 ms. Duplicates still fail fast. No I/O beyond the JSON imports.

import { CLASS_NAMES } from './constants.js';
import type { SipCodeRecord } from './schema.js';
import c1xx from '../../data/codes/1xx.json' with { type: 'json' };
import c2xx from '../../data/codes/2xx.json' with { type: 'json' };
import c3xx from '../../data/codes/3xx.json' with { type: 'json' };
import c4xxA from '../../data/codes/4xx-a.json' with { type: 'json' };
import c4xxB from '../../data/codes/4xx-b.json' with { type: 'json' };
import c5xx from '../../data/codes/5xx.json' with { type: 'json' };
import c6xx from '../../data/codes/6xx.json' with { type: 'json' };
import cNonstandard from '../../data/codes/nonstandard.json' with { type: 'json' };

export type SipCode = SipCodeRecord;

/** Each data file with its name, so a validation error can say where the bad record is. */
export const DATA_FILES: ReadonlyArray<readonly [string, unknown]> = [
  ['data/codes/1xx.json', c1xx],
  ['data/codes/2xx.json', c2xx],
  ['data/codes/3xx.json', c3xx],
  ['data/codes/4xx-a.json', c4xxA],
  ['data/codes/4xx-b.json', c4xxB],
  ['data/codes/5xx.json', c5xx],
  ['data/codes/6xx.json', c6xx],
  ['data/codes/nonstandard.json', cNonstandard],
];

export { RegistryError } from './validate-error.js';
import { RegistryError } from './validate-error.js';

const records: readonly SipCode[] = Object.freeze(
  DATA_FILES.flatMap(([, raw]) => raw as SipCode[]).sort((a, b) => a.code - b.code),
);
const byCode = new Map<number, SipCode>();
for (const r of records) {
  if (byCode.has(r.code)) throw new RegistryError(`code ${r.code} is defined twice in data/codes/`);
  byCode.set(r.code, r);
}

/** Every record, sorted by code. */
export function allCodes(): readonly SipCode[] {
  return records;
}

export function getCode(code: number): SipCode | undefined {
  return byCode.get(code);
}

/** Registered by IANA (current, deprecated or reserved). */
export function isRegistered(r: SipCode): boolean {
  return r.status === 'current' || r.status === 'deprecated' || r.status === 'reserved';
}

export function classDigit(code: number): number {
  return Math.floor(code / 100);
}

export function className(code: number): string {
  return CLASS_NAMES[classDigit(code) as keyof typeof CLASS_NAMES] ?? 'Non-standard';
}

