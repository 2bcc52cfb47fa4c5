// The shape of a registry record in data/codes/*.json, validated at load; the TypeScript type
// comes from this schema so the two cannot drift. Pure: no I/O, no platform code.
import { z } from 'zod';

export const STATUSES = [
  'current', // registered by IANA and in use
  'deprecated', // registered but deprecated (202 per RFC 6665)
  'reserved', // registered, no semantics (402)
  'historic', // defined by RFC 2543, removed by RFC 3261, never registered (409, 411)
  'nonstandard', // seen in logs, never registered: stack-internal codes, stats buckets, vendor bugs
] as const;

export const CLASS_NAMES = {
  1: 'Provisional',
  2: 'Success',
  3: 'Redirection',
  4: 'Request Failure',
  5: 'Server Failure',
  6: 'Global Failure',
} as const;

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
export type Status = (typeof STATUSES)[number];
