// End to end in Socket Mode: the real Bolt SocketModeReceiver connects to a local fake Slack
// (apps.connections.open, then a ws:// link), receives envelopes, acks them and answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontDeps } from '../shared-deps.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import type { Adapter } from '../../../server/adapter.js';
import { FAKE_BOT, FakeSlack, slashCommandPayload } from '../../fakes/slack.js';
import { headerOf, recordingLogger } from './harness.js';

describe('Socket Mode', () => {
  let fake: FakeSlack;
  let adapter: Adapter;
  const { logger, lines } = recordingLogger();

  beforeAll(async () => {
    fake = await FakeSlack.start();
    adapter = createSlackAdapter({
      botToken: 'xoxb-fake-bot-token',
      appToken: 'xapp-1-fake-app-token',
      apiUrl: fake.apiUrl,
      ...frontDeps(),
      logger,
      retries: 0,
      autoReconnect: false,
    });
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.stop();
  });

  it('has no HTTP routes and connects on start()', async () => {
    expect(adapter.name).toBe('slack-socket');
    expect(adapter.routes).toEqual([]);
    expect(adapter.state()).toBe('disabled');
    await adapter.start();
    expect(adapter.state()).toBe('connected');
    expect(adapter.detail!()).toBe('Socket Mode, connected, bot sipbot');
    const open = fake.api('apps.connections.open')[0]!;
    expect(open.headers.authorization).toBe('Bearer xapp-1-fake-app-token');
  });

  it('acks a slash-command envelope and answers it through response_url', async () => {
    await fake.waitForSocket();
    const response_url = fake.responseUrl('socket603');
    fake.sendEnvelope({ envelope_id: 'env-1', type: 'slash_commands', payload: slashCommandPayload({ text: '603', response_url }), accepts_response_payload: true });
    const ack = await fake.waitForAck('env-1');
    expect(ack).toEqual({ envelope_id: 'env-1', payload: {} });
    const answer = await fake.waitForResponse('socket603');
    expect(headerOf(answer.body.blocks)).toBe('603 Decline');
  });

  it('answers a mention envelope once even when Slack retries it', async () => {
    const payload = {
      type: 'event_callback',
      team_id: FAKE_BOT.team_id,
      api_app_id: 'A0001',
      event_id: 'EvSOCKET1',
      event_time: 1700000000,
      event: { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> 486`, ts: '1700002000.000100', channel: 'C0SOCK', event_ts: '1700002000.000100' },
    };
    fake.sendEnvelope({ envelope_id: 'env-2', type: 'events_api', payload, accepts_response_payload: false });
    fake.sendEnvelope({ envelope_id: 'env-3', type: 'events_api', payload, accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout' });
    await fake.waitForAck('env-3');
    const post = await fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0SOCK');
    expect(post.body.thread_ts).toBe('1700002000.000100');
    // A later, different question proves the retry has been processed (and dropped).
    fake.sendEnvelope({ envelope_id: 'env-4', type: 'events_api', payload: { ...payload, event_id: 'EvSOCKET2', event: { ...payload.event, ts: '1700002001.000100', channel: 'C0SOCK2' } } });
    await fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0SOCK2');
    expect(fake.api('chat.postMessage').filter((r) => r.body.channel === 'C0SOCK')).toHaveLength(1);
  });

  it('stops cleanly: awaits the close handshake and reports disabled', async () => {
    const ws = await fake.waitForSocket();
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    await adapter.stop();
    await closed;
    expect(adapter.state()).toBe('disabled');
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('Socket Mode that cannot connect', () => {
  it('reports failing with a logged reason, without throwing or leaking the token', async () => {
    const fake = await FakeSlack.start();
    fake.onApi('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const { logger, lines } = recordingLogger();
    const adapter = createSlackAdapter({
      botToken: 'xoxb-fake-bot-token',
      appToken: 'xapp-1-revoked-app-token',
      apiUrl: fake.apiUrl,
      ...frontDeps(),
      logger,
      retries: 0,
      autoReconnect: false,
    });
    await adapter.start();
    expect(adapter.state()).toBe('failing');
    expect(adapter.detail!()).toBe('Socket Mode, not connected: invalid_auth, bot sipbot');
    const error = lines.find((l) => l.level === 'error' && l.msg?.includes('Socket Mode could not connect'));
    expect(error?.msg).toContain('SLACK_APP_TOKEN');
    expect(JSON.stringify(lines)).not.toContain('xapp-1-revoked');
    expect(JSON.stringify(lines)).not.toContain('xoxb-fake');
    await adapter.stop();
    await fake.stop();
  });
});
