// End to end in HTTP mode: signed requests into the real Bolt (HTTPReceiver) through the adapter's
// route on a local host; answers land on a local fake Slack (Web API and response_url).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allStrings, blockAction, eventCallback, FAKE_BOT, interaction, postSigned, slashCommand, type Recorded } from '../../fakes/slack.js';
import { blockText, headerOf, startHttp, type HttpSetup } from './harness.js';
import { MAX_BLOCKS, MAX_FIELD_TEXT, MAX_FIELDS, MAX_HEADER_TEXT, MAX_SECTION_TEXT } from '../../../adapters/slack/limits.js';

let s: HttpSetup;
let n = 0;
const eventId = () => `Ev${Date.now()}${++n}`;
const ts = () => `1700001000.${String(++n).padStart(6, '0')}`;

beforeAll(async () => {
  s = await startHttp();
});
afterAll(async () => {
  await s.close();
});
beforeEach(() => {
  s.fake.reset();
});

/** A message event that always gets an answer: sent after the case under test, it proves the adapter has caught up. */
async function barrier(): Promise<void> {
  const channel = `CBARRIER${++n}`;
  const res = await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0009', text: `<@${FAKE_BOT.user_id}> 200`, ts: ts(), channel }, { eventId: eventId() }));
  expect(res.status).toBe(200);
  await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === channel);
}

const posts = (channel: string) => s.fake.api('chat.postMessage').filter((r) => r.body.channel === channel);

