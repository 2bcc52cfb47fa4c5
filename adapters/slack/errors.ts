// The adapter's one catch-all (Bolt's global error handler): whatever a listener throws (a Slack API
// error, a failed response_url, an exception in the core) is logged with context (ids and error
// codes; no tokens, no response_url, no user text) and the person gets a short apology where Slack
// still lets us reach them. It never throws, so the app keeps serving.
import type { App } from '@slack/bolt';
import { APOLOGY, type SlackDeps } from './ask.js';

type Body = Record<string, unknown> & {
  command?: string;
  type?: string;
  channel_id?: string;
  user_id?: string;
  response_url?: string;
  channel?: { id?: string };
  user?: { id?: string };
  actions?: { action_id?: string }[];
  event?: { type?: string; channel?: string; channel_type?: string; user?: string; ts?: string; thread_ts?: string; bot_id?: string };
  event_id?: string;
  team_id?: string;
  team?: { id?: string };
};

/** Where the failure happened, for the log: kinds and ids only. */
export function describeBody(body: Body | undefined): Record<string, unknown> {
  if (!body) return { kind: 'unknown' };
  if (typeof body.command === 'string') return { kind: 'command', channel: body.channel_id, user: body.user_id, team: body.team_id };
  if (body.type === 'block_actions') return { kind: 'action', action: body.actions?.[0]?.action_id, channel: body.channel?.id, user: body.user?.id, team: body.team?.id };
  if (body.type === 'message_action') return { kind: 'shortcut', channel: body.channel?.id, user: body.user?.id, team: body.team?.id };
  if (body.type === 'event_callback' && body.event) {
    return { kind: `event:${body.event.type}`, eventId: body.event_id, channel: body.event.channel, user: body.event.user, team: body.team_id };
  }
  return { kind: typeof body.type === 'string' ? body.type : 'unknown' };
}

/** The useful part of an error: its message, Bolt's code and Slack's error code (e.g. not_in_channel). */
export function describeError(error: unknown): Record<string, unknown> {
  const e = error as { message?: string; code?: string; original?: unknown; data?: { error?: string }; statusCode?: number };
  const original = (e?.original ?? e) as typeof e;
  return {
    err: String(original?.message ?? e?.message ?? error).slice(0, 300),
    code: original?.code ?? e?.code,
    slackError: original?.data?.error,
    status: original?.statusCode,
  };
}

export function register(app: App, deps: SlackDeps, opts: { botToken: string; fetch: typeof fetch }): void {
  async function apologize(body: Body | undefined): Promise<'response_url' | 'thread' | 'none'> {
    if (!body) return 'none';
    if (typeof body.response_url === 'string') {
      const res = await opts.fetch(body.response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: APOLOGY }),
      });
      if (!res.ok) throw new Error(`response_url answered ${res.status}`);
      return 'response_url';
    }
    const ev = body.event;
    if (body.type === 'event_callback' && ev?.channel && !ev.bot_id) {
      const thread_ts = ev.thread_ts ?? (ev.channel_type === 'im' ? undefined : ev.ts);
      await app.client.chat.postMessage({ token: opts.botToken, channel: ev.channel, thread_ts, text: APOLOGY });
      return 'thread';
    }
    return 'none';
  }

  // With extendedErrorHandler: true Bolt passes { error, body, context, logger } (the last overload).
  const handler: Parameters<App['error']>[0] = async ({ error, body }) => {
    const where = describeBody(body as Body | undefined);
    deps.logger.error({ platform: 'slack', ...where, ...describeError(error) }, 'slack request failed');
    try {
      const via = await apologize(body as Body | undefined);
      deps.logger.debug({ platform: 'slack', ...where, via }, 'slack apology sent');
    } catch (e) {
      deps.logger.warn({ platform: 'slack', ...where, ...describeError(e) }, 'slack apology could not be delivered either');
    }
  };
  app.error(handler);
}
