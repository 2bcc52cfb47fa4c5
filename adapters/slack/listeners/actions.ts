// Buttons on our answers: "Share in channel" posts the same answer for everyone, saying who shared
// it; a related-code button (or the menu of further codes) shows that code to whoever clicked,
// replacing an ephemeral answer in place or as a new ephemeral under a visible one.
import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import { ask, logAnswer, render, shareValue, sharedQuestion, type SlackDeps } from '../ask.js';
import { SHARE_ACTION_ID, SHOW_ACTION_PATTERN } from '../ids.js';

interface Container {
  channel_id?: string;
  is_ephemeral?: boolean;
  thread_ts?: string;
}

function valueOf(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value;
  if (action.type === 'static_select') return action.selected_option?.value;
  return undefined;
}

function threadOf(body: BlockAction): string | undefined {
  const container = body.container as Container;
  return container.thread_ts ?? (body.message as { thread_ts?: string } | undefined)?.thread_ts;
}

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(SHARE_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? (body.container as Container).channel_id;
    const text = await sharedQuestion(deps, valueOf(action) ?? '');
    if (text === undefined) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `That answer is no longer available to share (sipbot restarted). Ask again with ${deps.command}.`,
      });
      return;
    }
    const asked = await ask(deps, 'share', { text, userId: user, channelId: channel });
    if (asked.limited) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...render(deps, asked) });
    } else {
      await respond({ response_type: 'in_channel', replace_original: false, thread_ts: threadOf(body), ...render(deps, asked, { sharedBy: user }) });
      // The private copy has served its purpose; if Slack refuses, it simply stays.
      await respond({ delete_original: true }).catch((e: unknown) =>
        deps.logger.debug({ platform: 'slack', kind: 'share', err: (e as Error).message }, 'slack could not delete the ephemeral original'),
      );
    }
    logAnswer(deps, asked, { channel, user });
  });

  app.action<BlockAction>(SHOW_ACTION_PATTERN, async ({ ack, body, action, respond, client }) => {
    await ack();
    const query = valueOf(action);
    if (!query) return;
    const user = body.user.id;
    const container = body.container as Container;
    const channel = body.channel?.id ?? container.channel_id;
    const asked = await ask(deps, 'related', { text: query, userId: user, channelId: channel });
    const share = asked.private ? {} : { shareValue: await shareValue(deps, query) };
    if (container.is_ephemeral || !channel) {
      // "Slow down" goes beside the answer the person is reading, not over it.
      await respond({ response_type: 'ephemeral', replace_original: !asked.limited, ...render(deps, asked, share) });
    } else {
      await client.chat.postEphemeral({ channel, user, thread_ts: threadOf(body), ...render(deps, asked, share) });
    }
    logAnswer(deps, asked, { channel, user });
  });
}
