// The HTTP interactions endpoint (POST /discord/interactions): verifies Discord's signature and
// answers in the HTTP response, with no gateway connection and no state, so any number of
// instances can serve it behind a load balancer. Node's http types only; the host reads the body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord.js';
import { routesAdapter, type Adapter, type Logger, type Route } from '../../server/adapter.js';
import { sendJson as send } from '../../server/http-host.js';
import type { Limits } from '../../server/limits.js';
import type { SharedState } from '../../server/state/types.js';
import { INTERACTION_DEDUPE_MS, type AskContext } from './ask.js';
import { handleInteraction } from './interactions.js';
import { publicKeyFromHex, verifySignature } from './verify.js';

export interface DiscordInteractionsOptions {
  /** Developer Portal > General Information > Public Key (64 hex characters). */
  publicKey: string;
  /** When set, interactions for another application are refused (a wrong public key/app pair). */
  applicationId?: string;
  limits: Limits;
  /** Interaction dedupe, shared across instances. */
  state: SharedState;
  logger: Logger;
  /** Defaults to /discord/interactions. */
  path?: string;
}

export const INTERACTIONS_PATH = '/discord/interactions';

export function createDiscordInteractions(opts: DiscordInteractionsOptions): Adapter {
  const key = publicKeyFromHex(opts.publicKey);
  const path = opts.path ?? INTERACTIONS_PATH;
  const logger = opts.logger;
  const ctx: AskContext = { limits: opts.limits, logger, via: 'http', seen: opts.state.deduper('discord-interactions', INTERACTION_DEDUPE_MS) };

  const route: Route = {
    method: 'POST',
    path,
    async handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
      if (!verifySignature(key, req.headers['x-signature-ed25519'], req.headers['x-signature-timestamp'], body)) {
        // Discord itself sends a few unsigned/badly signed requests when the endpoint is saved, and expects 401.
        logger.warn({ platform: 'discord', via: 'http', bytes: body.length }, 'Discord interaction refused: bad or missing signature');
        send(res, 401, { error: 'invalid request signature' });
        return;
      }
      let raw: APIInteraction;
      try {
        raw = JSON.parse(body.toString('utf8')) as APIInteraction;
      } catch {
        send(res, 400, { error: 'body is not JSON' });
        return;
      }
      if (!raw || typeof raw !== 'object' || typeof raw.type !== 'number') {
        send(res, 400, { error: 'not an interaction' });
        return;
      }
      if (opts.applicationId && raw.application_id && raw.application_id !== opts.applicationId) {
        logger.warn({ platform: 'discord', via: 'http', applicationId: raw.application_id }, 'Discord interaction for another application: check DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID belong to the same app');
        send(res, 401, { error: 'wrong application' });
        return;
      }
      let response;
      try {
        response = await handleInteraction(raw, ctx);
      } catch (err) {
        // handleInteraction has its own catch-all; this only guards against a bug in it.
        logger.error({ platform: 'discord', via: 'http', err: String(err) }, 'Discord interaction failed');
        send(res, 500, { error: 'internal error' });
        return;
      }
      if (response === null) {
        // Already answered: Discord takes one response per interaction.
        res.writeHead(204);
        res.end();
        return;
      }
      if (!response) {
        send(res, 400, { error: `unsupported interaction type ${raw.type}` });
        return;
      }
      send(res, 200, response);
    },
  };

  return routesAdapter('discord-interactions', [route], `HTTP interactions at POST ${path}`);
}
