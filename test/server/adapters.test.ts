// server/adapters.ts wiring with the real adapters built from settings: every platform at once on one
// server, a platform that cannot reach its API reported as failing while the others keep answering,
// and a stop that closes them all. (Each adapter's own end-to-end tests live under test/adapters/.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSipbot, type Sipbot } from '../../server/app.js';
import { testConfig } from './helpers.js';

/** Slack's Web API, as far as start-up goes: auth.test only. */
async function startAuthTestFake(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user: 'sipbot', user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return server;
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('every platform on one server', () => {
  let slackFake: Server;
  let app: Sipbot;
  const keys = generateKeyPairSync('ed25519');
  const publicKeyHex = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

  beforeAll(async () => {
    slackFake = await startAuthTestFake();
    const config = testConfig({
      SLACK_BOT_TOKEN: 'xoxb-wiring-test',
      SLACK_SIGNING_SECRET: 'wiring-secret',
      SLACK_API_URL: `http://127.0.0.1:${(slackFake.address() as AddressInfo).port}/api/`,
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbcde.wiring-test-token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}/api`,
      DISCORD_PUBLIC_KEY: publicKeyHex,
      MATTERMOST_TOKEN: 'wiringtestmattermosttoken0',
    });
    app = await startSipbot(config, { startWaitMs: 15_000 });
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await new Promise((r) => slackFake?.close(r));
  });

  it('builds one adapter per configured platform, with their routes on the one server', () => {
    expect(app.adapters.map((a) => a.name).sort()).toEqual(['discord-gateway', 'discord-interactions', 'mattermost', 'slack-http']);
    expect(app.adapters.flatMap((a) => a.routes.map((r) => `${r.method} ${r.path}`)).sort()).toEqual([
      'POST /discord/interactions',
      'POST /mattermost/command',
      'POST /slack/events',
    ]);
  });

  it('reports the unreachable gateway as failing (503) and the others as connected', async () => {
    const res = await fetch(`${app.url}/healthz`);
    const body = (await res.json()) as { status: string; adapters: { name: string; state: string }[] };
    expect(res.status).toBe(503);
    const states = Object.fromEntries(body.adapters.map((a) => [a.name, a.state]));
    expect(states).toEqual({ 'slack-http': 'connected', 'discord-gateway': 'failing', 'discord-interactions': 'connected', mattermost: 'connected' });
  });

  it('keeps answering on the other platforms and the API', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const ping = JSON.stringify({ type: 1, id: '1', application_id: '123456789012345678', token: 't', version: 1 });
    const signature = sign(null, Buffer.from(ts + ping), keys.privateKey).toString('hex');
    const pong = await fetch(`${app.url}/discord/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts },
      body: ping,
    });
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });

    const unsigned = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'command=%2Fsip&text=603' });
    expect(unsigned.status).toBe(401);

    const answer = (await (await fetch(`${app.url}/api/explain?q=603`)).json()) as { matches: { code: number }[] };
    expect(answer.matches[0]?.code).toBe(603);

    const mm = await fetch(`${app.url}/mattermost/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Token wiringtestmattermosttoken0' },
      body: new URLSearchParams({ command: '/sip', text: '603', user_id: 'u1', channel_id: 'c1' }).toString(),
    });
    expect(mm.status).toBe(200);
    expect(((await mm.json()) as { text: string }).text).toContain('603 Decline');
  });

  it('stops every adapter well within the shutdown deadline', async () => {
    const t0 = Date.now();
    await app.stop();
    expect(Date.now() - t0).toBeLessThan(9_000);
    expect(app.adapters.map((a) => a.state())).toEqual(app.adapters.map(() => 'disabled'));
  }, 15_000);
});
