// Capture uploads end to end through the real Bolt (HTTP mode): a .pcap shared in a DM or with an
// @sipbot mention is downloaded from the fake Slack's url_private with the bot token and explained.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventCallback, FAKE_BOT, postSigned } from '../../fakes/slack.js';
import { blockText, headerOf, startHttp, type HttpSetup } from './harness.js';

const capture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/captures/${name}`, import.meta.url)));

let s: HttpSetup;
let n = 0;
const eventId = () => `EvF${Date.now()}${++n}`;
const ts = () => `1700002000.${String(++n).padStart(6, '0')}`;

beforeAll(async () => {
  s = await startHttp({ maxCaptureBytes: 3200 });
});
afterAll(async () => {
  await s.close();
});
beforeEach(() => {
  s.fake.reset();
});

describe('Slack capture uploads', () => {
  it('explains a pcap shared in a DM, downloaded with the bot token', async () => {
    const file = s.fake.addFile('busy.pcap', capture('udp-ipv4-486.pcap'));
    await postSigned(s.events, eventCallback({ type: 'message', subtype: 'file_share', channel_type: 'im', user: 'U0001', text: '', files: [file], ts: ts(), channel: 'DCAP1' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'DCAP1');
    expect(headerOf(post.body.blocks)).toBe('486 Busy Here');
    expect(blockText(post.body.blocks)).toContain('From a pcap capture: 5 packet(s), 5 SIP message(s).');
    const download = s.fake.requests.find((r) => r.kind === 'file');
    expect(download?.headers.authorization).toBe('Bearer xoxb-fake-bot-token');
  });

  it('explains a pcapng shared with an @sipbot mention, in the thread', async () => {
    const file = s.fake.addFile('cancel.pcapng', capture('udp-ipv6-cancel-487.pcapng'), 'application/octet-stream');
    const mention = ts();
    await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> what happened?`, files: [file], ts: mention, channel: 'CCAP1' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'CCAP1');
    expect(post.body.thread_ts).toBe(mention);
    expect(headerOf(post.body.blocks)).toBe('487 Request Terminated');
    expect(blockText(post.body.blocks)).toContain('CANCEL');
  });

  it('says so when a capture is over MAX_CAPTURE_BYTES, without downloading it', async () => {
    const file = s.fake.addFile('big.pcapng', capture('tcp-ipv4-486.pcapng'));
    await postSigned(s.events, eventCallback({ type: 'message', subtype: 'file_share', channel_type: 'im', user: 'U0001', text: '', files: [file], ts: ts(), channel: 'DCAP2' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'DCAP2');
    expect(post.body.text).toContain('Capture not read: I could not read "big.pcapng": the file is 3524 bytes, over the 3200 bytes limit for captures (MAX_CAPTURE_BYTES).');
    expect(s.fake.requests.some((r) => r.kind === 'file')).toBe(false);
  });

  it('answers the text of a DM whose file is not a capture, as before', async () => {
    const file = s.fake.addFile('notes.txt', new TextEncoder().encode('hello'), 'text/plain');
    await postSigned(s.events, eventCallback({ type: 'message', subtype: 'file_share', channel_type: 'im', user: 'U0001', text: '603', files: [file], ts: ts(), channel: 'DCAP3' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'DCAP3');
    expect(headerOf(post.body.blocks)).toBe('603 Decline');
  });
});
