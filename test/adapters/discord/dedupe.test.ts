// One interaction delivered twice (same interaction id) is answered once, over HTTP and over the
// gateway: the real discord.js client and the HTTP endpoint against the fake Discord on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordGateway, createDiscordInteractions } from '../../../adapters/discord/index.js';
import type { Adapter } from '../../../server/adapter.js';
import { APP_ID, TOKEN, signingKeys, slashCommand, startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';
import { frontDeps } from '../shared-deps.js';
import { recordingLogger, serveRoutes } from './helpers.js';

describe('Discord HTTP interactions delivered twice', () => {
  const keys = signingKeys();
  let adapter: Adapter;
  let host: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    adapter = createDiscordInteractions({ publicKey: keys.publicKeyHex, applicationId: APP_ID, ...frontDeps(), logger: recordingLogger() });
    await adapter.start();
    host = await serveRoutes(adapter.routes);
  });
  afterAll(async () => {
    await adapter.stop();
    await host.stop();
  });

  it('answers the first delivery and sends nothing for the second', async () => {
    const body = JSON.stringify(slashCommand({ query: '603' }));
    const send = () => fetch(`${host.url}/discord/interactions`, { method: 'POST', body, headers: keys.sign(body) });
    const first = await send();
    expect(first.status).toBe(200);
    expect(((await first.json()) as any).data.embeds[0].title).toBe('603 Decline');
    const second = await send();
    expect(second.status).toBe(204);
    expect(await second.text()).toBe('');
    // Another interaction is still answered.
    const other = JSON.stringify(slashCommand({ query: '486' }));
    const third = await fetch(`${host.url}/discord/interactions`, { method: 'POST', body: other, headers: keys.sign(other) });
    expect(third.status).toBe(200);
  });
});

describe('Discord gateway interactions delivered twice', () => {
  let fake: FakeDiscord;
  let bot: Adapter;
  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatInterval: 150 });
    bot = createDiscordGateway({ token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl, ...frontDeps(), logger: recordingLogger() });
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it('posts one interaction callback for an INTERACTION_CREATE dispatched twice', async () => {
    const i = slashCommand({ query: '603' });
    const callback = `/interactions/${i.id}/${i.token}/callback`;
    await fake.dispatch('INTERACTION_CREATE', i);
    await fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest('POST', /callback$/, (r) => r.path === callback);
    // A later interaction's callback proves the duplicate had its chance to be answered first.
    const later = slashCommand({ query: '486' });
    await fake.dispatch('INTERACTION_CREATE', later);
    await fake.waitForRequest('POST', /callback$/, (r) => r.path === `/interactions/${later.id}/${later.token}/callback`);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === callback)).toHaveLength(1);
  });
});
