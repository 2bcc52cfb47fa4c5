// discord.js sharding (DISCORD_SHARDS) against the fake gateway: two shards in one process identify
// as [0, 2] and [1, 2] and both answer; `auto` follows the count Discord recommends; unset stays one.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordGateway } from '../../../adapters/discord/index.js';
import type { Adapter } from '../../../server/adapter.js';
import { startSipbot } from '../../../server/app.js';
import { frontDeps } from '../shared-deps.js';
import { testConfig } from '../../server/helpers.js';
import { APP_ID, CALLBACK_PATH, mention, slashCommand, startFakeDiscord, TOKEN, type FakeDiscord } from '../../fakes/discord.js';
import { recordingLogger } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(shards: number | 'auto' | undefined, recommendedShards?: number): Promise<{ fake: FakeDiscord; bot: Adapter }> {
  const fake = await startFakeDiscord({ recommendedShards });
  const bot = createDiscordGateway({ token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl, ...frontDeps(), logger: recordingLogger(), shards });
  cleanup.push(async () => {
    await bot.stop();
    await fake.stop();
  });
  await bot.start();
  return { fake, bot };
}

const shardsOf = (fake: FakeDiscord) => fake.identifies.map((i) => i.shard as [number, number]).sort((x, y) => x[0] - y[0]);

describe('Discord gateway sharding', () => {
  it('runs two shards in one process and answers on both', async () => {
    const { fake, bot } = await setup(2);
    expect(bot.state()).toBe('connected');
    expect(shardsOf(fake)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(bot.detail?.()).toMatch(/2 shards/);

    const i = slashCommand({ query: '603' });
    await fake.dispatchOnShard(1, 'INTERACTION_CREATE', i);
    const r = await fake.waitForRequest('POST', CALLBACK_PATH, (x) => x.path.includes(i.id));
    expect(r.body.data.embeds[0].title).toBe('603 Decline');

    const m = mention('486');
    await fake.dispatchOnShard(0, 'MESSAGE_CREATE', m);
    const reply = await fake.waitForRequest('POST', /messages$/, (x) => x.body.message_reference?.message_id === m.id);
    expect(reply.body.embeds[0].title).toBe('486 Busy Here');
  });

  it('follows the shard count Discord recommends with auto', async () => {
    const { fake, bot } = await setup('auto', 2);
    expect(bot.state()).toBe('connected');
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    expect(shardsOf(fake)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('opens one connection when DISCORD_SHARDS is unset, whatever Discord recommends', async () => {
    const { fake, bot } = await setup(undefined, 2);
    expect(bot.state()).toBe('connected');
    expect(shardsOf(fake)).toEqual([[0, 1]]);
    expect(bot.detail?.()).not.toMatch(/shards/);
  });

  it('takes DISCORD_SHARDS from the settings through the server', async () => {
    const fake = await startFakeDiscord();
    const app = await startSipbot(testConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: '2' }));
    cleanup.push(async () => {
      await app.stop();
      await fake.stop();
    });
    expect(shardsOf(fake)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { adapters: { name: string; detail?: string }[] };
    expect(health.adapters.find((a) => a.name === 'discord-gateway')?.detail).toMatch(/2 shards/);
  });
});