describe('slash command /sip', () => {
  it('acks at once and answers 603 through response_url with a 603 Decline header', async () => {
    const url = s.fake.responseUrl('cmd603');
    const res = await postSigned(s.events, slashCommand({ text: '603', response_url: url }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const answer = await s.fake.waitForResponse('cmd603');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(headerOf(answer.body.blocks)).toBe('603 Decline');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toContain('603 Decline');
    const share = answer.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'sip_share');
    expect(share).toMatchObject({ type: 'button', value: 'q:603' });
  });

  it('answers a pasted SIP trace (INVITE / 180 Ringing / 486 Busy Here) about its final response', async () => {
    const trace = [
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
      'From: Alice &lt;sip:alice@example.com&gt;;tag=1928301774',
      'To: Bob &lt;sip:bob@example.com&gt;',
      'Call-ID: a84b4c76e66710@10.0.0.1',
      'CSeq: 314159 INVITE',
      '',
      'SIP/2.0 180 Ringing',
      'CSeq: 314159 INVITE',
      '',
      'SIP/2.0 486 Busy Here',
      'CSeq: 314159 INVITE',
    ].join('\n');
    const url = s.fake.responseUrl('trace');
    await postSigned(s.events, slashCommand({ text: trace, response_url: url }));
    const answer = await s.fake.waitForResponse('trace');
    expect(headerOf(answer.body.blocks)).toContain('486 Busy Here');
    // The ladder comes as a code block, escaped.
    expect(blockText(answer.body.blocks)).toMatch(/```[\s\S]*180[\s\S]*```/);
  });

  it('answers /sip alone and /sip help with usage and Slack examples, privately', async () => {
    for (const [id, text] of [
      ['empty', ''],
      ['help', 'help'],
    ] as const) {
      await postSigned(s.events, slashCommand({ text, response_url: s.fake.responseUrl(id) }));
      const answer = await s.fake.waitForResponse(id);
      expect(answer.body.response_type).toBe('ephemeral');
      expect(blockText(answer.body.blocks)).toContain('/sip 603');
      expect(blockText(answer.body.blocks)).toContain('Explain SIP codes');
    }
  });
});

describe('mentions and DMs', () => {
  it('answers an @mention in a thread under the mention', async () => {
    const mentionTs = ts();
    await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> what is 603?`, ts: mentionTs, channel: 'C0001' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.thread_ts === mentionTs);
    expect(post.body.channel).toBe('C0001');
    expect(post.headers.authorization).toBe('Bearer xoxb-fake-bot-token');
    expect(headerOf(post.body.blocks)).toBe('603 Decline');
  });

  it('answers a mention inside a thread in that thread', async () => {
    const parent = ts();
    await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> 480`, ts: ts(), thread_ts: parent, channel: 'C0002' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0002');
    expect(post.body.thread_ts).toBe(parent);
  });

  it('answers a direct message in the DM, not in a thread', async () => {
    await postSigned(s.events, eventCallback({ type: 'message', channel_type: 'im', user: 'U0001', text: '603', ts: ts(), channel: 'D0001' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'D0001');
    expect(post.body.thread_ts).toBeUndefined();
    expect(headerOf(post.body.blocks)).toBe('603 Decline');
  });

  it('ignores messages from bots (bot_id or bot_message) and from itself', async () => {
    const bots = [
      { type: 'message', channel_type: 'im', bot_id: 'B0OTHER', text: '603', ts: ts(), channel: 'D0BOT' },
      { type: 'message', channel_type: 'im', subtype: 'bot_message', username: 'alerts', text: '603', ts: ts(), channel: 'D0BOT' },
      { type: 'message', channel_type: 'im', user: FAKE_BOT.user_id, text: '603', ts: ts(), channel: 'D0BOT' },
      { type: 'app_mention', bot_id: 'B0OTHER', user: 'U0BOTUSER', text: `<@${FAKE_BOT.user_id}> 603`, ts: ts(), channel: 'C0BOT' },
    ];
    for (const ev of bots) expect((await postSigned(s.events, eventCallback(ev, { eventId: eventId() }))).status).toBe(200);
    await barrier();
    expect(posts('D0BOT')).toHaveLength(0);
    expect(posts('C0BOT')).toHaveLength(0);
  });

  it('answers a retried delivery (X-Slack-Retry-Num) and a duplicate event_id once', async () => {
    const id = eventId();
    const req = eventCallback({ type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> 486`, ts: ts(), channel: 'C0RETRY' }, { eventId: id });
    expect((await postSigned(s.events, req)).status).toBe(200);
    await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0RETRY');
    expect((await postSigned(s.events, req, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect((await postSigned(s.events, req)).status).toBe(200);
    await barrier();
    expect(posts('C0RETRY')).toHaveLength(1);
  });

  it('answers a mention in a DM once, though Slack sends it as app_mention and as message.im', async () => {
    const dmTs = ts();
    const text = `<@${FAKE_BOT.user_id}> 487`;
    await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0001', text, ts: dmTs, channel: 'D0TWICE' }, { eventId: eventId() }));
    await postSigned(s.events, eventCallback({ type: 'message', channel_type: 'im', user: 'U0001', text, ts: dmTs, channel: 'D0TWICE' }, { eventId: eventId() }));
    await barrier();
    expect(posts('D0TWICE')).toHaveLength(1);
  });

  it('never turns <!channel>, <!here>, <@U123> or a subteam into a live mention', async () => {
    const text = `<@${FAKE_BOT.user_id}> <!channel> <!here> <!everyone> <@U123> <!subteam^S0001|@oncall> why 999 @here`;
    const mentionTs = ts();
    await postSigned(s.events, eventCallback({ type: 'app_mention', user: 'U0001', text, ts: mentionTs, channel: 'C0INJ' }, { eventId: eventId() }));
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0INJ');
    const strings = allStrings({ text: post.body.text, blocks: post.body.blocks });
    expect(strings.length).toBeGreaterThan(2);
    for (const str of strings) {
      expect(str).not.toMatch(/<[!@#]/);
      expect(str).not.toMatch(/(^|[^\w@])@(channel|here|everyone)\b/);
    }
  });
});

describe('signature checks', () => {
  it('answers 401 to a bad signature and a 10-minute-old timestamp, and posts nothing', async () => {
    const url = s.fake.responseUrl('forged');
    const req = slashCommand({ text: '603', response_url: url });
    expect((await postSigned(s.events, req, { secret: 'wrong-secret' })).status).toBe(401);
    expect((await postSigned(s.events, req, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect((await postSigned(s.events, req, { unsigned: true })).status).toBe(401);
    const ev = eventCallback({ type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT.user_id}> 603`, ts: ts(), channel: 'C0FORGED' }, { eventId: eventId() });
    expect((await postSigned(s.events, ev, { secret: 'wrong-secret' })).status).toBe(401);
    await barrier();
    expect(s.fake.responses('forged')).toHaveLength(0);
    expect(posts('C0FORGED')).toHaveLength(0);
  });
});

describe('setup handshake', () => {
  it("answers Slack's signed url_verification challenge", async () => {
    const req = { body: JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }), contentType: 'application/json' };
    const res = await postSigned(s.events, req);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'c-123' });
    expect((await postSigned(s.events, req, { secret: 'wrong-secret' })).status).toBe(401);
  });
});

