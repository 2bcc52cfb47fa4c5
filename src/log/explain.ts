// Placeholder until the log work lands: finds SIP/2.0 status lines only.
import type { LogReport } from './types.js';

const STATUS_LINE = /SIP\/2\.0\s+([1-6]\d\d)\b/g;

export function explainLog(text: string): LogReport {
  const codes: number[] = [];
  for (const m of text.matchAll(STATUS_LINE)) {
    const c = Number(m[1]);
    if (!codes.includes(c)) codes.push(c);
  }
  return { codes, q850: [], outcome: codes.length ? `last response ${codes[codes.length - 1]}` : 'no SIP response found' };
}

export function looksLikeLog(text: string): boolean {
  return /SIP\/2\.0\s+[1-6]\d\d\b/.test(text) || text.split('\n').length > 3;
}
