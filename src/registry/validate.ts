// Validates raw registry and symptom records against their zod schemas, naming the bad record:
// `data/codes/4xx-a.json[12] (486): "sources" must not be empty`. Used at build time
// (src/registry/check.ts) and by the tests, never at run time (zod is slow to import).
import { sipCodeSchema, type SipCodeRecord } from './schema.js';
import { symptomsSchema, type SymptomRecord } from './symptom-schema.js';

import { RegistryError } from './validate-error.js';

export { RegistryError };

/** Validates raw records from the named files; throws a RegistryError naming file, index and code. */
export function parseRecords(files: ReadonlyArray<readonly [string, unknown]>): SipCodeRecord[] {
  const out: SipCodeRecord[] = [];
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

export function parseSymptoms(file: string, raw: unknown): SymptomRecord[] {
  const result = symptomsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const i = typeof issue?.path[0] === 'number' ? issue.path[0] : undefined;
    const id = i !== undefined ? (raw as { id?: unknown }[])[i]?.id : undefined;
    throw new RegistryError(`${file}${i !== undefined ? `[${i}] (${String(id)})` : ''}: "${issue?.path.slice(1).join('.')}" ${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}