describe('shortcut and buttons', () => {
  it('explains the codes of a message from the shortcut, in its thread, saying who asked', async () => {
    const url = s.fake.responseUrl('shortcut');
    const payload = shortcutPayload(url, { id: 'C0SHORT', name: 'voice-ops' }, '1700000500.000100', 'carrier keeps sending SIP/2.0 503 Service Unavailable');
    expect((await postSigned(s.events, interaction(payload))).status).toBe(200);
    const post = await s.fake.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0SHORT');
    expect(post.body.thread_ts).toBe('1700000500.000100');
    expect(blockText(post.body.blocks)).toContain('503');
    expect(blockText(post.body.blocks)).toContain('Asked by <@U0007>');
  });

  it('tells only the asker when the message has no SIP codes, instead of posting in the thread', async () => {
    const url = s.fake.responseUrl('shortcut-none');
    const payload = shortcutPayload(url, { id: 'C0NONE', name: 'random' }, '1700000550.000100', 'lunch at noon?');
    await postSigned(s.events, interaction(payload));
    const answer = await s.fake.waitForResponse('shortcut-none');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(posts('C0NONE')).toHaveLength(0);
  });

  it('answers the shortcut privately when the bot is not in the conversation', async () => {
    s.fake.onApi('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    const url = s.fake.responseUrl('shortcut-out');
    const payload = shortcutPayload(url, { id: 'C0OUT', name: 'elsewhere' }, '1700000600.000100', '603');
    await postSigned(s.events, interaction(payload));
    const answer = await s.fake.waitForResponse('shortcut-out');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(headerOf(answer.body.blocks)).toBe('603 Decline');
    expect(blockText(answer.body.blocks)).toContain('/invite @sipbot');
  });

  it('shares an ephemeral answer in the channel, saying who shared it, then removes the private copy', async () => {
    const url = s.fake.responseUrl('share');
    const click = blockAction({ action: { type: 'button', action_id: 'sip_share', value: 'q:603' }, response_url: url, user: 'U0002', ephemeral: true });
    expect((await postSigned(s.events, interaction(click))).status).toBe(200);
    const [shared, deleted] = await s.fake.waitFor((f) => (f.responses('share').length >= 2 ? f.responses('share') : undefined));
    expect(shared!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(headerOf(shared!.body.blocks)).toBe('603 Decline');
    expect(blockText(shared!.body.blocks)).toContain('Shared by <@U0002>');
    expect(allStrings(shared!.body.blocks)).not.toContain('sip_share');
    expect(deleted!.body).toEqual({ delete_original: true });
  });

  it('shows a related code in place of an ephemeral answer', async () => {
    const url = s.fake.responseUrl('related-eph');
    const click = blockAction({ action: { type: 'button', action_id: 'sip_show:0', value: '486' }, response_url: url, ephemeral: true });
    await postSigned(s.events, interaction(click));
    const answer = await s.fake.waitForResponse('related-eph');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(headerOf(answer.body.blocks)).toContain('486');
  });

  it('shows a related code from a visible answer to the clicker only, in the same thread', async () => {
    const url = s.fake.responseUrl('related-vis');
    const click = blockAction({ action: { type: 'button', action_id: 'sip_show:1', value: '600' }, response_url: url, user: 'U0003', channel: 'C0VIS', thread_ts: '1700000700.000100' });
    await postSigned(s.events, interaction(click));
    const eph = await s.fake.waitForApi('chat.postEphemeral', (r) => r.body.channel === 'C0VIS');
    expect(eph.body).toMatchObject({ user: 'U0003', thread_ts: '1700000700.000100' });
    expect(headerOf(eph.body.blocks)).toContain('600');
  });

  it('shows a code picked from the menu of further codes', async () => {
    const url = s.fake.responseUrl('related-menu');
    const click = blockAction({
      action: { type: 'static_select', action_id: 'sip_show:more', selected_option: { text: { type: 'plain_text', text: '603 Decline' }, value: '603' } },
      response_url: url,
      ephemeral: true,
    });
    await postSigned(s.events, interaction(click));
    const answer = await s.fake.waitForResponse('related-menu');
    expect(headerOf(answer.body.blocks)).toBe('603 Decline');
  });
});

describe('limits', () => {
  it('answers a 500-line paste with one reply within every Slack limit', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      const code = [100, 180, 183, 200, 486, 487, 503, 603][i % 8];
      lines.push(i % 5 === 0 ? `SIP/2.0 ${code} Something <!channel> & more` : `Via: SIP/2.0/UDP 10.0.0.${i % 250}:5060;branch=z9hG4bK${i}`);
    }
    const url = s.fake.responseUrl('paste500');
    await postSigned(s.events, slashCommand({ text: lines.join('\n'), response_url: url }));
    const answer = await s.fake.waitForResponse('paste500');
    expect(s.fake.responses('paste500')).toHaveLength(1);
    expectWithinLimits(answer);
    const share = answer.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'sip_share');
    expect(share.value.length).toBeLessThanOrEqual(2000);
    expect(share.value).toMatch(/^p:/);
  });
});

/** A "Explain SIP codes" message-shortcut payload as Slack sends it, asked by carol about U0008's message. */
function shortcutPayload(responseUrl: string, channel: { id: string; name: string }, messageTs: string, text: string) {
  return {
    type: 'message_action',
    callback_id: 'explain_sip_codes',
    trigger_id: '1.2.3',
    response_url: responseUrl,
    team: { id: FAKE_BOT.team_id, domain: 'fake' },
    channel,
    user: { id: 'U0007', name: 'carol' },
    message_ts: messageTs,
    message: { type: 'message', user: 'U0008', text, ts: messageTs },
  };
}

function expectWithinLimits(r: Recorded): void {
  const blocks = r.body.blocks as any[];
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    if (b.type === 'section' && b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(MAX_FIELDS);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(MAX_FIELD_TEXT);
    }
  }
  for (const str of allStrings(blocks)) expect(str).not.toMatch(/<!channel>/);
}
