// Loads data/q850-causes.json and data/warning-codes.json, validates them with zod at load (a bad
// record fails fast and names itself) and indexes them. No I/O beyond the JSON imports, no platform code.

import { z } from 'zod';
import q850Raw from '../../data/q850-causes.json' with { type: 'json' };
import warningRaw from '../../data/warning-codes.json' with { type: 'json' };
import type { Q850Mapping } from './types.js';

const sipCode = z.number().int().min(100).max(699).nullable();
const sentence = z.string().trim().min(3);
const causeName = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

export const q850CauseSchema = z
  .object({
    cause: z.number().int().min(0).max(127),
    name: sentence,
    names: z
      .object({ freeswitch: causeName.optional(), asterisk: causeName.optional() })
      .strict(),
    toSip: z.object({ rfc3398: sipCode, freeswitch: sipCode, asterisk: sipCode }).strict(),
    note: sentence.optional(),
  })
  .strict();

export const internalCauseSchema = z
  .object({
    name: causeName,
    program: z.enum(['freeswitch']),
    number: z.number().int().min(0).max(9999),
    legacyNumber: z.number().int().min(0).max(9999).nullable(),
    sip: sipCode,
    meaning: sentence,
  })
  .strict();

export const q850FileSchema = z
  .object({
    about: sentence,
    causes: z.array(q850CauseSchema).min(1),
    aliases: z.record(causeName, z.number().int().min(0).max(127)),
    internal: z.array(internalCauseSchema),
    freeswitchDispositions: z.record(z.string().regex(/^[a-z_]+$/), sentence),
  })
  .strict();

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

export type Q850Cause = z.infer<typeof q850CauseSchema>;
export type InternalCause = z.infer<typeof internalCauseSchema>;
export type WarningCode = z.infer<typeof warningCodeSchema>;

export class LogDataError extends Error {
  override name = 'LogDataError';
}

/** Parses with a message naming the file and the first bad path, like the registry loader does. */
export function parseData<T>(file: string, schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new LogDataError(`${file}: "${issue?.path.join('.') ?? ''}" ${issue?.message ?? 'is invalid'}`);
  }
  return r.data;
}

const q850File = parseData('data/q850-causes.json', q850FileSchema, q850Raw);
const warningFile = parseData('data/warning-codes.json', warningFileSchema, warningRaw);

const causeByNumber = new Map<number, Q850Cause>();
for (const c of q850File.causes) {
  if (causeByNumber.has(c.cause)) throw new LogDataError(`data/q850-causes.json: cause ${c.cause} is defined twice`);
  causeByNumber.set(c.cause, c);
}

/** Program cause names (FreeSWITCH, Asterisk AST_CAUSE_*, AudioCodes GWAPP_*) to Q.850 numbers. */
const q850ByName = new Map<string, number>();
for (const c of q850File.causes) {
  if (c.names.freeswitch) q850ByName.set(c.names.freeswitch, c.cause);
  if (c.names.asterisk) q850ByName.set(c.names.asterisk, c.cause);
}
for (const [name, n] of Object.entries(q850File.aliases)) q850ByName.set(name, n);

const internalByName = new Map<string, InternalCause>();
for (const c of q850File.internal) internalByName.set(c.name, c);

const warningByCode = new Map<number, WarningCode>();
for (const w of warningFile.codes) warningByCode.set(w.code, w);

export function q850Cause(n: number): Q850Cause | undefined {
  return causeByNumber.get(n);
}

/** The Q.850 name, or a neutral label for numbers Q.850 leaves unassigned. */
export function q850Name(n: number): string {
  return causeByNumber.get(n)?.name ?? `Cause ${n} (not assigned in Q.850)`;
}

export function q850Mapping(n: number): Q850Mapping {
  const t = causeByNumber.get(n)?.toSip;
  const rfc3398 = t?.rfc3398 ?? null;
  const freeswitch = t?.freeswitch ?? null;
  const asterisk = t?.asterisk ?? null;
  const distinct = new Set([rfc3398, freeswitch, asterisk].filter((x): x is number => x !== null));
  return { rfc3398, freeswitch, asterisk, differs: distinct.size > 1 };
}

export type NamedCause =
  | { kind: 'q850'; cause: number; name: string }
  | { kind: 'internal'; cause: number; name: string; internal: InternalCause };

/**
 * Resolves a printed cause name: FreeSWITCH names (USER_BUSY), prefixed constants (SWITCH_CAUSE_USER_BUSY,
 * AST_CAUSE_BUSY, GWAPP_USER_BUSY). Unknown names return undefined: an unknown token says nothing.
 */
export function causeByName(token: string): NamedCause | undefined {
  let t = token;
  if (t.startsWith('SWITCH_CAUSE_')) t = t.slice('SWITCH_CAUSE_'.length);
  const direct = q850ByName.get(t);
  if (direct !== undefined) return { kind: 'q850', cause: direct, name: q850Name(direct) };
  const internal = internalByName.get(t);
  if (internal) return { kind: 'internal', cause: internal.number, name: internal.name, internal };
  return undefined;
}

export function warningCode(code: number): WarningCode | undefined {
  return warningByCode.get(code);
}

export function freeswitchDisposition(value: string): string | undefined {
  return Object.hasOwn(q850File.freeswitchDispositions, value) ? q850File.freeswitchDispositions[value] : undefined;
}

/** For tests and docs. */
export function allQ850Causes(): readonly Q850Cause[] {
  return q850File.causes;
}
export function allInternalCauses(): readonly InternalCause[] {
  return q850File.internal;
}
export function allWarningCodes(): readonly WarningCode[] {
  return warningFile.codes;
}
