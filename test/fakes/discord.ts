// A fake Discord for end-to-end tests of the real discord.js: REST (/api/v10/...) and the gateway
// websocket (/gateway) on one server at 127.0.0.1:0, recording every request. Also payload builders
// for gateway dispatches and interactions, and Ed25519 signing for the HTTP interactions endpoint.
// Protocol details verified in ../shared/notes/platform-testing.md.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '100000000000000003';
export const CHANNEL_ID = '100000000000000004';
export const DM_CHANNEL_ID = '100000000000000005';
export const USER_ID = '100000000000000006';
export const OTHER_BOT_ID = '100000000000000007';
export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.fake.token-for-tests';

/** Gateway intent bit of Message Content (privileged). */
export const MESSAGE_CONTENT_INTENT = 1 << 15;

export interface Recorded {
  method: string;
  /** Path after /api/v10, e.g. /channels/123/messages. */
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** Path of an interaction callback, as recorded. */
export const CALLBACK_PATH = /^\/interactions\/\d+\/[^/]+\/callback$/;

export interface FakeOptions {
  heartbeatInterval?: number;
  /** IDENTIFY with any of these intent bits is closed with 4014 Disallowed intent(s). */
  disallowedIntents?: number;
  /** Shard count GET /gateway/bot recommends (what `shards: 'auto'` follows); default 1. */
  recommendedShards?: number;
}

let nextId = 200000000000000000n;
export const snowflake = () => String(nextId++);

export const botUser = { id: BOT_ID, username: 'sipbot', discriminator: '0', global_name: null, avatar: null, bot: true };
export const humanUser = { id: USER_ID, username: 'oncall', discriminator: '0', global_name: 'On Call', avatar: null };
export const otherBot = { id: OTHER_BOT_ID, username: 'alerts', discriminator: '0', global_name: null, avatar: null, bot: true };

function guildCreate() {
  return {
    id: GUILD_ID,
    name: 'Voice Ops',
    icon: null,
    owner_id: USER_ID,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: GUILD_ID, name: '@everyone', permissions: '104324673', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    members: [],
    voice_states: [],
    presences: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    channels: [{ id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'incidents', position: 0, permission_overwrites: [], nsfw: false, parent_id: null }],
  };
}

export interface MessageInit {
  content: string;
  author?: object;
  mentions?: object[];
  mentionEveryone?: boolean;
  channelId?: string;
  dm?: boolean;
  attachments?: object[];
  embeds?: object[];
  webhookId?: string;
}

/** A MESSAGE_CREATE payload; guild channel unless `dm`. */
export function messagePayload(m: MessageInit) {
  const dm = m.dm ?? false;
  const author = m.author ?? humanUser;
  return {
    id: snowflake(),
    type: 0,
    channel_id: m.channelId ?? (dm ? DM_CHANNEL_ID : CHANNEL_ID),
    // Discord sends the channel type with MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
    channel_type: dm ? 1 : 0,
    ...(dm ? {} : { guild_id: GUILD_ID, member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } }),
    author,
    content: m.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: m.mentionEveryone ?? false,
    mentions: m.mentions ?? [],
    mention_roles: [],
    attachments: m.attachments ?? [],
    embeds: m.embeds ?? [],
    pinned: false,
    flags: 0,
    ...(m.webhookId ? { webhook_id: m.webhookId } : {}),
  };
}

/** A mention of the bot in the incidents channel. */
export function mention(text: string, extra: Partial<MessageInit> = {}) {
  return messagePayload({ ...extra, content: `<@${BOT_ID}> ${text}`, mentions: [botUser, ...(extra.mentions ?? [])] });
}

