// STIR/SHAKEN Identity headers and PASSporTs: what is decoded, which problems are named, and how a
// rejection in the same paste is explained. Tokens are built here (decode only: signatures are not checked).
import { describe, expect, it } from 'vitest';
import { answer, toReply, renderText } from '../../src/index.js';
import { toBlockKit } from '../../adapters/slack/render.js';
import { toDiscordMessage } from '../../adapters/discord/render.js';

const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const SIG = 'QkRS73nHXsd-Uv76PagTzBPHjhUbXTcUgn3rPcwZC4FWfLAhU4PMGv4-SAC22wovMMYXF3RccV69sFc2DcCMTQ';
const DATE = 'Wed, 02 Dec 2026 12:00:00 GMT';
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0) / 1000;
const X5U = 'https://cert.example.org/sp.pem';
const header = (over: Record<string, unknown> = {}) => ({ alg: 'ES256', ppt: 'shaken', typ: 'passport', x5u: X5U, ...over });
const claims = (over: Record<string, unknown> = {}) => ({
  attest: 'A',
  dest: { tn: ['12155550199'] },
  iat: NOW - 5,
  orig: { tn: '12155550100' },
  origid: '123e4567-e89b-12d3-a456-426614174000',
  ...over,
});
const token = (h = header(), c: Record<string, unknown> | null = claims()) => `${b64(h)}.${c ? b64(c) : ''}.${SIG}`;
const PARAMS = `;info=<${X5U}>;alg=ES256;ppt=shaken`;

function invite(identityLine: string, from = '+12155550100', date = DATE): string {
  return [
    'INVITE sip:+12155550199@198.51.100.7 SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds',
    `From: <sip:${from}@192.0.2.10>;tag=1928301774`,
    'To: <sip:+12155550199@198.51.100.7>',
    'Call-ID: a84b4c76e66710@pc33',
    'CSeq: 314159 INVITE',
    `Date: ${date}`,
    identityLine,
    'Content-Length: 0',
    '',
  ].join('\r\n');
}
const reply = (code: number, reason: string) =>
  ['', `SIP/2.0 ${code} ${reason}`, 'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds', 'From: <sip:+12155550100@192.0.2.10>;tag=1928301774', 'To: <sip:+12155550199@198.51.100.7>;tag=99', 'Call-ID: a84b4c76e66710@pc33', 'CSeq: 314159 INVITE', 'Content-Length: 0', ''].join('\r\n');

