// Failures and operations, end to end: a bad bot token, an unreachable Slack, Slack API errors and a
// dead response_url (apology, log line, app keeps running), rate limits, visible answers, log hygiene.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { frontDeps } from '../shared-deps.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { APOLOGY } from '../../../adapters/slack/ask.js';
import { blockAction, eventCallback, FAKE_BOT, FakeSlack, interaction, postSigned, SIGNING_SECRET, slashCommand } from '../../fakes/slack.js';
import { headerOf, mountRoutes, recordingLogger, startHttp, type HttpSetup } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(...args: Parameters<typeof startHttp>): Promise<HttpSetup> {
  const s = await startHttp(...args);
  cleanup.push(() => s.close());
  return s;
}

const TOKEN = 'xoxb-fake-bot-token';
const noSecrets = (s: HttpSetup) => {
  const all = JSON.stringify(s.lines);
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain(SIGNING_SECRET);
  expect(all).not.toContain('/response/');
};

describe('start-up', () => {
  it('reports a rejected bot token as failing, logs how to fix it, and still answers /sip', async () => {
    const fake = await FakeSlack.start();
    cleanup.push(() => fake.stop());
    fake.onApi('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const { logger, lines } = recordingLogger();
    const adapter = createSlackAdapter({ botToken: TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, ...frontDeps(), logger, retries: 0 });
    await adapter.start();
    cleanup.push(() => adapter.stop());
    expect(adapter.name).toBe('slack-http');
    expect(adapter.state()).toBe('failing');
    expect(adapter.detail!()).toBe('HTTP mode, POST /slack/events, auth.test failed: invalid_auth');
    expect(lines.find((l) => l.level === 'error')?.msg).toMatch(/auth\.test failed \(invalid_auth\): check SLACK_BOT_TOKEN/);

    const host = await mountRoutes(adapter.routes);
    cleanup.push(() => host.close());
    await postSigned(`${host.url}/slack/events`, slashCommand({ text: '603', response_url: fake.responseUrl('still') }));
    expect(headerOf((await fake.waitForResponse('still')).body.blocks)).toBe('603 Decline');
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('survives an unreachable Slack API without an unhandled rejection', async () => {
    // A port that was free a moment ago: connections are refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { logger } = recordingLogger();
    const adapter = createSlackAdapter({ botToken: TOKEN, signingSecret: SIGNING_SECRET, apiUrl: `http://127.0.0.1:${port}/api`, ...frontDeps(), logger, retries: 0 });
    await adapter.start();
    expect(adapter.state()).toBe('failing');
    expect(adapter.detail!()).not.toContain(TOKEN);
    await adapter.stop();
    expect(adapter.state()).toBe('disabled');
  });

  it('skips auth.test when the bot ids are given', async () => {
    const s = await setup({ botUserId: 'UKNOWN', botId: 'BKNOWN' });
    expect(s.adapter.state()).toBe('connected');
    expect(s.fake.api('auth.test')).toHaveLength(0);
  });

  it('says what is missing when the options cannot work', () => {
    const base = { botToken: TOKEN, ...frontDeps(), logger: recordingLogger().logger };
    expect(() => createSlackAdapter(base)).toThrow(/SLACK_SIGNING_SECRET is not set: HTTP mode needs it .* or set SLACK_APP_TOKEN for Socket Mode/);
    expect(() => createSlackAdapter({ ...base, appToken: 'xoxb-wrong' })).toThrow(/SLACK_APP_TOKEN must start with xapp-/);
    expect(() => createSlackAdapter({ ...base, botToken: '', signingSecret: 's' })).toThrow(/SLACK_BOT_TOKEN is not set/);
  });

  it('answers 503 once stopped, so Slack retries the delivery elsewhere or later', async () => {
    const s = await setup();
    await s.adapter.stop();
    const res = await postSigned(s.events, slashCommand({ text: '603', response_url: s.fake.responseUrl('late') }));
    expect(res.status).toBe(503);
  });
});

describe('the catch-all', () => {
  it('apologises in the thread when posting the answer fails, logs it, and keeps answering', async () => {
    const s = await setup();
    let calls = 0;
    s.fake.onApi('chat.postMessage', (args) => (++calls === 1 ? { body: { ok: false, error: 'internal_error' } } : { body: { ok: true, channel: args.channel, ts: '1700003000.000001' } }));
    await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> 603`, ts: '1700003000.000100', channel: 'C0ERR' }, { eventId: 'EvERR1' }));
    const apology = await s.fake.waitForApi('chat.postMessage', (r) => r.body.text === APOLOGY);
    expect(apology.body).toMatchObject({ channel: 'C0ERR', thread_ts: '1700003000.000100' });
    const error = s.lines.find((l) => l.level === 'error')!;
    expect(error.obj).toMatchObject({ platform: 'slack', kind: 'event:app_mention', channel: 'C0ERR', slackError: 'internal_error' });
    await postSigned(s.events, slashCommand({ text: '486', response_url: s.fake.responseUrl('after') }));
    await s.fake.waitForResponse('after');
    noSecrets(s);
  });

  it('logs a dead response_url and keeps running', async () => {
    const s = await setup();
    s.fake.failResponseUrl('dead', 500);
    await postSigned(s.events, slashCommand({ text: '603', response_url: s.fake.responseUrl('dead') }));
    // The answer and then the apology both hit the dead URL.
    await s.fake.waitFor((f) => f.responses('dead').length === 2);
    await s.waitForLine((l) => l.level === 'warn' && l.msg === 'slack apology could not be delivered either');
    expect(s.lines.find((l) => l.level === 'error')!.obj).toMatchObject({ kind: 'command', status: 500 });
    expect(s.fake.responses('dead')[1]!.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: APOLOGY });
    await postSigned(s.events, slashCommand({ text: '486', response_url: s.fake.responseUrl('alive') }));
    await s.fake.waitForResponse('alive');
    noSecrets(s);
  });
});

describe('operations', () => {
  it('logs one info line per answer with kind, intent, outcome and ms; the text only at debug', async () => {
    const s = await setup();
    const paste = 'SECRET-PASTE SIP/2.0 486 Busy Here';
    await postSigned(s.events, slashCommand({ text: paste, response_url: s.fake.responseUrl('log') }));
    await s.fake.waitForResponse('log');
    await s.waitForLine((l) => l.msg === 'slack answer');
    expect(s.lines.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['Slack bot token verified', 'slack answer']);
    const info = s.lines.filter((l) => l.msg === 'slack answer');
    expect(info[0]!.obj).toMatchObject({ platform: 'slack', kind: 'command', outcome: 'answered', channel: 'C0001', user: 'U0001' });
    expect(typeof info[0]!.obj.ms).toBe('number');
    expect(typeof info[0]!.obj.intent).toBe('string');
    expect(JSON.stringify(s.lines.filter((l) => l.level !== 'debug'))).not.toContain('SECRET-PASTE');
    expect(s.lines.some((l) => l.level === 'debug' && JSON.stringify(l.obj).includes('SECRET-PASTE'))).toBe(true);
    noSecrets(s);
  });

  it('tells a rate-limited asker to slow down privately, not in the channel', async () => {
    const s = await setup({ rateLimit: { perUser: 1, perChannel: 100, windowMs: 60_000 } });
    const mention = (i: number) => eventCallback({ type: 'app_mention', user: 'U0LIMIT', text: `<@${FAKE_BOT.user_id}> 603`, ts: `1700004000.00010${i}`, channel: 'C0LIMIT' }, { eventId: `EvLIMIT${i}` });
    await postSigned(s.events, mention(1));
    await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0LIMIT');
    await postSigned(s.events, mention(2));
    const eph = await s.fake.waitForApi('chat.postEphemeral', (r) => r.body.channel === 'C0LIMIT');
    expect(eph.body).toMatchObject({ user: 'U0LIMIT', thread_ts: '1700004000.000102' });
    expect(headerOf(eph.body.blocks)).toBe('Slow down a little');
  });

  it('posts slash answers for everyone when answersVisible is set, without a Share button; help stays private', async () => {
    const s = await setup({ answersVisible: true });
    await postSigned(s.events, slashCommand({ text: '603', response_url: s.fake.responseUrl('vis') }));
    const answer = await s.fake.waitForResponse('vis');
    expect(answer.body.response_type).toBe('in_channel');
    expect(JSON.stringify(answer.body.blocks)).not.toContain('sip_share');
    await postSigned(s.events, slashCommand({ text: 'help', response_url: s.fake.responseUrl('vis-help') }));
    expect((await s.fake.waitForResponse('vis-help')).body.response_type).toBe('ephemeral');
  });

  it('says so when a parked question to share is gone (after a restart)', async () => {
    const s = await setup();
    const click = blockAction({ action: { type: 'button', action_id: 'sip_share', value: 'p:00000000-0000-0000-0000-000000000000' }, response_url: s.fake.responseUrl('gone'), ephemeral: true });
    await postSigned(s.events, interaction(click));
    const answer = await s.fake.waitForResponse('gone');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.body.text).toContain('no longer available');
  });
});
