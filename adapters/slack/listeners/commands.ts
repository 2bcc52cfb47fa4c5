// The slash command (/sip): acked at once, answered through the payload's response_url, ephemeral
// with a "Share in channel" button unless answersVisible is set. Errors go to the catch-all (errors.ts).
import type { App } from '@slack/bolt';
import { ask, logAnswer, render, shareValue, type SlackDeps } from '../ask.js';
import { decodeSlackText } from '../mrkdwn.js';

export function register(app: App, deps: SlackDeps): void {
  app.command(deps.command, async ({ command, ack, respond }) => {
    await ack();
    // Slack may deliver one command twice (a retry after a slow ack): its trigger_id is answered once.
    if (!(await deps.seen.firstTime(command.trigger_id && `trigger:${command.trigger_id}`))) {
      deps.logger.debug({ platform: 'slack', kind: 'command' }, 'slack duplicate command ignored');
      return;
    }
    const text = decodeSlackText(command.text ?? '');
    const asked = await ask(deps, 'command', { text, userId: command.user_id, channelId: command.channel_id });
    const visible = deps.answersVisible && !asked.private;
    // Usage help and "slow down" are not worth sharing; a visible answer needs no Share button.
    const message = render(deps, asked, visible || asked.private ? {} : { shareValue: await shareValue(deps, text) });
    await respond({ response_type: visible ? 'in_channel' : 'ephemeral', ...message });
    logAnswer(deps, asked, { channel: command.channel_id, user: command.user_id, visible });
  });
}
