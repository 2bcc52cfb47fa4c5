// The neutral Reply parts for decoded Identity headers: one heading, fields and a problem list per token,
// using the existing block types so every renderer shows them unchanged. Plain text only; no platform code.

import type { IdentityFinding } from '../engine/types.js';
import type { Block } from '../reply/types.js';

/** Tokens shown in full; the rest are counted. */
const MAX_SHOWN = 3;

function when(iat: number): string {
  const d = new Date(iat * 1000);
  return Number.isNaN(d.getTime()) ? String(iat) : `${iat} (${d.toISOString().replace('.000Z', 'Z')})`;
}

export function identityBlocks(found: readonly IdentityFinding[]): Block[] {
  const blocks: Block[] = [];
  for (const f of found.slice(0, MAX_SHOWN)) {
    const form = f.form === 'compact' ? ', compact form' : '';
    const where = f.packet !== undefined ? `packet ${f.packet}` : `line ${f.line}`;
    blocks.push({ type: 'heading', text: `STIR/SHAKEN Identity (${where}${form})`, tone: f.problems.length ? 'warning' : 'success' });
    const fields = [
      { label: 'PASSporT', value: f.ppt ?? 'base (no ppt)' },
      { label: 'Alg', value: f.alg ?? 'none' },
      { label: 'Attest', value: f.attest ?? (f.form === 'compact' ? 'in the SIP message' : 'none') },
      { label: 'Orig TN', value: f.origTn ?? 'none' },
      { label: 'Dest TN', value: f.destTn?.length ? f.destTn.join(', ') : 'none' },
      { label: 'iat', value: f.iat !== null ? when(f.iat) : 'none' },
    ];
    if (f.ageS !== null) fields.push({ label: 'Age at Date', value: `${f.ageS} s` });
    if (f.x5u) fields.push({ label: 'x5u', value: f.x5u });
    if (f.origid) fields.push({ label: 'origid', value: f.origid });
    blocks.push({ type: 'fields', fields });
    if (f.problems.length) blocks.push({ type: 'list', title: 'Identity problems', items: f.problems });
    else blocks.push({ type: 'text', text: 'Nothing a verifier would object to: A-attested, ES256, fresh.' });
  }
  if (found.length > MAX_SHOWN) blocks.push({ type: 'context', text: `…and ${found.length - MAX_SHOWN} more Identity header(s).` });
  blocks.push({ type: 'context', text: 'Decoded only: the signature is not checked (the certificate at x5u is not fetched).' });
  return blocks;
}

/** Plain text of the blocks, in the layout the log reply's text uses. */
export function blocksText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'heading') out.push('', b.text);
    else if (b.type === 'text' || b.type === 'context') out.push(b.text);
    else if (b.type === 'code') out.push('', b.text, '');
    else if (b.type === 'list') out.push('', `${b.title}:`, ...b.items.map((i) => `- ${i}`));
    else out.push(b.fields.map((f) => `${f.label}: ${f.value}`).join(' | '));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
