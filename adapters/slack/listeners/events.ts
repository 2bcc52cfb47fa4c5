// Events: @sipbot mentions (answered in a thread under the mention, or in its thread) and direct
// messages (answered in the DM). Bots, the bot itself included, are ignored so two bots cannot loop;
// a delivery Slack retries or sends twice is answered once.
import type { AllMiddlewareArgs, App } from '@slack/bolt';
import { ask, logAnswer, render, type SlackDeps } from '../ask.js';
import { decodeSlackText } from '../mrkdwn.js';
import { askWithCapture, captureFileOf, type SlackFile } from '../files.js';

/** The fields of app_mention and message events we read; Slack sends many more. */
interface MessageLike {
  type: string;
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  files?: SlackFile[];
}

// Message subtypes that are a person writing; edits, joins, deletions and bot posts are not questions.
const HUMAN_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

function fromBot(ev: MessageLike, botUserId: string | undefined): boolean {
  return !!ev.bot_id || ev.subtype === 'bot_message' || (botUserId !== undefined && ev.user === botUserId);
}

/** The question without the mention of the bot that carried it. */
function questionText(text: string, botUserId: string | undefined): string {
  const withoutBot = botUserId ? text.split(`<@${botUserId}>`).join(' ') : text.replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, ' ');
  return decodeSlackText(withoutBot).trim();
}

export function register(app: App, deps: SlackDeps): void {
  async function answer(kind: 'mention' | 'dm', ev: MessageLike, eventId: string | undefined, { client, context }: AllMiddlewareArgs): Promise<void> {
    if (!HUMAN_SUBTYPES.has(ev.subtype) || fromBot(ev, context.botUserId)) return;
    // A mention in a DM can arrive both as app_mention and as message.im: the message key catches that.
    if (!(await deps.seen.firstTime(eventId && `event:${eventId}`, `message:${ev.channel}:${ev.ts}`))) {
      deps.logger.debug({ platform: 'slack', kind, eventId, retryNum: context.retryNum }, 'slack duplicate delivery ignored');
      return;
    }
    const capture = captureFileOf(ev.files);
    const asked = capture
      ? await askWithCapture(deps, capture, { userId: ev.user, channelId: ev.channel }, kind)
      : await ask(deps, kind, { text: questionText(ev.text ?? '', context.botUserId), userId: ev.user, channelId: ev.channel });
    const thread_ts = kind === 'mention' ? (ev.thread_ts ?? ev.ts) : ev.thread_ts;
    const message = render(deps, asked);
    if (asked.limited && kind === 'mention' && ev.user) {
      // "Slow down" is for the asker, not for everyone in an incident channel.
      await client.chat.postEphemeral({ channel: ev.channel, user: ev.user, thread_ts, ...message });
    } else {
      await client.chat.postMessage({ channel: ev.channel, thread_ts, ...message });
    }
    logAnswer(deps, asked, { channel: ev.channel, user: ev.user, retryNum: context.retryNum });
  }

  app.event('app_mention', async (args) => {
    await answer('mention', args.event as unknown as MessageLike, args.body.event_id, args);
  });

  app.event('message', async (args) => {
    const ev = args.event as unknown as MessageLike;
    if (ev.channel_type !== 'im') return;
    await answer('dm', ev, args.body.event_id, args);
  });
}
