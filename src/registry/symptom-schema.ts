// The shape of a symptom in data/symptoms.json: what ops people see ("one-way audio"), what it
// usually means, the SIP codes and Q.850 causes involved (maybe none) and what to check per stack.
// Validated by the tests and `npm run check:data`, not at run time (zod costs the CLI ~90 ms to
// import); the TypeScript type comes from this schema so data and code cannot drift.
import { z } from 'zod';
import { sourceSchema } from './schema.js';

const sentence = z.string().trim().min(3);

export const symptomSchema = z
  .object({
    /** kebab-case, unique */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    name: sentence,
    /** One line: what it usually means. Leads the reply. */
    summary: sentence,
    /** A short paragraph: why it happens. */
    means: sentence,
    /** SIP response codes involved, most likely first; empty when no SIP code describes it. */
    codes: z.array(z.number().int().min(100).max(699)),
    /** Q.850 causes involved, most likely first. */
    causes: z.array(z.number().int().min(1).max(127)),
    /** Phrases that name the symptom, lower case, matched on word boundaries. */
    match: z.array(z.string().trim().min(2).max(60)).min(1),
    /** What to check, per stack ("any" for every stack). */
    checks: z.array(z.object({ stack: z.string().min(2), check: sentence }).strict()).min(1),
    /** ids of related symptoms */
    related: z.array(z.string()),
    sources: z.array(sourceSchema).min(1),
  })
  .strict();

export const symptomsSchema = z.array(symptomSchema).min(1);

export type SymptomRecord = z.infer<typeof symptomSchema>;