function interactionBase(type: number) {
  return {
    id: snowflake(),
    application_id: APP_ID,
    type,
    token: `itoken-${snowflake()}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'incidents' },
    member: { user: humanUser, roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '2147483647' },
    app_permissions: '2147483647',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 10485760,
  };
}

/** /sip with the given options, e.g. { query: '603', private: true }. */
export function slashCommand(options: { query?: string; private?: boolean }, name = 'sip') {
  const opts: object[] = [];
  if (options.query !== undefined) opts.push({ name: 'query', type: 3, value: options.query });
  if (options.private !== undefined) opts.push({ name: 'private', type: 5, value: options.private });
  return { ...interactionBase(2), data: { id: snowflake(), name, type: 1, options: opts } };
}

export function autocomplete(typed: string) {
  return { ...interactionBase(4), data: { id: snowflake(), name: 'sip', type: 1, options: [{ name: 'query', type: 3, value: typed, focused: true }] } };
}

/** The "Explain SIP codes" message command on a message. */
export function messageCommand(target: { content: string; embeds?: object[]; author?: object }) {
  const id = snowflake();
  const message = { ...messagePayload({ content: target.content, embeds: target.embeds, author: target.author }), id };
  return {
    ...interactionBase(2),
    data: { id: snowflake(), name: 'Explain SIP codes', type: 3, target_id: id, resolved: { messages: { [id]: message } } },
  };
}

export function buttonClick(customId: string) {
  return {
    ...interactionBase(3),
    message: { ...messagePayload({ content: '', author: botUser }), application_id: APP_ID },
    data: { custom_id: customId, component_type: 2 },
  };
}

export const ping = () => ({ id: snowflake(), application_id: APP_ID, type: 1, token: `itoken-${snowflake()}`, version: 1 });

/** An Ed25519 key pair as Discord's portal shows the public key (hex), and a signer for requests. */
export function signingKeys(): { publicKeyHex: string; sign(body: string, timestamp?: string): Record<string, string> } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const publicKeyHex = der.subarray(der.length - 32).toString('hex');
  return {
    publicKeyHex,
    sign(body: string, timestamp = String(Math.floor(Date.now() / 1000))) {
      return signHeaders(privateKey, body, timestamp);
    },
  };
}

function signHeaders(key: KeyObject, body: string, timestamp: string): Record<string, string> {
  const sig = sign(null, Buffer.from(timestamp + body), key).toString('hex');
  return { 'x-signature-ed25519': sig, 'x-signature-timestamp': timestamp, 'content-type': 'application/json' };
}

/** Polls `fn` until it returns something truthy; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface FakeDiscord {
  apiUrl: string;
  /** Base for files the fake serves (attachments). */
  baseUrl: string;
  requests: Recorded[];
  identifies: any[];
  resumes: any[];
  /** Websocket connections accepted so far. */
  connections: () => number;
  /** Sends a dispatch on the live session; resolves once sent. */
  dispatch(t: string, d: object): Promise<void>;
  /** Sends a dispatch on the session that identified as shard `id` (sharded bots). */
  dispatchOnShard(id: number, t: string, d: object): Promise<void>;
  /** Closes the live socket with `code` (4000 = resumable). */
  dropSocket(code?: number): void;
  /** Stop answering heartbeats: discord.js declares a zombie connection and resumes. */
  stopAcking(): void;
  /** Close the next IDENTIFY or RESUME with `code` (e.g. 4004 Authentication failed). */
  closeNextIdentify(code: number): void;
  /** From now on, close an IDENTIFY with any of these intent bits with 4014. */
  disallowIntents(bits: number): void;
  /** Websockets still open. */
  openSockets(): number;
  /** Makes the next `count` requests matching method + path regex answer `status` with `body`. */
  failNext(method: string, path: RegExp, status: number, body: object, count?: number): void;
  /** Serves `text` (or bytes: a capture) at the returned URL (an attachment's url). */
  serveFile(name: string, text: string | Uint8Array): string;
  /** The first recorded request matching, once it arrives. */
  waitForRequest(method: string, path: RegExp, pred?: (r: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  /** A live session that has identified or resumed. */
  waitForSession(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startFakeDiscord(opts: FakeOptions = {}): Promise<FakeDiscord> {
  const heartbeatInterval = opts.heartbeatInterval ?? 200;
  const requests: Recorded[] = [];
  const identifies: any[] = [];
  const resumes: any[] = [];
  const files = new Map<string, string | Uint8Array>();
  const failures: { method: string; path: RegExp; status: number; body: object; count: number }[] = [];
  let port = 0;
  let connections = 0;
  let live: WebSocket | undefined;
  /** Sockets by the shard id they identified with ([id, count]; unsharded = 0). */
  const shardSockets = new Map<number, WebSocket>();
  let sessionLive = false;
  let acking = true;
  let closeNext: number | undefined;
  let disallowed = opts.disallowedIntents ?? 0;
  let seq = 0;
  const sessionId = `session-${snowflake()}`;

  const server: Server = createServer((req, res) => void onRequest(req, res));
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function sendDispatch(ws: WebSocket, t: string, d: object): void {
    ws.send(JSON.stringify({ op: 0, t, s: ++seq, d }));
  }

  function onSocket(ws: WebSocket): void {
    connections++;
    live = ws;
    sessionLive = false;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: heartbeatInterval } }));
    ws.on('message', (data) => {
      let p: { op: number; d: any };
      try {
        p = JSON.parse(String(data));
      } catch {
        return;
      }
      switch (p.op) {
        case 1:
          if (acking) ws.send(JSON.stringify({ op: 11 }));
          break;
        case 2:
          identifies.push(p.d);
          if (closeNext !== undefined) {
            ws.close(closeNext, 'closed by the fake');
            closeNext = undefined;
            return;
          }
          if ((p.d.intents & disallowed) !== 0) {
            ws.close(4014, 'Disallowed intent(s).');
            return;
          }
          seq = 0;
          {
            // The one guild lives on shard 0; other shards start with no guilds.
            const shard: [number, number] = Array.isArray(p.d.shard) ? p.d.shard : [0, 1];
            shardSockets.set(shard[0], ws);
            sendDispatch(ws, 'READY', {
              v: 10,
              user: botUser,
              guilds: shard[0] === 0 ? [{ id: GUILD_ID, unavailable: true }] : [],
              session_id: shard[0] === 0 ? sessionId : `${sessionId}-${shard[0]}`,
              resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
              shard,
              application: { id: APP_ID, flags: 0 },
              private_channels: [],
            });
            if (shard[0] === 0) sendDispatch(ws, 'GUILD_CREATE', guildCreate());
          }
          sessionLive = true;
          break;
        case 6:
          resumes.push(p.d);
          if (closeNext !== undefined) {
            ws.close(closeNext, 'closed by the fake');
            closeNext = undefined;
            return;
          }
          acking = true;
          sendDispatch(ws, 'RESUMED', {});
          sessionLive = true;
          break;
      }
    });
    ws.on('close', () => {
      if (live === ws) sessionLive = false;
    });
  }

  function json(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/files/')) {
      const text = files.get(decodeURIComponent(url.pathname.slice('/files/'.length)));
      if (text === undefined) return json(res, 404, { message: 'no such file' });
      res.writeHead(200, { 'content-type': typeof text === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream' });
      res.end(text);
      return;
    }
    const path = url.pathname.replace(/^\/api\/v10/, '');
    let body: unknown = raw;
    if (raw && String(req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const rec: Recorded = { method: req.method ?? 'GET', path, query: url.search, headers: req.headers, body };
    requests.push(rec);

    const failure = failures.find((f) => f.count > 0 && f.method === rec.method && f.path.test(path));
    if (failure) {
      failure.count--;
      return json(res, failure.status, failure.body);
    }

    let m: RegExpMatchArray | null;
    if (rec.method === 'GET' && path === '/gateway/bot') {
      return json(res, 200, {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: opts.recommendedShards ?? 1,
        // Several shards identify at once (as for large bots), so sharded tests need not wait 5 s per shard.
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
      });
    }
    if (rec.method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const b = body as Record<string, unknown>;
      return json(res, 200, {
        id: snowflake(),
        type: b.message_reference ? 19 : 0,
        channel_id: m[1],
        author: botUser,
        content: b.content ?? '',
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: b.embeds ?? [],
        components: b.components ?? [],
        pinned: false,
        flags: 0,
      });
    }
    if (rec.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      return json(res, 204);
    }
    if (rec.method === 'PUT' && (m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const defs = Array.isArray(body) ? (body as object[]) : [];
      return json(
        res,
        200,
        defs.map((d) => ({ ...d, id: snowflake(), application_id: m![1], ...(m![2] ? { guild_id: m![2] } : {}), version: snowflake(), default_member_permissions: null })),
      );
    }
    return json(res, 404, { message: '404: Not Found', code: 0 });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const fake: FakeDiscord = {
    apiUrl: `${baseUrl}/api`,
    baseUrl,
    requests,
    identifies,
    resumes,
    connections: () => connections,
    async dispatch(t, d) {
      await fake.waitForSession();
      sendDispatch(live!, t, d);
    },
    async dispatchOnShard(id, t, d) {
      await waitFor(() => shardSockets.get(id)?.readyState === 1, 5000, `a live session on shard ${id}`);
      sendDispatch(shardSockets.get(id)!, t, d);
    },
    dropSocket(code = 4000) {
      sessionLive = false;
      live?.close(code, 'dropped by the fake');
    },
    stopAcking() {
      acking = false;
    },
    disallowIntents(bits) {
      disallowed = bits;
    },
    closeNextIdentify(code) {
      closeNext = code;
    },
    openSockets: () => [...wss.clients].filter((c) => c.readyState === 1).length,
    failNext(method, path, status, body, count = 1) {
      failures.push({ method, path, status, body, count });
    },
    serveFile(name, text) {
      files.set(name, text);
      return `${baseUrl}/files/${encodeURIComponent(name)}`;
    },
    async waitForRequest(method, path, pred = () => true, timeoutMs = 5000) {
      return waitFor(() => requests.find((r) => r.method === method && path.test(r.path) && pred(r)), timeoutMs, `${method} ${path}`);
    },
    async waitForSession(timeoutMs = 5000) {
      await waitFor(() => sessionLive && live?.readyState === 1, timeoutMs, 'a live gateway session');
    },
    async stop() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
