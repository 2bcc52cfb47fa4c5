// The custom_id of a related-code button carries the query it asks, so a click can be answered by
// any instance with no stored state. Pure.
import { MAX_CUSTOM_ID } from './limits.js';

const PREFIX = 'sip:';

/** The custom_id for a button that asks `query`, or undefined when the query cannot fit. */
export function encodeQuery(query: string): string | undefined {
  const q = query.trim();
  if (!q) return undefined;
  const id = PREFIX + q;
  return id.length <= MAX_CUSTOM_ID ? id : undefined;
}

/** The query a button asks, or undefined when the custom_id is not one of ours. */
export function decodeQuery(customId: string): string | undefined {
  if (!customId.startsWith(PREFIX)) return undefined;
  const q = customId.slice(PREFIX.length).trim();
  return q || undefined;
}
