// The engine's Identity hooks: a question that is only a PASSporT or an Identity header value gets
// intent "identity"; a log gains `identity` and, when an Identity problem explains a rejection, a
// diagnosis that says so. Pure and synchronous; never throws.

import type { Answer } from '../engine/types.js';
import type { LogReport } from '../log/types.js';
import { findIdentities, identityDiagnosis, looksLikeIdentityQuestion, publicFinding } from './decode.js';

export { looksLikeIdentityQuestion } from './decode.js';

/** A bare PASSporT or Identity header value asked as a question. */
export function identityAnswer(text: string, query: string): Answer {
  const found = safeFind(text);
  const first = found[0];
  if (!first) return { intent: 'identity', query, matches: [], understood: 'This looks like a PASSporT but could not be read.', identity: [] };
  const what = first.form === 'compact' ? 'A compact-form PASSporT (header..signature: the claims travel in the SIP message, not the token)' : `A ${first.ppt ?? 'base'} PASSporT`;
  const attest = first.attest ? `, attestation ${first.attest}` : '';
  const verdict = first.problems.length === 0 ? 'nothing a verifier would object to.' : `${first.problems.length} problem(s): ${first.problems[0]}.`;
  return { intent: 'identity', query, matches: [], understood: `${what}${attest}, signed ${first.alg ?? 'with no alg'}: ${verdict} (Decoded only: the signature is not checked.)`, identity: found.map(publicFinding) };
}

/**
 * For a log answer: the Identity findings, and the report's outcome and diagnosis prefixed with the
 * Identity problem that explains a 403/428/436-438/6xx in the same paste (the report is changed in place).
 */
export function identityOfLog(text: string, report: LogReport): Answer['identity'] {
  if (!/dentity|(?:^|[\r\n])[ \t]*y[ \t]*:/i.test(text.length > 4_000_000 ? text.slice(0, 4_000_000) : text)) {
    const diag = identityDiagnosis(report.codes, []);
    if (diag) prefix(report, diag);
    return undefined;
  }
  const found = safeFind(text);
  const diag = identityDiagnosis(report.codes, found);
  if (diag) prefix(report, diag);
  return found.length ? found.map(publicFinding) : undefined;
}

function prefix(report: LogReport, diag: string): void {
  report.outcome = `${diag}; ${report.outcome}`;
  if (report.flow) report.flow.diagnosis = `${diag}; ${report.flow.diagnosis}`;
}

function safeFind(text: string) {
  try {
    return findIdentities(text);
  } catch {
    return [];
  }
}

