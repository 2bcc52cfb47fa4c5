// The message shortcut "Explain SIP codes": explains the codes in any message (alerts from other bots
// included: a person chose to ask) in that message's thread. Where the bot is not a member, the
// answer goes to the person who asked instead, with how to invite the bot.
import type { App, MessageShortcut } from '@slack/bolt';
import { ask, logAnswer, render, shareValue, type SlackDeps } from '../ask.js';
import { SHORTCUT_CALLBACK_ID } from '../ids.js';
import { decodeSlackText } from '../mrkdwn.js';

interface Attachment {
  pretext?: string;
  title?: string;
  text?: string;
  fallback?: string;
  fields?: { title?: string; value?: string }[];
}

/** Everything readable in a message: its text and its attachments (where alert bots put their details). */
export function messageText(message: MessageShortcut['message']): string {
  const parts: string[] = [];
  if (typeof message.text === 'string') parts.push(message.text);
  const attachments = (message as { attachments?: Attachment[] }).attachments ?? [];
  for (const a of attachments) {
    const own = [a.pretext, a.title, a.text, ...(a.fields ?? []).flatMap((f) => [f.title, f.value])].filter((s): s is string => !!s);
    parts.push(...(own.length ? own : a.fallback ? [a.fallback] : []));
  }
  return decodeSlackText(parts.join('\n'));
}

const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

function slackError(e: unknown): string | undefined {
  return (e as { data?: { error?: string } } | null)?.data?.error;
}

export function register(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_CALLBACK_ID, type: 'message_action' }, async ({ shortcut, ack, client, respond }) => {
    await ack();
    const text = messageText(shortcut.message);
    const user = shortcut.user.id;
    const channel = shortcut.channel.id;
    const asked = await ask(deps, 'shortcut', { text, userId: user, channelId: channel });
    const intent = asked.answer?.intent;
    // "Slow down" and "no SIP codes in that message" are for the asker, not for someone else's thread.
    if (asked.limited || intent === 'none' || intent === 'help') {
      await respond({ response_type: 'ephemeral', ...render(deps, asked) });
      logAnswer(deps, asked, { channel, user, delivered: 'ephemeral' });
      return;
    }
    const thread_ts = shortcut.message.thread_ts ?? shortcut.message.ts;
    try {
      await client.chat.postMessage({ channel, thread_ts, ...render(deps, asked, { askedBy: user }) });
      logAnswer(deps, asked, { channel, user });
    } catch (e) {
      const code = slackError(e);
      if (!code || !NOT_A_MEMBER.has(code)) throw e;
      const note = 'Only you can see this: sipbot is not a member of this conversation. Invite it with /invite @sipbot to get answers in the thread.';
      await respond({ response_type: 'ephemeral', ...render(deps, asked, { shareValue: await shareValue(deps, text), note }) });
      logAnswer(deps, asked, { channel, user, delivered: 'ephemeral', slackError: code });
    }
  });
}
