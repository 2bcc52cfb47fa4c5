// The shape of a registry record in data/codes/*.json; the TypeScript type comes from this schema
// so the two cannot drift. Enforced at build time (src/registry/check.ts) and by the tests; run time
// loads the checked JSON without importing zod. Pure: no I/O, no platform code.
import { z } from 'zod';

import { STATUSES } from './constants.js';

export { STATUSES, CLASS_NAMES, type Status } from './constants.js';

const sentence = z.string().trim().min(3);

export const sourceSchema = z.object({
  title: sentence,
  url: z.url(),
});

export const sipCodeSchema = z
  .object({
    code: z.number().int().min(100).max(999),
    reason: z.string().trim().min(2),
    variants: z.array(sentence).default([]),
    class: z.string().regex(/^[1-9]xx$/),
    status: z.enum(STATUSES),
    reference: z.object({
      rfc: z.string().regex(/^(RFC \d+|none)$/),
      section: z.string().nullable(),
      url: z.url(),
    }),
    sources: z.array(sourceSchema).min(1),
    summary: sentence,
    explanation: sentence,
    sentBy: sentence,
    retry: sentence,
    causes: z.array(sentence).default([]),
    checks: z.array(sentence).default([]),
    related: z.array(z.number().int()).default([]),
    aliases: z.array(z.string().trim().min(2)).default([]),
    seenIn: z.array(z.string()).default([]),
    note: z.string().optional(),
  })
  .strict();

export type SipCodeRecord = z.infer<typeof sipCodeSchema>;
