// End to end: the real discord.js client of createDiscordGateway against the fake Discord REST +
// gateway on 127.0.0.1, and the real core behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../server/adapter.js';
import { frontDeps } from '../shared-deps.js';
import { createDiscordGateway } from '../../../adapters/discord/index.js';
import {
  APP_ID,
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  TOKEN,
  USER_ID,
  autocomplete,
  buttonClick,
  humanUser,
  mention,
  messageCommand,
  messagePayload,
  otherBot,
  slashCommand,
  startFakeDiscord,
  waitFor,
  type FakeDiscord,
  type Recorded,
} from '../../fakes/discord.js';
import { recordingLogger } from './helpers.js';

const MESSAGES = /^\/channels\/\d+\/messages$/;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

let fake: FakeDiscord;
let bot: Adapter;
const logger = recordingLogger();

/** Sends a dispatch and waits for the request it causes (matched by `pred`). */
async function exchange(t: string, d: { id: string; token?: string }, method: string, path: RegExp, pred: (r: Recorded) => boolean = () => true): Promise<Recorded> {
  await fake.dispatch(t, d);
  return fake.waitForRequest(method, path, pred);
}

const replyTo = (id: string) => (r: Recorded) => r.body?.message_reference?.message_id === id;
const callbackOf = (d: { id: string; token: string }) => (r: Recorded) => r.path === `/interactions/${d.id}/${d.token}/callback`;

