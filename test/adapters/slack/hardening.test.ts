// Slack requests an attacker could replay or repeat, and settings that carry secrets: the real Bolt
// (HTTP mode) behind the host routes, against the fake Slack on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, freshTimestamp } from '../../../adapters/slack/index.js';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { memoryState } from '../../../server/state/memory.js';
import type { Deduper, SharedState } from '../../../server/state/types.js';
import { eventCallback, FAKE_BOT, FakeSlack, postSigned, SIGNING_SECRET, slashCommand, slashCommandPayload } from '../../fakes/slack.js';
import { frontDeps } from '../shared-deps.js';
import { headerOf, mountRoutes, recordingLogger, startHttp, type HttpSetup } from './harness.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(): Promise<HttpSetup> {
  const s = await startHttp();
  cleanup.push(() => s.close());
  return s;
}

const now = () => Math.floor(Date.now() / 1000);

describe('request timestamps (replays)', () => {
  it('refuses correctly signed requests dated +301 s, +1 year, Infinity or -301 s, and answers one dated now', async () => {
    const s = await setup();
    const dates: [string, number][] = [
      ['+301 s', now() + 301],
      ['+1 year', now() + 365 * 86_400],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
      ['-301 s', now() - 301],
      ['NaN', NaN],
    ];
    for (const [label, timestamp] of dates) {
      const r = await postSigned(s.events, slashCommand({ text: '603', response_url: s.fake.responseUrl(`replay-${label}`) }), { timestamp });
      expect(r.status, label).toBe(401);
    }
    await postSigned(s.events, slashCommand({ text: '603', response_url: s.fake.responseUrl('fresh') }), { timestamp: now() + 200 });
    expect(headerOf((await s.fake.waitForResponse('fresh')).body.blocks)).toBe('603 Decline');
    // None of the refused ones reached Bolt: nothing was answered for them.
    expect(s.fake.responses().map((r) => r.name)).toEqual(['fresh']);
  });

  it('reads the header strictly: digits only, within 300 s either way', () => {
    const t = 1_700_000_000;
    expect(freshTimestamp(String(t + 300), t * 1000)).toBe(true);
    expect(freshTimestamp(String(t - 300), t * 1000)).toBe(true);
    expect(freshTimestamp(String(t + 301), t * 1000)).toBe(false);
    for (const bad of ['', ' 1700000000', '1e9', '0x65', '-1', '1700000000.5', 'Infinity', undefined]) expect(freshTimestamp(bad, t * 1000), String(bad)).toBe(false);
  });
});

describe('duplicate deliveries', () => {
  it('answers a slash command delivered twice (same trigger_id) once', async () => {
    const s = await setup();
    const twice = slashCommand({ text: '486', response_url: s.fake.responseUrl('twice'), trigger_id: '12345.98765.abcdef' });
    expect((await postSigned(s.events, twice)).status).toBe(200);
    expect((await postSigned(s.events, twice)).status).toBe(200);
    await postSigned(s.events, slashCommand({ text: '603', response_url: s.fake.responseUrl('other') }));
    await s.fake.waitForResponse('other');
    await s.fake.waitForResponse('twice');
    expect(s.fake.responses('twice')).toHaveLength(1);
    expect(slashCommandPayload({ text: '', response_url: '' }).trigger_id).not.toBe(slashCommandPayload({ text: '', response_url: '' }).trigger_id);
  });
});

describe('dedupe by time, not by count', () => {
  it('still ignores a retried event after thousands of other deliveries (a busy workspace)', async () => {
    // The real memory store, recording what the adapter asks of it.
    const inner = memoryState();
    const asked: { name: string; ttlMs: number; deduper: Deduper }[] = [];
    const state: SharedState = {
      ...inner,
      deduper(name, ttlMs) {
        const deduper = inner.deduper(name, ttlMs);
        asked.push({ name, ttlMs, deduper });
        return deduper;
      },
    };
    const s = await startHttp({ state });
    cleanup.push(() => s.close());
    const deliveries = asked.find((a) => a.name === 'slack-deliveries')!;
    // Slack retries for minutes: keys live far longer than that.
    expect(deliveries.ttlMs).toBeGreaterThanOrEqual(30 * 60_000);
    const mention = eventCallback({ type: 'app_mention', user: 'U0BUSY', text: `<@${FAKE_BOT.user_id}> 603`, ts: '1700009000.000100', channel: 'C0BUSY' }, { eventId: 'EvBUSY1' });
    await postSigned(s.events, mention);
    await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0BUSY');
    // 6,000 other deliveries (12,000 keys) go through the same store: more than the old 5,000-key memory held.
    for (let i = 0; i < 6_000; i++) await deliveries.deduper.firstTime(`event:EvOTHER${i}`, `message:C0OTHER:${i}`);
    await postSigned(s.events, mention, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await postSigned(s.events, slashCommand({ text: '486', response_url: s.fake.responseUrl('after') }));
    await s.fake.waitForResponse('after');
    expect(s.fake.api('chat.postMessage').filter((r) => r.body.channel === 'C0BUSY')).toHaveLength(1);
  });
});

describe('credentials in URL settings', () => {
  it('never prints the user:password of SLACK_API_URL in a config error', () => {
    let message = '';
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc', SLACK_API_URL: 'ftp://proxyuser:hunter2pass@proxy.example/' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^SLACK_API_URL must be an http\(s\) URL/);
    expect(message).not.toContain('hunter2pass');
    expect(message).not.toContain('proxyuser');
    for (const name of ['DISCORD_API_URL']) {
      expect(() => loadConfig({ [name]: 'gopher://u:hunter2pass@x/' })).toThrow(/\[redacted\]/);
      expect(() => loadConfig({ [name]: 'gopher://u:hunter2pass@x/' })).not.toThrow(/hunter2pass/);
    }
  });

  it('never logs them, from our lines or from Bolt and its WebClient (debug included)', async () => {
    const fake = await FakeSlack.start();
    cleanup.push(() => fake.stop());
    fake.onApi('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const { logger, lines } = recordingLogger();
    const apiUrl = fake.apiUrl.replace('http://', 'http://proxyuser:hunter2pass@');
    const adapter = createSlackAdapter({ botToken: 'xoxb-fake-bot-token', signingSecret: SIGNING_SECRET, apiUrl, ...frontDeps(), logger, retries: 0 });
    await adapter.start();
    cleanup.push(() => adapter.stop());
    const host = await mountRoutes(adapter.routes);
    cleanup.push(() => host.close());
    await postSigned(`${host.url}/slack/events`, slashCommand({ text: '603', response_url: fake.responseUrl('cred') }));
    await fake.waitForResponse('cred');
    const all = JSON.stringify(lines);
    // The URL was logged (the auth.test advice names it), with its credentials cut out.
    expect(all).toContain('[redacted]@127.0.0.1');
    expect(all).not.toContain('hunter2pass');
    expect(all).not.toContain('proxyuser');
  });
});
