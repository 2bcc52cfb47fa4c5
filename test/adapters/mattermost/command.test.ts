// The Mattermost slash command end to end: the real server (startSipbot) on 127.0.0.1, real
// form-encoded requests as Mattermost sends them, and the JSON Mattermost reads back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutraliseMattermost } from '../../../adapters/shared/mentions.js';
import { startSipbot, type Sipbot } from '../../../server/app.js';
import { testConfig } from '../../server/helpers.js';
import { mentionsIn, slackParsed } from './mention-rules.js';

const TOKEN = 'xr3j5x3p4pfk7ezggnkzqhhg1o';
const MEMBERS = ['alice', 'bob.smith', 'oncall'];

function form(fields: Record<string, string>): string {
  return new URLSearchParams({
    channel_id: 'fukkt6lfb3nt8guuqyi6gq6y1y',
    channel_name: 'voice-ops',
    command: '/sip',
    response_url: 'http://127.0.0.1:9/hooks/commands/none',
    team_domain: 'ops',
    team_id: 'h4mjbhg7ttdd7nda4c3bm7h9hy',
    trigger_id: 'dHJpZ2dlcg==',
    user_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaa',
    user_name: 'alice',
    root_id: '',
    user_mentions: '',
    channel_mentions: '',
    text: '',
    ...fields,
  }).toString();
}

interface Sent {
  status: number;
  type: string | null;
  json: { response_type?: string; text?: string; skip_slack_parsing?: boolean; error?: string };
}

async function send(app: Sipbot, fields: Record<string, string>, headers: Record<string, string> = { authorization: `Token ${TOKEN}` }): Promise<Sent> {
  const res = await fetch(`${app.url}/mattermost/command`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(fields),
  });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Sent['json'] };
}

let app: Sipbot;
let visible: Sipbot;
beforeAll(async () => {
  app = await startSipbot(testConfig({ MATTERMOST_TOKEN: TOKEN, RATE_LIMIT_PER_USER: '5' }));
  visible = await startSipbot(testConfig({ MATTERMOST_TOKEN: TOKEN, MATTERMOST_ANSWERS_VISIBLE: 'true' }));
});
afterAll(async () => {
  await app.stop();
  await visible.stop();
});

describe('Mattermost slash command', () => {
  it('answers /sip 603 privately with JSON Mattermost markdown', async () => {
    const r = await send(app, { text: '603', user_id: 'u603' });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.json.response_type).toBe('ephemeral');
    expect(r.json.text).toMatch(/^\*\*603 Decline\*\*: /);
    expect(r.json.text).toContain('RFC 3261');
    expect(r.json.skip_slack_parsing).toBe(true);
  });

  it('accepts the token as the form field when there is no Authorization header', async () => {
    const r = await send(app, { text: '486', token: TOKEN, user_id: 'ufield' }, {});
    expect(r.status).toBe(200);
    expect(r.json.text).toContain('486 Busy Here');
  });

  it('refuses a missing or wrong token with 401 and no answer', async () => {
    for (const [fields, headers] of [
      [{ text: '603' }, {}],
      [{ text: '603', token: 'wrongtokenwrongtokenwrongt' }, {}],
      [{ text: '603' }, { authorization: 'Token wrongtokenwrongtokenwrongt' }],
      [{ text: '603', token: TOKEN.slice(0, -1) }, {}],
      [{ text: '603' }, { authorization: `Bearer ${TOKEN}` }],
    ] as [Record<string, string>, Record<string, string>][]) {
      const r = await send(app, fields, headers);
      expect(r.status).toBe(401);
      expect(JSON.stringify(r.json)).not.toContain('Decline');
    }
  });

  it('posts answers in the channel when MATTERMOST_ANSWERS_VISIBLE is on; usage help stays private', async () => {
    expect((await send(visible, { text: '503', user_id: 'uvis' })).json.response_type).toBe('in_channel');
    for (const text of ['', 'help', '  HELP ']) {
      const help = await send(visible, { text, user_id: 'uvis' });
      expect(help.json.response_type, JSON.stringify(text)).toBe('ephemeral');
      expect(help.json.text).toContain('In Mattermost: /sip 603');
    }
  });

  it('limits answers per user_id and says so privately', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) codes.push((await send(app, { text: '486', user_id: 'ubusy' })).json.text ?? '');
    expect(codes.slice(0, 5).every((t) => t.includes('486 Busy Here'))).toBe(true);
    expect(codes[5]).toMatch(/Slow down a little/);
    // Another person in the same channel is still answered.
    expect((await send(app, { text: '486', user_id: 'ucalm' })).json.text).toContain('486 Busy Here');
  });

  it('keeps a 500-line paste within 16,383 characters', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `2024-05-01T10:00:${String(i % 60).padStart(2, '0')} SIP/2.0 ${[486, 503, 404, 408, 480][i % 5]} x call-${i}@@channel`);
    const r = await send(visible, { text: lines.join('\n'), user_id: 'upaste' });
    expect(r.status).toBe(200);
    expect(r.json.text!.length).toBeLessThanOrEqual(16_383);
    expect(mentionsIn(slackParsed(r.json.text!), MEMBERS)).toEqual([]);
  });

  it('never returns a live mention from the question, by Mattermost\'s own rules', async () => {
    const attacks = [
      '@channel 486',
      '486 @here @all',
      '503 ping @alice and @bob.smith: now',
      '404 _@oncall.',
      '480 (@channel)',
      '486 :@here:x',
      '603 <!channel> <!here> <!all> <!everyone|everyone>',
      'SIP/2.0 486 Busy Here\nFrom: "@channel" <sip:alice@example.com>\nX-Note: @all please look',
      '@CHANNEL 486 @Here',
      'busy @channel',
    ];
    for (const q of attacks) {
      // The rules see mentions in the raw text (so the check can fail)...
      expect(mentionsIn(slackParsed(q), MEMBERS).length, q).toBeGreaterThan(0);
      const r = await send(visible, { text: q, user_id: `u${attacks.indexOf(q)}` });
      // ...and none in what sipbot sends back, with or without Slack-style parsing.
      expect(mentionsIn(slackParsed(r.json.text!), MEMBERS), q).toEqual([]);
      expect(mentionsIn(r.json.text!, MEMBERS), q).toEqual([]);
    }
  });

  it('neutralises with an invisible word joiner, not a backslash or an entity (which Mattermost ignores)', () => {
    const out = neutraliseMattermost('@channel @all @here @alice <!channel> user@example.com');
    expect(out).not.toMatch(/\\@|&#64;|&commat;/);
    expect(out.replaceAll('\u2060', '')).toBe('@channel @all @here @alice <!channel> user@example.com');
    expect(mentionsIn(slackParsed(out), MEMBERS)).toEqual([]);
  });

  it('shows up in /healthz as mattermost, connected', async () => {
    const body = (await (await fetch(`${app.url}/healthz`)).json()) as { adapters: { name: string; state: string }[] };
    expect(body.adapters.find((a) => a.name === 'mattermost')?.state).toBe('connected');
  });
});