function embedsText(body: any): string {
  return JSON.stringify(body.embeds ?? body.data?.embeds ?? []);
}

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatInterval: 150 });
  bot = createDiscordGateway({
    token: TOKEN,
    applicationId: APP_ID,
    apiUrl: fake.apiUrl,
    ...frontDeps(),
    logger,
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

describe('Discord gateway adapter', () => {
  it('connects: logs in with the token, identifies without the privileged Message Content intent', async () => {
    expect(bot.state()).toBe('connected');
    expect(bot.detail?.()).toMatch(/connected as sipbot/);
    const gw = fake.requests.find((r) => r.path === '/gateway/bot')!;
    expect(gw.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(fake.identifies[0].intents & (1 << 15)).toBe(0);
    expect(fake.identifies[0].intents & ((1 << 0) | (1 << 9) | (1 << 12))).toBe((1 << 0) | (1 << 9) | (1 << 12));
  });

  it('answers a mention with a reply about the code that pings nobody', async () => {
    const msg = mention('what is 603?');
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    expect(r.path).toBe(`/channels/${CHANNEL_ID}/messages`);
    expect(r.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(r.body.message_reference).toEqual({ message_id: msg.id, fail_if_not_exists: false });
    expect(r.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(r.body.embeds[0].title).toBe('603 Decline');
    expect(r.body.embeds[0].color).toBe(0x9b59b6);
    expect(r.body.embeds[0].description).toContain('refused');
    const rfc = r.body.embeds[0].fields.find((f: any) => f.name === 'RFC');
    expect(rfc.value).toBe('[RFC 3261 §21.6.2](https://www.rfc-editor.org/rfc/rfc3261#section-21.6.2)');
    const buttons = r.body.components.flatMap((row: any) => row.components);
    expect(buttons.map((b: any) => b.custom_id)).toContain('sip:486');
  });

  it('neutralises @everyone and user mentions in the question and pings nobody', async () => {
    // A phrase search: the answer quotes the question back, so the neutralising is visible.
    const msg = mention('@everyone <@123456789012345678> **busy here** @here', { mentionEveryone: true, mentions: [{ ...humanUser, id: '123456789012345678' }] });
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    expect(r.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const text = JSON.stringify(r.body);
    expect(text).toContain('@\u200beveryone <@\u200b123456789012345678>');
    expect(text).toContain('@\u200bhere');
    expect(text).not.toMatch(/@everyone|@here|<@\d/);
  });

  it('ignores messages from bots, itself included, and webhooks', async () => {
    const before = fake.requests.length;
    await fake.dispatch('MESSAGE_CREATE', mention('603', { author: otherBot }));
    await fake.dispatch('MESSAGE_CREATE', messagePayload({ content: `<@${BOT_ID}> 603`, mentions: [{ id: BOT_ID, username: 'sipbot', discriminator: '0', bot: true }], author: { id: BOT_ID, username: 'sipbot', discriminator: '0', bot: true } }));
    await fake.dispatch('MESSAGE_CREATE', mention('603', { webhookId: '100000000000000099', author: { ...otherBot, id: '100000000000000099' } }));
    // A human message without a mention is not for the bot either.
    await fake.dispatch('MESSAGE_CREATE', messagePayload({ content: '603 again?' }));
    // A later mention is answered, so the earlier ones had their chance to produce a reply first.
    const probe = mention('486');
    await exchange('MESSAGE_CREATE', probe, 'POST', MESSAGES, replyTo(probe.id));
    const replies = fake.requests.slice(before).filter((r) => r.method === 'POST' && MESSAGES.test(r.path));
    expect(replies).toHaveLength(1);
  });

  it('answers a DM without a mention', async () => {
    const msg = messagePayload({ content: '486', dm: true });
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    expect(r.path).toBe(`/channels/${DM_CHANNEL_ID}/messages`);
    expect(r.body.embeds[0].title).toBe('486 Busy Here');
  });

  it('answers a 500-line paste with one reply within Discord limits, summary first', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      lines.push(i % 50 === 0 ? `2025-01-01T10:00:${String(i % 60).padStart(2, '0')} SIP/2.0 ${i < 250 ? '180 Ringing' : '486 Busy Here'}` : `2025-01-01T10:00:00 Via: SIP/2.0/UDP 10.0.0.${i % 255}:5060;branch=z9hG4bK${i}`);
    }
    const msg = mention(lines.join('\n'));
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    const replies = fake.requests.filter((x) => x.method === 'POST' && replyTo(msg.id)(x));
    expect(replies).toHaveLength(1);
    const embeds = r.body.embeds as any[];
    expect(embeds.length).toBeGreaterThan(0);
    expect(embeds.length).toBeLessThanOrEqual(10);
    let total = 0;
    for (const e of embeds) {
      total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
      for (const f of e.fields ?? []) {
        expect(f.value.length).toBeLessThanOrEqual(1024);
        total += f.name.length + f.value.length;
      }
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    }
    expect(total).toBeLessThanOrEqual(6000);
    expect((r.body.content ?? '').length).toBeLessThanOrEqual(2000);
    expect(embedsText(r.body)).toMatch(/486/);
    // The pasted text is only ever logged at debug level.
    const infoText = logger.entries.filter((e) => e.level !== 'debug').map((e) => JSON.stringify(e.obj)).join('\n');
    expect(infoText).not.toContain('branch=z9hG4bK');
  });

  it('reads a long paste Discord turned into a message.txt attachment', async () => {
    const url = fake.serveFile('message.txt', 'INVITE sip:bob@example.com SIP/2.0\nSIP/2.0 100 Trying\nSIP/2.0 488 Not Acceptable Here\n');
    const msg = mention('', {
      attachments: [{ id: '100000000000000077', filename: 'message.txt', size: 90, url, proxy_url: url, content_type: 'text/plain; charset=utf-8' }],
    });
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    expect(embedsText(r.body)).toMatch(/488/);
  });

  it('answers /sip query:603 with an interaction callback about 603 Decline', async () => {
    const i = slashCommand({ query: '603' });
    const r = await exchange('INTERACTION_CREATE', i, 'POST', CALLBACK, callbackOf(i));
    expect(r.headers.authorization).toBeUndefined();
    expect(r.body.type).toBe(4);
    expect(r.body.data.embeds[0].title).toBe('603 Decline');
    expect(r.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(r.body.data.flags).toBeUndefined();
  });

  it('answers /sip private:true ephemerally', async () => {
    const i = slashCommand({ query: '486 vs 600', private: true });
    const r = await exchange('INTERACTION_CREATE', i, 'POST', CALLBACK, callbackOf(i));
    expect(r.body.data.flags).toBe(64);
    expect(r.body.data.embeds[0].title).toContain('486');
  });

  it('autocompletes 48 with at most 25 choices, all 48x', async () => {
    const started = Date.now();
    const i = autocomplete('48');
    const r = await exchange('INTERACTION_CREATE', i, 'POST', CALLBACK, callbackOf(i));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.body.type).toBe(8);
    const choices = r.body.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(3);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.value).toMatch(/^48\d$/);
      expect(c.name.length).toBeLessThanOrEqual(100);
    }
    expect(choices.map((c) => c.name)).toContain('486 Busy Here');
  });

  it('explains the codes in a message from the context menu, ephemerally', async () => {
    const i = messageCommand({ content: 'alert: trunk B returning 503 to 40% of INVITEs since 10:02', author: otherBot });
    const r = await exchange('INTERACTION_CREATE', i, 'POST', CALLBACK, callbackOf(i));
    expect(r.body.type).toBe(4);
    expect(r.body.data.flags).toBe(64);
    expect(r.body.data.embeds[0].title).toMatch(/^503 Service Unavailable/);
  });

  it('reads monitoring alerts posted as embeds from the context menu', async () => {
    const i = messageCommand({ content: '', embeds: [{ title: 'Carrier alert', description: 'SIP 408 spike on trunk A' }], author: otherBot });
    const r = await exchange('INTERACTION_CREATE', i, 'POST', CALLBACK, callbackOf(i));
    expect(r.body.data.embeds[0].title).toMatch(/^408/);
  });

  it('shows the related code when its button is clicked', async () => {
    const i = buttonClick('sip:486');
    const r = await exchange('INTERACTION_CREATE', i, 'POST', CALLBACK, callbackOf(i));
    expect(r.body.type).toBe(4);
    expect(r.body.data.flags).toBe(64);
    expect(r.body.data.embeds[0].title).toBe('486 Busy Here');
  });

  it('apologises when sending the answer fails, and keeps running', async () => {
    fake.failNext('POST', MESSAGES, 400, { message: 'Invalid Form Body', code: 50035 });
    const msg = mention('404');
    await fake.dispatch('MESSAGE_CREATE', msg);
    const apology = await fake.waitForRequest('POST', MESSAGES, (r) => replyTo(msg.id)(r) && typeof r.body.content === 'string' && r.body.content.startsWith('Sorry'));
    expect(apology.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const err = logger.entries.find((e) => e.level === 'error' && e.obj.messageId === msg.id);
    expect(err).toBeDefined();
    const next = mention('404');
    const r = await exchange('MESSAGE_CREATE', next, 'POST', MESSAGES, replyTo(next.id));
    expect(r.body.embeds[0].title).toBe('404 Not Found');
  });

  it('answers in plain text, and logs what to grant, when Discord refuses the embed (Missing Permissions)', async () => {
    fake.failNext('POST', MESSAGES, 403, { message: 'Missing Permissions', code: 50013 });
    const msg = mention('603');
    await fake.dispatch('MESSAGE_CREATE', msg);
    const plain = await fake.waitForRequest('POST', MESSAGES, (r) => replyTo(msg.id)(r) && typeof r.body.content === 'string');
    expect(plain.body.content).toMatch(/^603 Decline: The callee refused/);
    expect(plain.body.content).toMatch(/lacks the Embed Links permission/);
    expect(plain.body.content.length).toBeLessThanOrEqual(2000);
    expect(plain.body.embeds).toEqual([]);
    expect(plain.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(logger.entries.some((e) => e.level === 'warn' && /Embed Links/.test(e.msg ?? ''))).toBe(true);
  });

  it('resumes after the gateway drops the socket and answers the next mention', async () => {
    const resumesBefore = fake.resumes.length;
    fake.dropSocket(4000);
    await waitFor(() => fake.resumes.length > resumesBefore, 5000, 'a RESUME');
    expect(fake.resumes.at(-1)).toMatchObject({ token: TOKEN });
    const msg = mention('487');
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    expect(r.body.embeds[0].title).toBe('487 Request Terminated');
    await waitFor(() => bot.state() === 'connected', 2000, 'connected again');
  });

  it('resumes after heartbeats stop being acknowledged (zombie connection)', async () => {
    const resumesBefore = fake.resumes.length;
    fake.stopAcking();
    await waitFor(() => fake.resumes.length > resumesBefore, 5000, 'a RESUME after missed heartbeat ACKs');
    const msg = mention('480');
    const r = await exchange('MESSAGE_CREATE', msg, 'POST', MESSAGES, replyTo(msg.id));
    expect(r.body.embeds[0].title).toMatch(/^480/);
  });

  it('never logs the token', () => {
    expect(logger.text()).not.toContain(TOKEN);
    expect(logger.text()).not.toContain(TOKEN.split('.')[2]!);
  });

  it('answers as the asker: user and channel ids reach the core for rate limiting', () => {
    const line = logger.entries.find((e) => e.level === 'info' && e.obj.kind === 'mention');
    expect(line?.obj).toMatchObject({ platform: 'discord', via: 'gateway', channelId: CHANNEL_ID, outcome: 'answered' });
    expect(USER_ID).toBeTruthy();
  });
});
