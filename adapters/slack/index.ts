// The Slack adapter: builds a Bolt app in HTTP mode (POST /slack/events, signature-checked by Bolt's
// HTTPReceiver, mounted by the host) or Socket Mode (an outbound WebSocket, no routes), registers the
// listeners by kind and reports its health. Only the host contract (src/adapter.ts) and the core
// cross this boundary; nothing outside adapters/slack imports Bolt.
import type { IncomingMessage } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Authorize } from '@slack/bolt';
import type { Adapter, AdapterState, Logger, Route } from '../../server/adapter.js';
import type { Limits } from '../../server/limits.js';
import { redactUrls } from '../../server/redact.js';
import type { SharedState } from '../../server/state/types.js';
import type { SlackDeps } from './ask.js';
import { toBoltLogger } from './bolt-logger.js';
import { describeError, register as registerErrors } from './errors.js';
import { DEFAULT_COMMAND } from './ids.js';
import { BotIdentity } from './identity.js';
import { register as registerActions } from './listeners/actions.js';
import { register as registerCommands } from './listeners/commands.js';
import { register as registerEvents } from './listeners/events.js';
import { register as registerShortcuts } from './listeners/shortcuts.js';

export { toBlockKit, type BlockKitMessage, type RenderOptions } from './render.js';

export interface SlackOptions {
  /** Bot User OAuth Token (xoxb-…): OAuth & Permissions. */
  botToken: string;
  /** HTTP mode: Basic Information > App Credentials > Signing Secret. */
  signingSecret?: string;
  /** Socket Mode: an app-level token (xapp-…) with connections:write. Wins over signingSecret. */
  appToken?: string;
  /** Web API base URL, e.g. https://slack-gov.com/api/ for GovSlack, a proxy, or a local fake in tests. */
  apiUrl?: string;
  /** Largest capture (pcap/pcapng) downloaded from a file share (MAX_CAPTURE_BYTES; default 20 MiB). */
  maxCaptureBytes?: number;
  /** Slash command answers visible to the channel by default (else ephemeral with a Share button). */
  answersVisible?: boolean;
  /** Answers per person and per channel, shared across instances. */
  limits: Limits;
  /** Dedupe and parked questions, shared across instances (memory or Redis). */
  state: SharedState;
  logger: Logger;
  /** tests: WebClient retries (default: Bolt's) */
  retries?: number;
  /** The slash command as created in the app (default "/sip"; change both if /sip is taken). */
  command?: string;
  /** The bot's user and bot ids when known: the start-up auth.test is then skipped. */
  botUserId?: string;
  botId?: string;
  /** Socket Mode: reconnect when the connection drops (default true; tests turn it off). */
  autoReconnect?: boolean;
  /** HTTP mode: ms before an unacknowledged request gets Bolt's 404 (default Bolt's 3001). */
  unhandledRequestTimeoutMillis?: number;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** A hung Slack API call must not hold an answer forever (the WebClient default is no timeout). */
const API_TIMEOUT_MS = 15_000;
/** stop() lets answers in flight finish for at most this long (the host has its own deadline too). */
const DRAIN_MS = 8_000;
/** Slack retries a delivery within minutes; a key is remembered for longer than that. */
const DEDUPE_TTL_MS = 60 * 60_000;
/** A parked long question stays shareable for a day. */
const PARKED_TTL_MS = 24 * 60 * 60_000;
/**
 * Slack's replay window: a request dated more than 5 minutes away from now, past or future, is
 * refused (https://api.slack.com/authentication/verifying-requests-from-slack). Bolt checks only
 * the past, so the route checks both sides first.
 */
export const MAX_CLOCK_SKEW_S = 300;

/** True when the X-Slack-Request-Timestamp header is a finite number of seconds within the window. */
export function freshTimestamp(header: string | string[] | undefined, nowMs: number = Date.now()): boolean {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw || !/^\d{1,12}$/.test(raw)) return false;
  return Math.abs(nowMs / 1000 - Number(raw)) <= MAX_CLOCK_SKEW_S;
}

