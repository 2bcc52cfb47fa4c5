// Decodes STIR/SHAKEN Identity headers (RFC 8224, compact form "y:") and PASSporTs (RFC 8225, SHAKEN
// RFC 8588, div RFC 8946, rcd RFC 9795) found in a paste, with `jose` (decode only: no signature check, as
// x5u cannot be fetched here). Names what a verifier would object to. Pure; never throws; no I/O.

import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { IdentityFinding } from '../engine/types.js';

/** Lines read per paste, and the longest header value looked at (a PASSporT is ~600 bytes; rcd with icons more). */
const MAX_FINDINGS = 20;
/** A question is this many lines at most; longer text is a paste. */
const QUESTION_LINES = 6;
const MAX_VALUE = 16 * 1024;
/** iat older than this before the Date header is stale (RFC 8224 §6.2.1 recommends 60 s). */
export const STALE_S = 60;

/** What each problem is, so a diagnosis can name the one that explains a rejection. */
export type ProblemKind = 'malformed' | 'stale' | 'future' | 'alg' | 'orig-mismatch' | 'missing-claim' | 'attest-c' | 'attest-b' | 'params';

export interface Decoded extends IdentityFinding {
  kinds: ProblemKind[];
}

const IDENTITY_LINE_RE = /^[ \t]*Identity[ \t]*:[ \t]*"?([A-Za-z0-9_\-.=+/]{8,16384})"?[ \t]*(;[^\r\n]{0,4096})?$/i;
/** The compact form "y:" is one letter: only a value shaped like a JWS (two dots) counts. */
const Y_LINE_RE = /^[ \t]*y[ \t]*:[ \t]*([A-Za-z0-9_\-=]{4,8192}\.[A-Za-z0-9_\-=]{0,8192}\.[A-Za-z0-9_\-=]{4,8192})[ \t]*(;[^\r\n]{0,4096})?$/i;
/** Inside a log line with a prefix (a timestamp, "Header:"...): the full name only. */
const IDENTITY_ANY_RE = /(?:^|[\s"'{,[])Identity[ \t]*[:=][ \t]*"?([A-Za-z0-9_\-]{8,8192}\.[A-Za-z0-9_\-]{0,8192}\.[A-Za-z0-9_\-]{8,8192})(;[^\r\n"]{0,4096})?/;
/** A JWS-shaped token anywhere in a one-line question, with the header parameters that may follow it. */
const EMBEDDED_TOKEN_RE = /(?:^|[^A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{5,8192}\.[A-Za-z0-9_-]{0,8192}\.[A-Za-z0-9_-]{8,8192})(;[^\s]{0,4096})?/;
const START_LINE_RE = /^(?:[A-Z][A-Za-z-]{1,15} \S{1,300} SIP\/2\.0|SIP\/2\.0 \d{3})/;
const FROM_RE = /^[ \t]*(?:From|f)[ \t]*:[^\r\n]{0,1000}?<?(?:sips?|tel):([^@;>\s]{1,120})/i;
const DATE_RE = /^[ \t]*Date[ \t]*:[ \t]*([^\r\n]{6,80})$/i;
const PARAM_RE = /;[ \t]*([A-Za-z][\w-]{0,30})[ \t]*=[ \t]*("[^"]{0,2048}"|<[^>]{0,2048}>|[^;\s]{0,2048})/g;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A question that is only a PASSporT or an Identity header value (intent "identity"). */
export function looksLikeIdentityQuestion(text: string): boolean {
  const t = text.trim();
  if (t.length > MAX_VALUE) return false;
  const lines = t.split(/\r\n|\n|\r/, QUESTION_LINES + 1);
  // A few lines (a question and a header, a folded header) without a SIP message around them.
  if (lines.length > QUESTION_LINES || lines.some((l) => START_LINE_RE.test(l))) return false;
  return lines.some((l) => {
    if (IDENTITY_LINE_RE.test(l) || Y_LINE_RE.test(l)) return true;
    // A question holding a token ("what is wrong with eyJ...?"): its header must decode as a JWS header.
    const m = EMBEDDED_TOKEN_RE.exec(l);
    return m !== null && headerDecodes(m[1]!);
  });
}

function headerDecodes(token: string): boolean {
  try {
    const h = decodeProtectedHeader(token) as Record<string, unknown>;
    return typeof h.alg === 'string' || typeof h.ppt === 'string' || h.typ === 'passport';
  } catch {
    return false;
  }
}

interface Context {
  from: string | null;
  date: number | null;
}

/** Every Identity header (and, for a one-line paste, a bare token) in the text, decoded. */
export function findIdentities(text: string): Decoded[] {
  const lines = text.split(/\r\n|\n|\r/, 200_000);
  const out: Decoded[] = [];
  const hits: { line: number; token: string; params: string | null }[] = [];
  const messageOf: number[] = []; // message index per hit
  const contexts: Context[] = [{ from: null, date: null }];
  let firstDate: number | null = null;
  // In a short question (not a SIP message), a token may stand anywhere in a line.
  const short = lines.length <= QUESTION_LINES && !lines.some((l) => START_LINE_RE.test(l.slice(0, 400)));
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.length > MAX_VALUE + 4200 ? raw.slice(0, MAX_VALUE + 4200) : raw;
    if (START_LINE_RE.test(line)) contexts.push({ from: null, date: null });
    const ctx = contexts[contexts.length - 1]!;
    if (line.length < 1200) {
      const f = FROM_RE.exec(line);
      if (f && ctx.from === null) ctx.from = f[1]!;
      const d = DATE_RE.exec(line);
      if (d && ctx.date === null) {
        const ms = Date.parse(d[1]!);
        if (!Number.isNaN(ms)) {
          ctx.date = Math.floor(ms / 1000);
          firstDate ??= ctx.date;
        }
      }
    }
    if (hits.length >= MAX_FINDINGS || line.length < 20) continue;
    const c = line.charCodeAt(line.search(/\S/));
    let m: RegExpExecArray | null = null;
    let bare = false;
    if (c === 73 || c === 105) m = IDENTITY_LINE_RE.exec(line);
    else if (c === 89 || c === 121) m = Y_LINE_RE.exec(line);
    if (!m && line.includes('dentity')) m = IDENTITY_ANY_RE.exec(line);
    // A one-line question holding a token: parameters after it (";info=<...>") make it a header value.
    if (!m && short && (m = EMBEDDED_TOKEN_RE.exec(line)) && m[2] === undefined) bare = true;
    if (m) {
      // A folded header: parameters on the indented lines that follow.
      let params = m[2] ?? '';
      for (let k = i + 1; !bare && k < Math.min(lines.length, i + 4) && /^[ \t]+;?[ \t]*[A-Za-z]+=/.test(lines[k]!.slice(0, 4200)); k++) {
        const more = lines[k]!.slice(0, 4200).trim();
        params += more.startsWith(';') ? more : `;${more}`;
      }
      // A bare PASSporT is not a header: it has no parameters to check.
      hits.push({ line: i + 1, token: m[1]!, params: bare ? null : params });
      messageOf.push(contexts.length - 1);
    }
  }
  hits.forEach((h, k) => {
    const ctx = contexts[messageOf[k]!]!;
    out.push(decodeIdentity(h.token, h.params, h.line, { from: ctx.from, date: ctx.date ?? firstDate }));
  });
  return out;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** RFC 8224 §8.3 canonical form of a telephone number: the digits only. */
export function canonicalTn(tn: string): string {
  return tn.replace(/[^0-9]/g, '');
}

function param(params: string, name: string): string | null {
  for (const m of params.matchAll(PARAM_RE)) {
    if (m[1]!.toLowerCase() === name) return m[2]!.replace(/^["<]|[">]$/g, '');
  }
  return null;
}

/** `params`: the header's parameters after the token (";info=<...>;alg=ES256;ppt=shaken"), null for a bare token. */
export function decodeIdentity(tokenIn: string, paramsIn: string | null, line: number, ctx: Context): Decoded {
  const params = paramsIn ?? '';
  const problems: string[] = [];
  const kinds: ProblemKind[] = [];
  const add = (k: ProblemKind, text: string) => {
    if (!kinds.includes(k) || k === 'malformed' || k === 'params' || k === 'missing-claim') {
      kinds.push(k);
      problems.push(text);
    }
  };
  // Some stacks write the token with base64 padding: JOSE compact serialisation has none.
  const token = tokenIn.replace(/=+(?=\.|$)/g, '');
  const parts = token.split('.');
  const form: 'full' | 'compact' = parts.length === 3 && parts[1] === '' ? 'compact' : 'full';
  const f: Decoded = {
    line,
    ppt: null,
    alg: null,
    x5u: null,
    attest: null,
    origTn: null,
    destTn: null,
    iat: null,
    ageS: null,
    origid: null,
    problems,
    form,
    kinds,
  };
  if (parts.length !== 3) {
    add('malformed', `the token has ${parts.length} part(s), not header.payload.signature`);
    return f;
  }
  let header: Record<string, unknown> | null = null;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    add('malformed', 'the token header is not base64url-encoded JSON');
  }
  let claims: Record<string, unknown> | null = null;
  if (form === 'full') {
    try {
      claims = decodeJwt(token) as Record<string, unknown>;
    } catch {
      add('malformed', 'the token payload is not base64url-encoded JSON');
    }
  }
  if (parts[2]!.length < 16) add('malformed', 'the signature is missing or too short');

  const pAlg = param(params, 'alg');
  const pPpt = param(params, 'ppt');
  const pInfo = param(params, 'info');
  f.alg = str(header?.alg) ?? pAlg;
  f.ppt = str(header?.ppt) ?? pPpt;
  f.x5u = str(header?.x5u) ?? pInfo;
  if (header) {
    if (f.alg !== 'ES256') add('alg', `alg is ${f.alg ?? 'missing'}, not ES256: SHAKEN (RFC 8588) signs with ES256 only, so verifiers reject it (438 Invalid Identity Header)`);
    if (header.typ !== undefined && header.typ !== 'passport') add('malformed', `typ is "${String(header.typ)}", not "passport" (RFC 8225)`);
    if (!header.x5u) add('malformed', 'the token header has no x5u: the verifier cannot fetch the certificate (436 Bad Identity Info)');
  }
  if (paramsIn !== null && pInfo === null) add('params', 'the Identity header has no info parameter (RFC 8224 §4 requires info=<certificate URL>)');
  if (pAlg !== null && f.alg !== null && pAlg !== f.alg) add('params', `the header parameter alg=${pAlg} differs from the token's alg ${f.alg}`);
  if (pPpt !== null && header && str(header.ppt) !== null && pPpt.toLowerCase() !== String(header.ppt).toLowerCase()) add('params', `the header parameter ppt=${pPpt} differs from the token's ppt ${String(header.ppt)}`);
  if (pInfo !== null && header?.x5u && pInfo !== header.x5u) add('params', `the info parameter <${pInfo}> differs from the token's x5u ${String(header.x5u)}`);

  if (claims) {
    const iat = claims.iat;
    f.iat = typeof iat === 'number' && Number.isFinite(iat) ? iat : null;
    if (f.iat === null) add('missing-claim', 'the token has no numeric iat claim (RFC 8225 requires it)');
    const orig = claims.orig as Record<string, unknown> | undefined;
    f.origTn = str(orig?.tn);
    const dest = claims.dest as Record<string, unknown> | undefined;
    f.destTn = Array.isArray(dest?.tn) ? (dest.tn as unknown[]).filter((x): x is string => typeof x === 'string') : null;
    if (dest?.tn !== undefined && !Array.isArray(dest.tn)) add('malformed', 'dest.tn is not an array (RFC 8225 §5.2.1)');
    if (!orig || (orig.tn === undefined && orig.uri === undefined)) add('missing-claim', 'the token has no orig claim (RFC 8225 requires orig)');
    f.attest = str(claims.attest);
    f.origid = str(claims.origid);
    if (f.ppt === 'shaken') {
      if (f.attest === null) add('missing-claim', 'a shaken token without attest (RFC 8588 requires A, B or C)');
      if (f.origid === null) add('missing-claim', 'a shaken token without origid (RFC 8588 requires it)');
      else if (!UUID_RE.test(f.origid)) add('malformed', `origid "${f.origid}" is not a UUID (RFC 8588)`);
    }
    if (f.attest !== null && !['A', 'B', 'C'].includes(f.attest)) add('malformed', `attest "${f.attest}" is not A, B or C (RFC 8588)`);
    if (f.attest === 'B') add('attest-b', 'attest B (partial): the signing provider knows the customer but cannot vouch for the number; analytics may label the call as spam or block it (603, 607, 608)');
    if (f.attest === 'C') add('attest-c', 'attest C (gateway): the provider only vouches for where the call entered its network (an international or TDM gateway); the attestation most often labelled as spam or blocked');
  }
  if (f.iat !== null && ctx.date !== null) {
    f.ageS = ctx.date - f.iat;
    if (f.ageS > STALE_S) add('stale', `iat is ${f.ageS} s before the Date header (more than ${STALE_S} s): a verifier may reject it with 403 Stale Date (RFC 8224 §6.2.1)`);
    else if (f.ageS < -STALE_S) add('future', `iat is ${-f.ageS} s after the Date header: the signer's clock is off`);
  }
  if (f.origTn !== null && ctx.from !== null && /^\+?[\d\-.()]{4,40}$/.test(ctx.from.replace(/%2B/gi, '+'))) {
    const a = canonicalTn(f.origTn);
    const b = canonicalTn(ctx.from.replace(/%2B/gi, '+'));
    if (a !== b) add('orig-mismatch', `orig TN ${f.origTn} does not match the From user ${ctx.from} (compared as digits, RFC 8224 §8.3): verifiers reject it (438)`);
  }
  return f;
}

/** Codes an Identity problem can explain (RFC 8224 §13.3, RFC 8588, RFC 8197, RFC 9410). */
export const IDENTITY_CODES = [403, 428, 436, 437, 438, 603, 604, 606, 607, 608];

const SHORT: Record<ProblemKind, (f: Decoded) => string> = {
  stale: (f) => `a token ${f.ageS} s old: stale iat`,
  future: (f) => `a token dated ${-(f.ageS ?? 0)} s after its Date header`,
  malformed: () => 'a malformed token',
  alg: (f) => `a token signed with ${f.alg ?? 'no alg'}, not ES256`,
  'orig-mismatch': (f) => `a token whose orig TN ${f.origTn} does not match the From user`,
  'missing-claim': () => 'a token missing required claims',
  params: () => 'an Identity header with bad parameters',
  'attest-c': () => 'a C-attested (gateway) token',
  'attest-b': () => 'a B-attested (partial) token',
};
/** Which problem leads, per kind of rejection: verifier errors first; attestation for analytics blocks. */
const ORDER: ProblemKind[] = ['stale', 'malformed', 'alg', 'orig-mismatch', 'params', 'missing-claim', 'future', 'attest-c', 'attest-b'];

/** "438 after a token 300 s old: stale iat", or null when no Identity problem explains the codes. */
export function identityDiagnosis(codes: readonly number[], found: readonly Decoded[]): string | null {
  const code = [...codes].reverse().find((c) => IDENTITY_CODES.includes(c));
  if (code === undefined) return null;
  if (found.length === 0) return code === 428 ? '428: the request carried no Identity header and the verifier requires one' : null;
  const blocking = code >= 600;
  for (const k of ORDER) {
    if (!blocking && (k === 'attest-b' || k === 'attest-c')) continue;
    const f = found.find((x) => x.kinds.includes(k));
    if (f) return `${code} after ${SHORT[k](f)}`;
  }
  return null;
}

/** The public shape (no internal kinds). */
export function publicFinding(d: Decoded): IdentityFinding {
  const { kinds: _k, ...rest } = d;
  return rest;
}
