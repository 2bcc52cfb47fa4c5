// Gateway start-up and shutdown against the fake: the Message Content fallback on close 4014, a
// rejected token, and stop() closing everything.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../server/adapter.js';
import { frontDeps } from '../shared-deps.js';
import { createDiscordGateway } from '../../../adapters/discord/index.js';
import {
  APP_ID,
  CALLBACK_PATH,
  MESSAGE_CONTENT_INTENT,
  TOKEN,
  mention,
  slashCommand,
  startFakeDiscord,
  waitFor,
  type FakeDiscord,
} from '../../fakes/discord.js';
import { recordingLogger } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});
afterAll(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(fakeOpts: Parameters<typeof startFakeDiscord>[0], messageContent: boolean, token = TOKEN) {
  const fake: FakeDiscord = await startFakeDiscord(fakeOpts);
  const logger = recordingLogger();
  const bot: Adapter = createDiscordGateway({
    token,
    applicationId: APP_ID,
    apiUrl: fake.apiUrl,
    ...frontDeps(),
    logger,
    messageContent,
  });
  cleanup.push(async () => {
    await bot.stop();
    await fake.stop();
  });
  return { fake, bot, logger };
}

describe('Discord gateway lifecycle', () => {
  it('asks for Message Content only when told to', async () => {
    const { fake, bot } = await setup({}, true);
    await bot.start();
    expect(bot.state()).toBe('connected');
    expect(fake.identifies[0].intents & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);
    expect(bot.detail?.()).not.toMatch(/without the Message Content/);
  });

  it('reconnects without Message Content when Discord refuses it (4014), logs why and how to enable it, and still answers', async () => {
    const { fake, bot, logger } = await setup({ disallowedIntents: MESSAGE_CONTENT_INTENT }, true);
    await bot.start();
    expect(bot.state()).toBe('connected');
    expect(fake.identifies).toHaveLength(2);
    expect(fake.identifies[0].intents & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);
    expect(fake.identifies[1].intents & MESSAGE_CONTENT_INTENT).toBe(0);
    const warn = logger.entries.find((e) => e.level === 'warn' && /Message Content/.test(e.msg ?? ''));
    expect(warn?.msg).toMatch(/4014/);
    expect(warn?.msg).toMatch(/Privileged Gateway Intents > Message Content Intent/);
    expect(bot.detail?.()).toMatch(/without the Message Content intent/);

    const i = slashCommand({ query: '603' });
    await fake.dispatch('INTERACTION_CREATE', i);
    const r = await fake.waitForRequest('POST', CALLBACK_PATH, (x) => x.path.includes(i.id));
    expect(r.body.data.embeds[0].title).toBe('603 Decline');
    const m = mention('486');
    await fake.dispatch('MESSAGE_CREATE', m);
    const reply = await fake.waitForRequest('POST', /messages$/, (x) => x.body.message_reference?.message_id === m.id);
    expect(reply.body.embeds[0].title).toBe('486 Busy Here');
  });

  it('falls back the same way when Message Content is revoked while running', async () => {
    const { fake, bot, logger } = await setup({}, true);
    await bot.start();
    fake.disallowIntents(MESSAGE_CONTENT_INTENT);
    // 4007 Invalid seq: discord.js starts a new session with IDENTIFY, which the fake now refuses.
    fake.dropSocket(4007);
    // @discordjs/ws spaces IDENTIFYs of one client 5 s apart (Discord's identify rate limit), hence the wait.
    await waitFor(() => fake.identifies.length === 3 && bot.state() === 'connected', 10_000, 'a third IDENTIFY without Message Content');
    expect(fake.identifies[1].intents & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);
    expect(fake.identifies[2].intents & MESSAGE_CONTENT_INTENT).toBe(0);
    expect(logger.entries.some((e) => e.level === 'warn' && /4014/.test(e.msg ?? ''))).toBe(true);
    const i = slashCommand({ query: '480' });
    await fake.dispatch('INTERACTION_CREATE', i);
    const r = await fake.waitForRequest('POST', CALLBACK_PATH, (x) => x.path.includes(i.id));
    expect(r.body.data.embeds[0].title).toMatch(/^480/);
  }, 15_000);

  it('goes to failing with a fix in the detail when the token is rejected, without throwing', async () => {
    const { fake, bot, logger } = await setup({}, false);
    fake.failNext('GET', /^\/gateway\/bot$/, 401, { message: '401: Unauthorized', code: 0 });
    await expect(bot.start()).resolves.toBeUndefined();
    expect(bot.state()).toBe('failing');
    expect(bot.detail?.()).toMatch(/DISCORD_TOKEN/);
    expect(logger.entries.some((e) => e.level === 'error')).toBe(true);
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('goes to failing when the gateway closes for good (4004 authentication failed)', async () => {
    const { fake, bot, logger } = await setup({}, false);
    await bot.start();
    fake.closeNextIdentify(4004);
    fake.dropSocket(4009);
    await waitFor(() => bot.state() === 'failing', 5000, 'failing after 4004');
    expect(bot.detail?.()).toMatch(/Reset Token/);
    expect(logger.entries.some((e) => e.level === 'error' && e.obj.closeCode === 4004)).toBe(true);
  });

  it('stop() closes the socket and reports disabled', async () => {
    const { fake, bot } = await setup({}, false);
    await bot.start();
    await bot.stop();
    expect(bot.state()).toBe('disabled');
    await waitFor(() => fake.openSockets() === 0, 2000, 'socket closed');
  });
});
