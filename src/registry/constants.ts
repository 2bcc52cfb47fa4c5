// Registry vocabulary shared by the schema and the run-time loader. Kept apart from schema.ts so
// run time never imports zod (the CLI's cold start). Pure constants.

export const STATUSES = [
  'current', // registered by IANA and in use
  'deprecated', // registered but deprecated (202 per RFC 6665)
  'reserved', // registered, no semantics (402)
  'historic', // defined by RFC 2543, removed by RFC 3261, never registered (409, 411)
  'nonstandard', // seen in logs, never registered: stack-internal codes, stats buckets, vendor bugs
] as const;

export type Status = (typeof STATUSES)[number];

export const CLASS_NAMES = {
  1: 'Provisional',
  2: 'Success',
  3: 'Redirection',
  4: 'Request Failure',
  5: 'Server Failure',
  6: 'Global Failure',
} as const;
