// The SIP response-code registry: loads data/codes/*.json, validates every record against the
// schema at load (a bad record fails fast and names itself) and indexes it by code in a Map,
// so inputs like "__proto__" are simply "not found". No I/O beyond the JSON imports.

import { sipCodeSchema, CLASS_NAMES, type SipCodeRecord } from './schema.js';
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

export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** Validates raw records from the named files; throws a RegistryError naming file, index and code. */
export function parseRecords(files: ReadonlyArray<readonly [string, unknown]>): SipCode[] {
  const out: SipCode[] = [];
  for (const [file, raw] of files) {
    if (!Array.isArray(raw)) throw new RegistryError(`${file}: must be a JSON array of records`);
    raw.forEach((item: unknown, i) => {
      const result = sipCodeSchema.safeParse(item);
      if (!result.success) {
        const code = (item as { code?: unknown } | null)?.code;
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'record';
        throw new RegistryError(`${file}[${i}] (${String(code)}): ${where} ${issue?.message ?? 'is invalid'}`);
      }
      out.push(result.data);
    });
  }
  return out.sort((a, b) => a.code - b.code);
}

const records: readonly SipCode[] = Object.freeze(parseRecords(DATA_FILES));
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

