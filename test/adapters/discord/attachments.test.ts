// Capture attachments end to end: the real discord.js client of createDiscordGateway against the fake
// Discord on 127.0.0.1; a .pcap/.pcapng attached to a mention or a DM is downloaded and explained.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../server/adapter.js';
import { frontDeps } from '../shared-deps.js';
import { createDiscordGateway } from '../../../adapters/discord/index.js';
import { APP_ID, DM_CHANNEL_ID, TOKEN, mention, messagePayload, startFakeDiscord, type FakeDiscord, type Recorded } from '../../fakes/discord.js';
import { recordingLogger } from './helpers.js';

const MESSAGES = /^\/channels\/\d+\/messages$/;
const capture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/captures/${name}`, import.meta.url)));

let fake: FakeDiscord;
let bot: Adapter;
let n = 0;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatInterval: 150 });
  bot = createDiscordGateway({ token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl, ...frontDeps(), logger: recordingLogger(), maxCaptureBytes: 3200 });
  await bot.start();
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

function attachment(name: string, bytes: Uint8Array, contentType = 'application/vnd.tcpdump.pcap') {
  const url = fake.serveFile(`${++n}-${name}`, bytes);
  return { id: `10000000000000${String(100 + n)}`, filename: name, size: bytes.length, url, proxy_url: url, content_type: contentType };
}

async function replyTo(msg: { id: string }): Promise<Recorded> {
  await fake.dispatch('MESSAGE_CREATE', msg);
  return fake.waitForRequest('POST', MESSAGES, (r) => r.body?.message_reference?.message_id === msg.id);
}

describe('Discord capture attachments', () => {
  it('explains a .pcap attached to a mention', async () => {
    const msg = mention('what went wrong?', { attachments: [attachment('busy.pcap', capture('udp-ipv4-486.pcap'))] });
    const r = await replyTo(msg);
    expect(r.body.embeds[0].title).toBe('486 Busy Here');
    expect(JSON.stringify(r.body.embeds)).toContain('From a pcap capture: 5 packet(s), 5 SIP message(s).');
  });

  it('explains a .pcapng sent in a DM, Identity header and all', async () => {
    const msg = messagePayload({ content: '', dm: true, attachments: [attachment('identity.pcap', capture('udp-sll2-identity-438.pcap'), 'application/octet-stream')] });
    const r = await replyTo(msg);
    expect(r.path).toBe(`/channels/${DM_CHANNEL_ID}/messages`);
    expect(r.body.embeds[0].title).toBe('438 Invalid Identity Header');
    const text = JSON.stringify(r.body.embeds);
    expect(text).toContain('438 after a token 300 s old: stale iat');
    expect(text).toContain('STIR/SHAKEN Identity (packet 1)');
  });

  it('says why when the capture is over MAX_CAPTURE_BYTES', async () => {
    const msg = mention('', { attachments: [attachment('big.pcapng', capture('tcp-ipv4-486.pcapng'))] });
    const r = await replyTo(msg);
    expect(r.body.embeds[0].title).toBe('Capture not read');
    expect(JSON.stringify(r.body.embeds)).toMatch(/the file is 3524 bytes, over the 3200 bytes limit for captures \(MAX\\\\?_CAPTURE\\\\?_BYTES\)/);
  });
});
