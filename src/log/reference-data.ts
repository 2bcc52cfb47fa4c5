// Loads data/warning-codes.json, validates it with zod at load (a bad record fails fast and names itself)
// and indexes it. The Q.850 tables live in the causes layer (src/causes/); this module re-exports what the
// log explainer reads from it. No I/O beyond the JSON import, no platform code.

import { z } from 'zod';
import warningRaw from '../../data/warning-codes.json' with { type: 'json' };
import { CauseDataError, parseData as parseCauseData, q850File } from '../causes/data.js';
import { causeMapping, resolveCauseName, type CauseMapping } from '../causes/index.js';

export {
  allInternalCauses,
  allQ850Causes,
  freeswitchDisposition,
  q850Cause,
  q850Name,
  type NamedCause,
} from '../causes/index.js';
export { internalCauseSchema, q850CauseSchema, q850FileSchema, type InternalCause, type Q850Cause } from '../causes/data.js';

const sentence = z.string().trim().min(3);

export const warningCodeSchema = z
  .object({
    code: z.number().int().min(300).max(399),
    text: sentence,
    meaning: sentence,
    reference: z.string().regex(/^RFC \d+( §[\d.]+)?$/),
    clash: sentence.optional(),
  })
  .strict();

export const warningFileSchema = z.object({ about: sentence, codes: z.array(warningCodeSchema).min(1) }).strict();

export type WarningCode = z.infer<typeof warningCodeSchema>;

export { CauseDataError as LogDataError };

/** Parses with a message naming the file and the first bad path, like the registry loader does. */
export const parseData = parseCauseData;

void q850File;
const warningFile = parseData('data/warning-codes.json', warningFileSchema, warningRaw);

const warningByCode = new Map<number, WarningCode>();
for (const w of warningFile.codes) warningByCode.set(w.code, w);

export function q850Mapping(n: number): CauseMapping {
  return causeMapping(n);
}

/** Resolves a printed cause name (see the causes layer): unknown names return undefined. */
export const causeByName = resolveCauseName;

export function warningCode(code: number): WarningCode | undefined {
  return warningByCode.get(code);
}

export function allWarningCodes(): readonly WarningCode[] {
  return warningFile.codes;
}
