// Loads data/q850-causes.json (Q.850 causes, the names stacks print, both mapping directions and the
// stacks' defaults), validates it with zod at load and indexes it. No I/O beyond the JSON import.
import { z } from 'zod';
import q850Raw from '../../data/q850-causes.json' with { type: 'json' };

const sipCode = z.number().int().min(100).max(699).nullable();
const sentence = z.string().trim().min(3);
const causeName = z.string().regex(/^[A-Z][A-Z0-9_]*$/);
/** A cause number: Q.850 (0-127) or a FreeSWITCH-internal number (ORIGINATOR_CANCEL = 487, UNWANTED = 819). */
const causeNumber = z.number().int().min(0).max(9999).nullable();

export const q850CauseSchema = z
  .object({
    cause: z.number().int().min(0).max(127),
    name: sentence,
    names: z.object({ freeswitch: causeName.optional(), asterisk: causeName.optional() }).strict(),
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

export const fromSipSchema = z
  .object({ sip: z.number().int().min(100).max(699), rfc3398: causeNumber, freeswitch: causeNumber, asterisk: causeNumber })
  .strict();

const classDefaults = z.object({ '4xx': z.number().int(), '5xx': z.number().int(), '6xx': z.number().int() }).strict();

export const q850FileSchema = z
  .object({
    about: sentence,
    causes: z.array(q850CauseSchema).min(1),
    aliases: z.record(causeName, z.number().int().min(0).max(127)),
    internal: z.array(internalCauseSchema),
    freeswitchDispositions: z.record(z.string().regex(/^[a-z_]+$/), sentence),
    fromSip: z.array(fromSipSchema).min(1),
    defaults: z
      .object({
        about: sentence,
        toSip: z.object({ freeswitch: z.number().int().min(100).max(699), asterisk: z.number().int().min(100).max(699) }).strict(),
        fromSip: z.object({ freeswitch: classDefaults, asterisk: classDefaults }).strict(),
      })
      .strict(),
  })
  .strict();

export type Q850Cause = z.infer<typeof q850CauseSchema>;
export type InternalCause = z.infer<typeof internalCauseSchema>;
export type FromSip = z.infer<typeof fromSipSchema>;
export type Q850File = z.infer<typeof q850FileSchema>;

export class CauseDataError extends Error {
  override name = 'CauseDataError';
}

/** Parses with a message naming the file and the first bad path, like the registry loader does. */
export function parseData<T>(file: string, schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CauseDataError(`${file}: "${issue?.path.join('.') ?? ''}" ${issue?.message ?? 'is invalid'}`);
  }
  return r.data;
}

export const q850File: Q850File = parseData('data/q850-causes.json', q850FileSchema, q850Raw);

export const causeByNumber = new Map<number, Q850Cause>();
for (const c of q850File.causes) {
  if (causeByNumber.has(c.cause)) throw new CauseDataError(`data/q850-causes.json: cause ${c.cause} is defined twice`);
  causeByNumber.set(c.cause, c);
}

/** Program cause names (FreeSWITCH, Asterisk AST_CAUSE_*, AudioCodes GWAPP_*) to Q.850 numbers. */
export const q850ByName = new Map<string, number>();
for (const c of q850File.causes) {
  if (c.names.freeswitch) q850ByName.set(c.names.freeswitch, c.cause);
  if (c.names.asterisk) q850ByName.set(c.names.asterisk, c.cause);
}
for (const [name, n] of Object.entries(q850File.aliases)) q850ByName.set(name, n);

export const internalByName = new Map<string, InternalCause>();
export const internalByNumber = new Map<number, InternalCause>();
for (const c of q850File.internal) {
  internalByName.set(c.name, c);
  internalByNumber.set(c.number, c);
}

export const fromSipByCode = new Map<number, FromSip>();
for (const r of q850File.fromSip) {
  if (fromSipByCode.has(r.sip)) throw new CauseDataError(`data/q850-causes.json: fromSip ${r.sip} is defined twice`);
  fromSipByCode.set(r.sip, r);
}
