// The Discord gateway adapter: one discord.js client that answers @mentions and DMs with a reply,
// and slash commands, the context menu and buttons through the same router as the HTTP endpoint.
// discord.js owns reconnecting and resuming; nothing here destroys the client except stop() and
// the one-time fallback when Discord refuses the Message Content intent (close code 4014).
import { once } from 'node:events';
import {
  Client,
  Events,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  Options,
  Partials,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import type { APIInteraction, Attachment, CloseEvent, Message, MessageReplyOptions } from 'discord.js';
import type { Adapter, AdapterState, Logger } from '../../server/adapter.js';
import type { Limits } from '../../server/limits.js';
import type { SharedState } from '../../server/state/types.js';
import type { Reply } from '../../src/index.js';
import { askWithReply, failure, INTERACTION_DEDUPE_MS, type AskContext, type Kind } from './ask.js';
import { handleInteraction } from './interactions.js';
import { toDiscordMessage, toTextMessage, type DiscordMessage } from './render.js';
import { answerAttachment, captureAttachmentOf } from './attachments.js';

export interface DiscordGatewayOptions {
  token: string;
  applicationId: string;
  /** REST base without the version (discord.js `rest.api`), e.g. a proxy; tests point it at a fake. */
  apiUrl?: string;
  limits: Limits;
  /** Interaction and message dedupe, shared across instances. */
  state: SharedState;
  logger: Logger;
  /**
   * Ask for the privileged Message Content intent. sipbot does not need it: Discord sends the
   * content of messages that mention the bot, of DMs and of context-menu targets without it. When
   * asked for but not enabled in the Developer Portal (close 4014), the bot reconnects without it.
   */
  messageContent?: boolean;
  /** Largest .pcap/.pcapng attachment downloaded and explained (MAX_CAPTURE_BYTES; default 20 MiB). */
  maxCaptureBytes?: number;
  /** Largest text attachment (a long paste Discord turned into message.txt) read from a mention; 0 turns it off. */
  maxAttachmentBytes?: number;
  /** DISCORD_SHARDS: gateway shards run by this client, a count or 'auto' (Discord's recommendation); one when unset. */
  shards?: number | 'auto';
}

const DEFAULT_MAX_ATTACHMENT = 1024 * 1024;
const ATTACHMENT_TIMEOUT_MS = 5000;
/** How long stop() waits for answers in flight before closing the socket. */
const DRAIN_MS = 5000;
/** Where Discord serves attachments; anything else in an attachment URL is not fetched. */
const ATTACHMENT_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

const HOW_TO_ENABLE_CONTENT =
  'Developer Portal > your application > Bot > Privileged Gateway Intents > Message Content Intent (apps in 100+ servers need Discord\'s approval)';

/** Why an unrecoverable close happened and what the operator should do. */
function closeAdvice(code: number): string {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
      return 'Discord rejected DISCORD_TOKEN: reset it in Developer Portal > Bot > Reset Token and update the setting';
    case GatewayCloseCodes.DisallowedIntents:
      return `a privileged intent is not enabled: ${HOW_TO_ENABLE_CONTENT}`;
    case GatewayCloseCodes.InvalidIntents:
      return 'Discord rejected the intents sipbot asked for (a bug: please report it)';
    case GatewayCloseCodes.ShardingRequired:
      return 'the bot is in too many servers for one connection: set DISCORD_SHARDS=auto';
    default:
      return `gateway closed with code ${code} and will not reconnect`;
  }
}

function isDisallowedIntents(err: unknown): boolean {
  return err instanceof Error && /disallowed intents/i.test(err.message);
}

function errInfo(err: unknown): { name: string; message: string; code?: unknown; status?: unknown } {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & { code?: unknown; status?: unknown };
  return { name: e.name, message: e.message, code: e.code, status: e.status };
}

/** discord.js options for a DiscordMessage: nothing pings, and a deleted question still gets its answer. */
function replyOptions(msg: DiscordMessage): MessageReplyOptions {
  return {
    content: msg.content,
    embeds: msg.embeds,
    components: msg.components,
    allowedMentions: { parse: [], repliedUser: false },
    failIfNotExists: false,
  };
}