function checkOptions(opts: SlackOptions): void {
  if (!opts.botToken?.trim()) {
    throw new Error('SLACK_BOT_TOKEN is not set: the Slack adapter needs the Bot User OAuth Token (Slack app > OAuth & Permissions, starts with xoxb-).');
  }
  if (opts.appToken !== undefined && !opts.appToken.startsWith('xapp-')) {
    throw new Error('SLACK_APP_TOKEN must start with xapp-: Socket Mode needs an app-level token with connections:write (Slack app > Basic Information > App-Level Tokens).');
  }
  if (!opts.appToken && !opts.signingSecret) {
    throw new Error('SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Slack app > Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode.');
  }
}

export function createSlackAdapter(opts: SlackOptions): Adapter {
  checkOptions(opts);
  const socketMode = !!opts.appToken;
  const logger = opts.logger;
  const boltLogger = toBoltLogger(logger);
  const slackApiUrl = opts.apiUrl ? (opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`) : undefined;
  const clientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    ...(opts.retries !== undefined ? { retryConfig: { retries: opts.retries } } : {}),
    timeout: API_TIMEOUT_MS,
  };

  // auth.test gets its own client with few retries: a start-up check should report "failing" in
  // seconds, not retry for half an hour (the WebClient default).
  const identityClient = new webApi.WebClient(undefined, {
    ...clientOptions,
    retryConfig: { retries: Math.min(opts.retries ?? 2, 2) },
    timeout: 10_000,
    logger: boltLogger,
  });
  const identity = new BotIdentity(identityClient, opts.botToken, { botUserId: opts.botUserId, botId: opts.botId });

  // A custom authorize instead of `token`: Bolt then never calls auth.test from its constructor (whose
  // rejection would be unhandled), and a failed check does not stop commands from being answered.
  const authorize: Authorize<boolean> = async () => {
    await identity.settle();
    return { botToken: opts.botToken, botUserId: identity.botUserId, botId: identity.botId };
  };

  const httpReceiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: opts.signingSecret!,
        endpoints: SLACK_EVENTS_PATH,
        logger: boltLogger,
        ...(opts.unhandledRequestTimeoutMillis !== undefined ? { unhandledRequestTimeoutMillis: opts.unhandledRequestTimeoutMillis } : {}),
      });
  const socketReceiver = socketMode
    ? new SocketModeReceiver({
        appToken: opts.appToken!,
        logger: boltLogger,
        autoReconnectEnabled: opts.autoReconnect ?? true,
        // A copy: the Socket Mode client writes its own retry policy into the object it is given.
        installerOptions: { clientOptions: { ...clientOptions } },
      })
    : undefined;

  const app = new App({
    receiver: (httpReceiver ?? socketReceiver)!,
    authorize,
    logger: boltLogger,
    clientOptions: { ...clientOptions },
    extendedErrorHandler: true,
    convoStore: false,
  });

  // Answers in flight, so stop() can let them finish.
  let inFlight = 0;
  let idle: (() => void) | undefined;
  app.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    }
  });

  const deps: SlackDeps = {
    limits: opts.limits,
    logger,
    answersVisible: opts.answersVisible ?? false,
    command: opts.command ?? DEFAULT_COMMAND,
    seen: opts.state.deduper('slack-deliveries', DEDUPE_TTL_MS),
    parked: opts.state.parking('slack-parked', PARKED_TTL_MS),
    files: { token: opts.botToken, apiUrl: slackApiUrl, maxBytes: opts.maxCaptureBytes ?? 20 * 1024 * 1024 },
  };
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerShortcuts(app, deps);
  registerActions(app, deps);
  registerErrors(app, deps, { botToken: opts.botToken, fetch: (...a) => globalThis.fetch(...a) });

  let phase: 'idle' | 'starting' | 'running' | 'stopped' = 'idle';
  let socket: 'down' | 'up' | 'reconnecting' = 'down';
  let socketError: string | undefined;
  if (socketReceiver) {
    const client = socketReceiver.client;
    client.on('connected', () => {
      socket = 'up';
      socketError = undefined;
    });
    client.on('reconnecting', () => {
      socket = 'reconnecting';
    });
    client.on('disconnected', () => {
      socket = 'down';
      if (phase === 'running') logger.warn({ platform: 'slack', mode: 'socket' }, 'Slack Socket Mode connection closed');
    });
  }

  async function checkIdentity(): Promise<void> {
    if (identity.known) return;
    try {
      await identity.verify();
      logger.info({ platform: 'slack', bot: identity.name, botUserId: identity.botUserId }, 'Slack bot token verified');
    } catch {
      logger.error(
        { platform: 'slack', slackError: identity.error },
        `Slack auth.test failed (${identity.error}): check SLACK_BOT_TOKEN (Slack app > OAuth & Permissions > Bot User OAuth Token, xoxb-…) and that the app is installed in the workspace${slackApiUrl ? ` and that SLACK_API_URL (${redactUrls(slackApiUrl)}) is right` : ''}. Answers that need the Web API will fail until it works.`,
      );
    }
  }

  const routes: Route[] = httpReceiver
    ? [
        {
          method: 'POST',
          path: SLACK_EVENTS_PATH,
          handle(req, res, body) {
            if (phase === 'stopped') {
              res.statusCode = 503;
              res.end();
              return;
            }
            if (!freshTimestamp(req.headers['x-slack-request-timestamp'])) {
              logger.warn({ platform: 'slack' }, 'Slack request refused: X-Slack-Request-Timestamp missing or more than 5 minutes from now (replay, or this clock is off)');
              res.writeHead(401, { 'content-type': 'text/plain' });
              res.end('stale or future request timestamp');
              return;
            }
            // Bolt reads a pre-buffered body from `rawBody` (HTTPModuleFunctions.bufferIncomingMessage).
            (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
            try {
              httpReceiver.requestListener(req, res);
            } catch (e) {
              logger.error({ platform: 'slack', ...describeError(e) }, 'slack request could not be dispatched');
              if (!res.headersSent) {
                res.statusCode = 500;
                res.end();
              }
            }
          },
        },
      ]
    : [];

  return {
    name: socketMode ? 'slack-socket' : 'slack-http',
    routes,

    async start() {
      if (phase === 'starting' || phase === 'running') return;
      phase = 'starting';
      await checkIdentity();
      if (socketReceiver) {
        try {
          await socketReceiver.start();
        } catch (e) {
          const d = describeError(e);
          socketError = String(d.slackError ?? d.code ?? d.err);
          logger.error(
            { platform: 'slack', mode: 'socket', ...d },
            `Slack Socket Mode could not connect (${socketError}): check SLACK_APP_TOKEN (an xapp- token with connections:write) and that Socket Mode is on (Slack app > Socket Mode).`,
          );
        }
      }
      phase = 'running';
    },

    async stop() {
      if (phase === 'stopped') return;
      const wasRunning = phase !== 'idle';
      phase = 'stopped';
      try {
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, DRAIN_MS);
            idle = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        // Not app.stop(): it does not wait for the WebSocket close handshake.
        if (socketReceiver && wasRunning) await socketReceiver.client.disconnect();
      } catch (e) {
        logger.warn({ platform: 'slack', ...describeError(e) }, 'Slack adapter did not stop cleanly');
      }
    },

    state(): AdapterState {
      if (phase === 'idle' || phase === 'stopped') return 'disabled';
      if (phase === 'starting') return 'starting';
      if (socketReceiver) {
        if (socket === 'reconnecting') return 'starting';
        if (socket === 'down') return 'failing';
      }
      return identity.error ? 'failing' : 'connected';
    },

    detail(): string {
      const who = identity.known
        ? `bot ${identity.name ?? identity.botUserId}`
        : identity.error
          ? `auth.test failed: ${identity.error}`
          : 'bot not verified yet';
      if (!socketReceiver) return `HTTP mode, POST ${SLACK_EVENTS_PATH}, ${who}`;
      const link = socket === 'up' ? 'connected' : socket === 'reconnecting' ? 'reconnecting' : socketError ? `not connected: ${socketError}` : 'not connected';
      return `Socket Mode, ${link}, ${who}`;
    },
  };
}
