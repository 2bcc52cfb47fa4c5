// The Mattermost slash command: POST /mattermost/command receives Mattermost's form-encoded request,
// checks the command token (Authorization: Token <t> or the token field, constant time) and answers
// in the HTTP response with JSON. No SDK: the protocol is one form in, one JSON out.
// https://developers.mattermost.com/integrate/slash-commands/custom/
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routesAdapter, type Adapter, type Logger, type Route } from '../../server/adapter.js';
import { sendJson as send } from '../../server/http-host.js';
import type { Limits } from '../../server/limits.js';
import { answerFor, logAnswer, logFailure } from '../shared/answer.js';
import { escapeText, toMarkdown } from './render.js';

export const MATTERMOST_PATH = '/mattermost/command';

export interface MattermostOptions {
  /** The slash command's token (Integrations > Slash Commands). */
  token: string;
  /** in_channel answers instead of ephemeral ones. */
  answersVisible?: boolean;
  limits: Limits;
  logger: Logger;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time: both sides hashed to the same length first, so neither length nor content leaks. */
function sameToken(given: string | undefined, expected: Buffer): boolean {
  return given !== undefined && given !== '' && timingSafeEqual(digest(given), expected);
}

function tokenOf(req: IncomingMessage, form: URLSearchParams): string | undefined {
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /^Token\s+(\S{1,200})$/i.exec(auth.trim()) : null;
  return m?.[1] ?? form.get('token') ?? undefined;
}

export function usageNote(command: string): string {
  return `In Mattermost: ${command} 603, ${command} busy here, ${command} 486 vs 600, or ${command} followed by a pasted SIP trace.`;
}

export function createMattermostAdapter(opts: MattermostOptions): Adapter {
  if (!opts.token?.trim()) throw new Error('MATTERMOST_TOKEN is not set: copy the token Mattermost shows for the slash command (Integrations > Slash Commands).');
  const expected = digest(opts.token.trim());
  const deps = { limits: opts.limits, logger: opts.logger };

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const form = new URLSearchParams(body.toString('utf8'));
    if (!sameToken(tokenOf(req, form), expected)) {
      opts.logger.warn({ platform: 'mattermost' }, 'Mattermost command refused: missing or wrong token (check MATTERMOST_TOKEN against Integrations > Slash Commands)');
      send(res, 401, { error: 'invalid token' });
      return;
    }
    const command = /^\/[\w-]{1,32}$/.test(form.get('command') ?? '') ? form.get('command')! : '/sip';
    const userId = form.get('user_id') ?? undefined;
    const channelId = form.get('channel_id') ?? undefined;
    try {
      const a = await answerFor(deps, 'mattermost', 'command', { userId, channelId }, form.get('text') ?? '');
      const visible = !!opts.answersVisible && a.audience === 'channel';
      const text = toMarkdown(a.reply, { note: a.help ? usageNote(command) : undefined });
      // skip_slack_parsing: Mattermost would otherwise turn <!channel> in the text into a mention.
      send(res, 200, { response_type: visible ? 'in_channel' : 'ephemeral', text, skip_slack_parsing: true });
      logAnswer(deps, a, { channelId, userId, visible });
    } catch (err) {
      send(res, 200, { response_type: 'ephemeral', text: escapeText(logFailure(deps, 'mattermost', 'command', err, { channelId })) });
    }
  }

  const route: Route = { method: 'POST', path: MATTERMOST_PATH, handle };
  return routesAdapter('mattermost', [route], `slash command at POST ${MATTERMOST_PATH}`);
}