export function createDiscordGateway(opts: DiscordGatewayOptions): Adapter {
  const logger = opts.logger;
  const ctx: AskContext = { limits: opts.limits, logger, via: 'gateway', seen: opts.state.deduper('discord-interactions', INTERACTION_DEDUPE_MS) };
  const maxAttachment = opts.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT;
  const attachmentHosts = new Set(ATTACHMENT_HOSTS);
  if (opts.apiUrl) attachmentHosts.add(new URL(opts.apiUrl).host);

  let client: Client | undefined;
  let state: AdapterState = 'disabled';
  let detail = 'not started';
  let withContent = opts.messageContent ?? false;
  let stopping = false;
  /** True inside start(): there, a refused login is handled by start() itself. */
  let loggingIn = false;
  const inFlight = new Set<Promise<unknown>>();

  /** Keeps answers in flight for stop(); a handler that still throws is logged, never unhandled. */
  function track(p: Promise<unknown>): void {
    inFlight.add(p);
    p.then(
      () => inFlight.delete(p),
      (err: unknown) => {
        inFlight.delete(p);
        logger.error({ platform: 'discord', err: errInfo(err) }, 'Discord handler failed');
      },
    );
  }

  function setState(s: AdapterState, d: string): void {
    state = s;
    detail = d;
  }

  function makeClient(content: boolean): Client {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
    if (content) intents.push(GatewayIntentBits.MessageContent);
    const c = new Client({
      intents,
      // DM channels are not cached at start-up; without this their messages are dropped.
      partials: [Partials.Channel],
      allowedMentions: { parse: [], repliedUser: false },
      // Pasted logs carry phone numbers: keep no message history in memory.
      makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
      ...(opts.apiUrl ? { rest: { api: opts.apiUrl } } : {}),
      // All shards in this one process (shardCount N runs shards 0..N-1); 'auto' asks Discord how many.
      ...(opts.shards === 'auto' ? { shards: 'auto' as const } : opts.shards ? { shardCount: opts.shards } : {}),
    });
    c.on(Events.MessageCreate, (m) => {
      const p = onMessage(c, m);
      track(p);
    });
    c.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction) => track(onInteraction(c, raw)));
    c.on(Events.ShardReady, () => setState('connected', connectedDetail(c)));
    c.on(Events.ShardResume, (_id, replayed) => {
      logger.info({ platform: 'discord', replayed }, 'Discord gateway resumed');
      setState('connected', connectedDetail(c));
    });
    c.on(Events.ShardReconnecting, () => {
      logger.info({ platform: 'discord' }, 'Discord gateway reconnecting');
      if (!stopping) setState('starting', 'gateway reconnecting');
    });
    c.on(Events.ShardDisconnect, (ev: CloseEvent) => onUnrecoverableClose(c, ev.code));
    c.on(Events.ShardError, (err) => logger.warn({ platform: 'discord', err: errInfo(err) }, 'Discord gateway error'));
    c.on(Events.Error, (err) => logger.error({ platform: 'discord', err: errInfo(err) }, 'Discord client error'));
    c.on(Events.Warn, (message) => logger.warn({ platform: 'discord', message }, 'Discord client warning'));
    return c;
  }

  function connectedDetail(c: Client): string {
    const who = c.user ? ` as ${c.user.tag}` : '';
    const shards = c.ws.shards.size > 1 ? `, ${c.ws.shards.size} shards` : '';
    return `gateway connected${who}${shards}${withContent ? '' : ', without the Message Content intent'}`;
  }

  function mentionsOffLog(): void {
    logger.warn(
      { platform: 'discord', closeCode: GatewayCloseCodes.DisallowedIntents },
      `Discord refused the Message Content intent (close 4014 "Disallowed intent(s)"): reconnecting without it. ` +
        'sipbot keeps answering: Discord still sends the text of messages that @mention the bot, of DMs and of messages the "Explain SIP codes" command is used on, and slash commands, buttons and autocomplete never needed it. ' +
        'Without it Discord withholds only the text of messages that do not mention the bot, which sipbot does not answer anyway. ' +
        `To grant it: ${HOW_TO_ENABLE_CONTENT}; or stop asking for it (messageContent: false).`,
    );
  }

  /** Logs in and resolves once discord.js is ready; rejects with the login error. */
  async function connect(content: boolean): Promise<void> {
    const c = makeClient(content);
    client = c;
    withContent = content;
    const abort = new AbortController();
    try {
      await Promise.all([c.login(opts.token), once(c, Events.ClientReady, { signal: abort.signal })]);
    } finally {
      abort.abort();
    }
    setState('connected', connectedDetail(c));
    if (c.application && c.application.id !== opts.applicationId) {
      logger.warn(
        { platform: 'discord', tokenApplicationId: c.application.id },
        'DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN: commands registered for it will not reach this bot (Developer Portal > General Information > Application ID)',
      );
    }
  }

  /** discord.js gave up on this connection; 4014 gets one retry without Message Content. */
  function onUnrecoverableClose(c: Client, code: number): void {
    if (stopping || c !== client) return;
    if (code === GatewayCloseCodes.DisallowedIntents && withContent) {
      // During start() the login rejection handles it; after start-up, reconnect from here.
      if (loggingIn) return;
      mentionsOffLog();
      setState('starting', 'reconnecting without the Message Content intent');
      track(
        (async () => {
          await c.destroy().catch(() => undefined);
          try {
            await connect(false);
          } catch (err) {
            fail(err);
          }
        })(),
      );
      return;
    }
    const advice = closeAdvice(code);
    logger.error({ platform: 'discord', closeCode: code }, `Discord gateway closed for good: ${advice}`);
    setState('failing', advice);
  }

  function fail(err: unknown): void {
    const info = errInfo(err);
    const advice =
      info.name.includes('TokenInvalid') || info.status === 401 || info.code === 'TokenInvalid'
        ? 'Discord rejected DISCORD_TOKEN: reset it in Developer Portal > Bot > Reset Token and update the setting'
        : `could not connect to the Discord gateway: ${info.message}`;
    logger.error({ platform: 'discord', err: info }, `Discord gateway failed to start: ${advice}`);
    setState('failing', advice);
  }

  async function readAttachment(message: Message): Promise<string | undefined> {
    if (maxAttachment <= 0) return undefined;
    const a: Attachment | undefined = message.attachments.find(
      (x) => (x.contentType?.startsWith('text/') ?? false) || /\.(txt|log|sip|trace)$/i.test(x.name),
    );
    if (!a) return undefined;
    if (a.size > maxAttachment) {
      logger.info({ platform: 'discord', bytes: a.size, max: maxAttachment }, 'Discord attachment too large to read');
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(a.url);
    } catch {
      return undefined;
    }
    if (!attachmentHosts.has(url.host)) return undefined;
    const res = await fetch(url, { signal: AbortSignal.timeout(ATTACHMENT_TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) throw new Error(`attachment download failed with HTTP ${res.status}`);
    const buf = Buffer.from(await res.arrayBuffer());
    return buf.subarray(0, maxAttachment).toString('utf8');
  }

  async function onMessage(c: Client, message: Message): Promise<void> {
    // Bots (itself included), webhooks and system messages never get an answer: no loops.
    if (message.author.bot || message.webhookId || message.system) return;
    const me = c.user;
    if (!me) return;
    const dm = !message.inGuild();
    if (!dm && !message.mentions.users.has(me.id)) return;
    const kind: Kind = dm ? 'dm' : 'mention';
    let reply: Reply | undefined;
    try {
      const capture = captureAttachmentOf(message.attachments.values());
      if (capture) {
        reply = await answerAttachment(capture, { userId: message.author.id, channelId: message.channelId }, ctx, kind, { maxBytes: opts.maxCaptureBytes ?? 20 * 1024 * 1024, apiUrl: opts.apiUrl });
        await message.reply(replyOptions(toDiscordMessage(reply)));
        return;
      }
      let text = message.content.replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ').trim();
      const attached = await readAttachment(message);
      if (attached) text = text ? `${text}\n${attached}` : attached;
      const asked = await askWithReply(text, { userId: message.author.id, channelId: message.channelId }, ctx, kind);
      reply = asked.reply;
      await message.reply(replyOptions(asked.msg));
    } catch (err) {
      if (reply && (err as { code?: unknown }).code === RESTJSONErrorCodes.MissingPermissions) {
        // If a plain-text reply goes through, Send Messages and Read Message History are there and Embed
        // Links is what is missing: answer in plain text and say what to grant.
        logger.warn(
          { platform: 'discord', kind, channelId: message.channelId, code: RESTJSONErrorCodes.MissingPermissions },
          'Discord refused the answer with Missing Permissions: give sipbot View Channels, Send Messages (and in Threads), Embed Links and Read Message History in this channel',
        );
        const plain = toTextMessage(`${reply.text}\n\n(Shown as plain text: sipbot lacks the Embed Links permission here.)`);
        const sent = await message.reply(replyOptions(plain)).then(
          () => true,
          () => false,
        );
        if (sent) return;
      }
      const apology = failure(ctx, kind, err, { channelId: message.channelId, messageId: message.id });
      await message.reply(replyOptions(apology)).catch((e: unknown) => {
        logger.warn({ platform: 'discord', kind, channelId: message.channelId, err: errInfo(e) }, 'Discord apology could not be sent');
      });
    }
  }

  async function onInteraction(c: Client, raw: APIInteraction): Promise<void> {
    try {
      const response = await handleInteraction(raw, ctx);
      if (!response) return;
      // Interaction callbacks are authorised by the interaction token, not the bot token.
      await c.rest.post(Routes.interactionCallback(raw.id, raw.token), { body: response, auth: false });
    } catch (err) {
      logger.warn({ platform: 'discord', via: 'gateway', interactionId: raw.id, err: errInfo(err) }, 'Discord interaction response failed');
    }
  }

  return {
    name: 'discord-gateway',
    routes: [],
    /** Resolves when connected, or when start-up failed (state 'failing', logged): never rejects. */
    async start() {
      if (state === 'connected' || state === 'starting') return;
      stopping = false;
      setState('starting', 'logging in');
      loggingIn = true;
      try {
        await connect(withContent);
      } catch (err) {
        if (stopping) return;
        if (withContent && isDisallowedIntents(err)) {
          mentionsOffLog();
          try {
            await connect(false);
            return;
          } catch (err2) {
            if (!stopping) fail(err2);
            return;
          }
        }
        fail(err);
      } finally {
        loggingIn = false;
      }
    },
    async stop() {
      stopping = true;
      try {
        const drain = Promise.allSettled([...inFlight]);
        const timer = new Promise((r) => setTimeout(r, DRAIN_MS).unref());
        await Promise.race([drain, timer]);
        await client?.destroy();
      } catch (err) {
        logger.warn({ platform: 'discord', err: errInfo(err) }, 'Discord client did not close cleanly');
      }
      client = undefined;
      setState('disabled', 'stopped');
    },
    state: () => state,
    detail: () => detail,
  };
}