describe('Identity in a pasted SIP message', () => {
  it('decodes a clean, fresh, A-attested token with no problems', () => {
    const a = answer(invite(`Identity: ${token()}${PARAMS}`) + reply(200, 'OK'));
    expect(a.intent).toBe('log');
    expect(a.identity).toEqual([
      { line: 8, ppt: 'shaken', alg: 'ES256', x5u: X5U, attest: 'A', origTn: '12155550100', destTn: ['12155550199'], iat: NOW - 5, ageS: 5, origid: '123e4567-e89b-12d3-a456-426614174000', problems: [], form: 'full' },
    ]);
  });

  it('names a stale iat and explains the 438 with it', () => {
    const a = answer(invite(`Identity: ${token(header(), claims({ iat: NOW - 300 }))}${PARAMS}`) + reply(438, 'Invalid Identity Header'));
    expect(a.identity?.[0]?.ageS).toBe(300);
    expect(a.identity?.[0]?.problems.join(' ')).toMatch(/iat is 300 s before the Date header .*403 Stale Date/);
    expect(a.log?.flow?.diagnosis).toMatch(/^438 after a token 300 s old: stale iat/);
    expect(a.understood).toContain('438 after a token 300 s old: stale iat');
  });

  it('reads the compact header name y: and a compact-form PASSporT (header..signature)', () => {
    const a = answer(invite(`y: ${token(header(), null)}${PARAMS}`) + reply(200, 'OK'));
    expect(a.identity?.[0]).toMatchObject({ form: 'compact', ppt: 'shaken', alg: 'ES256', x5u: X5U, attest: null, origTn: null, destTn: null, iat: null, ageS: null, origid: null, problems: [] });
  });

  it('compares the orig TN with the From user in canonical form (RFC 8224 §8.3)', () => {
    const same = answer(invite(`Identity: ${token()}${PARAMS}`, '12155550100') + reply(200, 'OK'));
    expect(same.identity?.[0]?.problems).toEqual([]);
    const other = answer(invite(`Identity: ${token()}${PARAMS}`, '+12155550111') + reply(438, 'Invalid Identity Header'));
    expect(other.identity?.[0]?.problems[0]).toMatch(/orig TN 12155550100 does not match the From user \+12155550111/);
    expect(other.log?.outcome).toMatch(/^438 after a token whose orig TN 12155550100 does not match the From user/);
  });

  it('names alg other than ES256, a shaken token without attest or origid, and bad parameters', () => {
    const a = answer(invite(`Identity: ${token(header({ alg: 'RS256' }), claims({ attest: undefined, origid: undefined }))};alg=ES256`) + reply(403, 'Forbidden'));
    const p = a.identity?.[0]?.problems.join('\n') ?? '';
    expect(p).toMatch(/alg is RS256, not ES256/);
    expect(p).toMatch(/without attest/);
    expect(p).toMatch(/without origid/);
    expect(p).toMatch(/no info parameter/);
    expect(p).toMatch(/alg=ES256 differs from the token's alg RS256/);
    expect(a.log?.flow?.diagnosis).toMatch(/^403 after a token signed with RS256, not ES256/);
  });

  it('treats div and rcd as valid ppt values', () => {
    for (const ppt of ['div', 'rcd']) {
      const c = claims({ attest: undefined, origid: undefined, ...(ppt === 'div' ? { div: { tn: '12155550123' } } : { rcd: { nam: 'Alice' } }) });
      const a = answer(invite(`Identity: ${token(header({ ppt }), c)};info=<${X5U}>;alg=ES256;ppt=${ppt}`) + reply(200, 'OK'));
      expect(a.identity?.[0]).toMatchObject({ ppt, problems: [] });
    }
  });

  it('says what attest B and C mean, and blames C for a 608', () => {
    const b = answer(invite(`Identity: ${token(header(), claims({ attest: 'B' }))}${PARAMS}`) + reply(200, 'OK'));
    expect(b.identity?.[0]?.problems).toEqual([expect.stringMatching(/^attest B \(partial\): the signing provider knows the customer but cannot vouch for the number/)]);
    const c = answer(invite(`Identity: ${token(header(), claims({ attest: 'C' }))}${PARAMS}`) + reply(608, 'Rejected'));
    expect(c.identity?.[0]?.problems[0]).toMatch(/^attest C \(gateway\)/);
    expect(c.log?.flow?.diagnosis).toMatch(/^608 after a C-attested \(gateway\) token/);
  });

  it('names a malformed token without failing the rest of the answer', () => {
    const a = answer(invite(`Identity: bm90IGpzb24.e30.${SIG}${PARAMS}`) + reply(438, 'Invalid Identity Header'));
    expect(a.matches.map((m) => m.code)).toEqual([438]);
    expect(a.identity?.[0]?.problems[0]).toMatch(/token header is not base64url-encoded JSON/);
    expect(a.log?.flow?.diagnosis).toMatch(/^438 after a malformed token/);
  });

  it('gives ageS null without a Date header, and adds nothing to a paste without Identity', () => {
    const noDate = invite(`Identity: ${token()}${PARAMS}`).replace(/Date: [^\r]+\r\n/, '');
    expect(answer(noDate + reply(200, 'OK')).identity?.[0]?.ageS).toBeNull();
    const plain = answer(invite('P-Asserted-Identity: <sip:+12155550100@192.0.2.10>') + reply(486, 'Busy Here'));
    expect(plain.identity).toBeUndefined();
    expect(plain.log?.flow?.diagnosis).not.toMatch(/token/);
  });
});

describe('a PASSporT asked as a question', () => {
  it('answers a bare JWT with intent identity', () => {
    const a = answer(token(header(), claims({ attest: 'C' })));
    expect(a.intent).toBe('identity');
    expect(a.identity).toHaveLength(1);
    expect(a.identity?.[0]).toMatchObject({ line: 1, attest: 'C', ageS: null, origTn: '12155550100' });
    expect(a.understood).toMatch(/^A shaken PASSporT, attestation C, signed ES256: 1 problem\(s\): attest C/);
  });

  it('answers an Identity header value, compact form included', () => {
    const a = answer(`Identity: ${token(header(), null)}${PARAMS}`);
    expect(a.intent).toBe('identity');
    expect(a.identity?.[0]).toMatchObject({ form: 'compact', attest: null, problems: [] });
    expect(a.understood).toMatch(/^A compact-form PASSporT/);
  });

  it('does not take three dotted words for a PASSporT', () => {
    expect(answer('sip.example.com').intent).not.toBe('identity');
    expect(answer('abcdefghij.klmnop.qrstuvwxyz').intent).not.toBe('identity');
  });
});

describe('rendering', () => {
  it('shows the Identity fields and problems in the text, Slack and Discord replies', () => {
    const a = answer(invite(`Identity: ${token(header(), claims({ iat: NOW - 300, attest: 'B' }))}${PARAMS}`) + reply(438, 'Invalid Identity Header'));
    const r = toReply(a);
    expect(r.text).toContain('STIR/SHAKEN Identity (line 8)');
    expect(r.text).toContain('Attest: B');
    expect(r.text).toContain('Age at Date: 300 s');
    expect(r.text).toMatch(/- iat is 300 s before the Date header/);
    expect(renderText(r)).toContain('Orig TN: 12155550100');
    expect(JSON.stringify(toBlockKit(r))).toContain('STIR/SHAKEN Identity (line 8)');
    expect(JSON.stringify(toDiscordMessage(r))).toContain('Age at Date');
    const q = toReply(answer(token()));
    expect(q.title).toBe('STIR/SHAKEN Identity');
    expect(q.text).toContain('Nothing a verifier would object to');
  });
});

describe('PASSporTs inside a one-line question', () => {
  it('finds the token in a question and checks the header parameters after it', () => {
    const q = answer(`why was this rejected? ${token(header(), claims({ attest: 'C' }))};alg=ES256;ppt=shaken`);
    expect(q.intent).toBe('identity');
    expect(q.identity?.[0]?.attest).toBe('C');
    expect(q.identity?.[0]?.problems.join(' ')).toMatch(/no info parameter/);
  });

  it('leaves a JWT that is not a JWS header alone', () => {
    expect(answer(`what is ${b64({ foo: 1 })}.${b64({})}.${SIG}`).intent).not.toBe('identity');
  });
});

describe('Identity headers as people paste them', () => {
  it('joins a folded header: parameters on the indented next line', () => {
    const folded = invite(`Identity: ${token()};\r\n  info=<${X5U}>;alg=ES256;ppt=shaken`) + reply(200, 'OK');
    expect(answer(folded).identity?.[0]?.problems).toEqual([]);
  });

  it('answers a short question with a header in it as intent identity', () => {
    const a = answer(`why does the far end reject this?\nIdentity: ${token(header(), claims({ attest: 'C' }))}${PARAMS}`);
    expect(a.intent).toBe('identity');
    expect(a.identity?.[0]).toMatchObject({ line: 2, attest: 'C' });
  });

  it('does not compare the orig TN with a From user that is not a number', () => {
    const a = answer(invite(`Identity: ${token()}${PARAMS}`, 'alice2') + reply(200, 'OK'));
    expect(a.identity?.[0]?.problems).toEqual([]);
  });
});
