// HTTP interactions (POST /discord/interactions) with no gateway: Ed25519 verification with
// node:crypto on the raw bytes, and the same answers as over the gateway. Served first by a tiny
// test host, then through the real server (startSipbot).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../server/adapter.js';
import { frontDeps } from '../shared-deps.js';
import { loadConfig } from '../../../server/config.js';
import { startSipbot, type Sipbot } from '../../../server/app.js';
import { createDiscordInteractions } from '../../../adapters/discord/index.js';
import { APP_ID, autocomplete, buttonClick, messageCommand, ping, signingKeys, slashCommand } from '../../fakes/discord.js';
import { recordingLogger, serveRoutes } from './helpers.js';

const keys = signingKeys();
const logger = recordingLogger();
let adapter: Adapter;
let host: { url: string; stop(): Promise<void> };

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/discord/interactions`, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const signed = (payload: object, url = host.url) => {
  const body = JSON.stringify(payload);
  return post(url, body, keys.sign(body));
};

beforeAll(async () => {
  adapter = createDiscordInteractions({ publicKey: keys.publicKeyHex, applicationId: APP_ID, ...frontDeps(), logger });
  await adapter.start();
  host = await serveRoutes(adapter.routes);
});

afterAll(async () => {
  await adapter?.stop();
  await host?.stop();
});

describe('Discord HTTP interactions endpoint', () => {
  it('is one POST route and reports itself ready without any connection', () => {
    expect(adapter.name).toBe('discord-interactions');
    expect(adapter.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /discord/interactions']);
    expect(adapter.state()).toBe('connected');
    expect(adapter.detail?.()).toBe('HTTP interactions at POST /discord/interactions');
  });

  it('answers PING with PONG', async () => {
    expect(await signed(ping())).toEqual({ status: 200, json: { type: 1 } });
  });

  it('answers /sip query:603 in the HTTP response', async () => {
    const r = await signed(slashCommand({ query: '603' }));
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(4);
    expect(r.json.data.embeds[0].title).toBe('603 Decline');
    expect(r.json.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers autocomplete, the context menu and related-code buttons', async () => {
    const ac = await signed(autocomplete('60'));
    expect(ac.json.type).toBe(8);
    expect(ac.json.data.choices.map((c: any) => c.value)).toEqual(expect.arrayContaining(['600', '603']));
    const menu = await signed(messageCommand({ content: 'carrier says 486 then 600' }));
    expect(menu.json.data.flags).toBe(64);
    expect(menu.json.data.embeds[0].title).toMatch(/486.*600/);
    const button = await signed(buttonClick('sip:600'));
    expect(button.json.data.embeds[0].title).toBe('600 Busy Everywhere');
  });

  it('refuses a missing, malformed, wrong-key or tampered signature with 401', async () => {
    const body = JSON.stringify(slashCommand({ query: '603' }));
    expect((await post(host.url, body, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(host.url, body, { ...keys.sign(body), 'x-signature-ed25519': 'zz' })).status).toBe(401);
    expect((await post(host.url, body, signingKeys().sign(body))).status).toBe(401);
    const headers = keys.sign(body);
    expect((await post(host.url, body.replace('603', '604'), headers)).status).toBe(401);
    expect((await post(host.url, body, { ...headers, 'x-signature-timestamp': String(Number(headers['x-signature-timestamp']) + 1) })).status).toBe(401);
    // PING too: Discord checks that unsigned requests are refused before it saves the endpoint URL.
    expect((await post(host.url, JSON.stringify(ping()), {})).status).toBe(401);
  });

  it('refuses signed bodies that are not interactions with 400', async () => {
    const body = 'not json';
    expect((await post(host.url, body, keys.sign(body))).status).toBe(400);
    expect((await signed({ hello: 'world' })).status).toBe(400);
    expect((await signed({ type: 5, id: '1', token: 't', application_id: APP_ID, data: {} })).status).toBe(400);
  });

  it('refuses an interaction for another application', async () => {
    expect((await signed({ ...slashCommand({ query: '603' }), application_id: '999999999999999999' })).status).toBe(401);
  });

  it('answers a broken interaction with a short ephemeral apology and logs it with context', async () => {
    const i = messageCommand({ content: '603' });
    (i.data as { resolved?: unknown }).resolved = undefined;
    const r = await signed(i);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      type: 4,
      data: { content: expect.stringMatching(/^Sorry, something went wrong/), embeds: [], components: [], allowed_mentions: { parse: [], replied_user: false }, flags: 64 },
    });
    const err = logger.entries.find((e) => e.level === 'error' && e.obj.interactionId === i.id);
    expect(err?.obj).toMatchObject({ platform: 'discord', via: 'http', kind: 'context-menu' });
    expect((await signed(slashCommand({ query: '486' }))).json.data.embeds[0].title).toBe('486 Busy Here');
  });

  it('logs one line per answer without the question text above debug', () => {
    const info = logger.entries.filter((e) => e.level === 'info');
    expect(info.some((e) => e.obj.kind === 'command' && e.obj.via === 'http')).toBe(true);
    expect(JSON.stringify(info)).not.toContain('carrier says');
    expect(JSON.stringify(logger.entries.filter((e) => e.level === 'debug'))).toContain('carrier says');
  });

  it('shows a rate-limit notice only to the asker', async () => {
    const limited = createDiscordInteractions({ publicKey: keys.publicKeyHex, ...frontDeps({ perUser: 1, perChannel: 100, windowMs: 60_000 }), logger });
    const h = await serveRoutes(limited.routes);
    try {
      expect((await signed(slashCommand({ query: '603' }), h.url)).json.data.flags).toBeUndefined();
      const second = await signed(slashCommand({ query: '603' }), h.url);
      expect(second.json.data.flags).toBe(64);
      expect(second.json.data.embeds[0].title).toBe('Slow down a little');
    } finally {
      await h.stop();
    }
  });

  it('rejects a public key that is not 64 hex characters, saying where to find it', () => {
    expect(() => createDiscordInteractions({ publicKey: 'abc', ...frontDeps(), logger })).toThrow(/General Information > Public Key/);
  });
});

describe('Discord HTTP interactions through startSipbot', () => {
  let app: Sipbot;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DISCORD_PUBLIC_KEY: keys.publicKeyHex, LOG_LEVEL: 'silent' });
    app = await startSipbot(config, { logger: recordingLogger() });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('serves PING, a command and a bad signature on the real server', async () => {
    expect((await signed(ping(), app.url)).json).toEqual({ type: 1 });
    const r = await signed(slashCommand({ query: '487' }), app.url);
    expect(r.json.data.embeds[0].title).toBe('487 Request Terminated');
    expect((await post(app.url, JSON.stringify(ping()), { 'x-signature-ed25519': '00'.repeat(64), 'x-signature-timestamp': '1' })).status).toBe(401);
    const health = await (await fetch(`${app.url}/healthz`)).json();
    expect(JSON.stringify(health)).toContain('discord-interactions');
  });
});
