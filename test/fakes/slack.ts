// A local stand-in for Slack on 127.0.0.1:0, for driving the real Bolt end to end: the Web API
// (auth.test, chat.postMessage, chat.postEphemeral, apps.connections.open), response_url endpoints
// and a Socket Mode WebSocket. Records every request; `waitFor` instead of sleeps. Plus builders for
// signed Slack requests. Test code only; never reaches the internet.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Recorded {
  /** 'api' for Web API calls, 'response' for response_url posts, 'file' for url_private downloads. */
  kind: 'api' | 'response' | 'file';
  /** Web API method (chat.postMessage) or the response_url id. */
  name: string;
  headers: IncomingHttpHeaders;
  /** Parsed body: form fields (with `blocks`/`attachments` JSON-decoded) or the JSON object. */
  body: Record<string, any>;
}

export type ApiHandler = (args: Record<string, any>, req: Recorded) => { status?: number; body: Record<string, unknown> };

export interface SocketEnvelope {
  envelope_id: string;
  type: 'slash_commands' | 'events_api' | 'interactive';
  payload: Record<string, unknown>;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export const FAKE_BOT = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', user: 'sipbot', team: 'Fake Team' };

type Waiter = { check: () => boolean };

export class FakeSlack {
  readonly requests: Recorded[] = [];
  /** Messages the Socket Mode client sent us (acks carry `envelope_id`). */
  readonly socketMessages: Record<string, any>[] = [];
  private readonly overrides = new Map<string, ApiHandler>();
  private readonly responseStatus = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private tsCounter = 0;
  private readonly files = new Map<string, Uint8Array>();
  private responseCounter = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const fake = new FakeSlack(server);
    server.on('request', (req, res) => {
      if (req.url?.startsWith('/files-pri/')) return fake.onFile(req, res);
      void fake.onRequest(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (e: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: String(e) }));
        },
      );
    });
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link')) return socket.destroy();
      fake.wss.handleUpgrade(req, socket, head, (ws) => fake.onSocket(ws));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What SlackOptions.apiUrl gets (Bolt's slackApiUrl). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /**
   * Serves `bytes` as a file share (the file object Slack puts in message events). Like Slack, the
   * download needs `Authorization: Bearer xoxb-…`; without it the fake redirects to a login page.
   */
  addFile(name: string, bytes: Uint8Array, mimetype = 'application/vnd.tcpdump.pcap'): Record<string, unknown> {
    const id = `F${String(this.files.size + 1).padStart(8, '0')}`;
    this.files.set(id, bytes);
    const url = `${this.url}/files-pri/T0001-${id}/${encodeURIComponent(name)}`;
    return { id, name, title: name, mimetype, filetype: name.split('.').pop(), size: bytes.length, url_private: url, url_private_download: `${url}?download=1` };
  }

  /** A fresh response_url whose posts are recorded under `id`. */
  responseUrl(id = `r${++this.responseCounter}`): string {
    return `${this.url}/response/${id}`;
  }

  /** Replace a Web API method's answer (e.g. `() => ({ body: { ok: false, error: 'not_in_channel' } })`). */
  onApi(method: string, handler: ApiHandler): void {
    this.overrides.set(method, handler);
  }

  /** Make a response_url answer with this HTTP status. */
  failResponseUrl(id: string, status: number): void {
    this.responseStatus.set(id, status);
  }

  api(method: string): Recorded[] {
    return this.requests.filter((r) => r.kind === 'api' && r.name === method);
  }

  responses(id?: string): Recorded[] {
    return this.requests.filter((r) => r.kind === 'response' && (id === undefined || r.name === id));
  }

  /** Resolves with the first truthy value of `pred`, re-checked on every recorded request. */
  waitFor<T>(pred: (fake: FakeSlack) => T | undefined | false | null, timeoutMs = 3000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const v = pred(this);
          if (!v) return false;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(v);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.requests.map((r) => `${r.kind}:${r.name}`).join(', ') || 'nothing';
        reject(new Error(`FakeSlack.waitFor timed out after ${timeoutMs} ms; recorded: ${seen}`));
      }, timeoutMs);
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  /** The first Web API call to `method` matching `pred`, waiting for it. */
  waitForApi(method: string, pred: (r: Recorded) => boolean = () => true, timeoutMs?: number): Promise<Recorded> {
    return this.waitFor((f) => f.api(method).find(pred), timeoutMs);
  }

  waitForResponse(id: string, timeoutMs?: number): Promise<Recorded> {
    return this.waitFor((f) => f.responses(id)[0], timeoutMs);
  }

  /** Socket Mode: resolves once a client has connected and been sent `hello`. */
  waitForSocket(timeoutMs?: number): Promise<WebSocket> {
    return this.waitFor(() => [...this.sockets][0], timeoutMs);
  }

  /** Socket Mode: push an envelope to every connected client. */
  sendEnvelope(envelope: SocketEnvelope): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  waitForAck(envelopeId: string, timeoutMs?: number): Promise<Record<string, any>> {
    return this.waitFor((f) => f.socketMessages.find((m) => m.envelope_id === envelopeId), timeoutMs);
  }

  reset(): void {
    this.requests.length = 0;
    this.socketMessages.length = 0;
    this.overrides.clear();
    this.responseStatus.clear();
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private record(r: Recorded): void {
    this.requests.push(r);
    for (const w of [...this.waiters]) w.check();
  }

  private onFile(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    const id = /^\/files-pri\/T0001-(F\d{8})\//.exec(req.url ?? '')?.[1];
    this.record({ kind: 'file', name: id ?? '?', headers: req.headers, body: {} });
    const bytes = id ? this.files.get(id) : undefined;
    if (!/^Bearer xoxb-/.test(req.headers.authorization ?? '')) {
      res.writeHead(302, { location: `${this.url}/?redir=login` });
      res.end();
    } else if (!bytes) {
      res.writeHead(404).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
    }
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      try {
        this.socketMessages.push(JSON.parse(String(data)) as Record<string, any>);
      } catch {
        this.socketMessages.push({ raw: String(data) });
      }
      for (const w of [...this.waiters]) w.check();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' }, debug_info: { host: 'fake-slack' } }));
    for (const w of [...this.waiters]) w.check();
  }

  private async onRequest(req: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    const body = parseBody(raw, req.headers['content-type']);

    if (path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      this.record({ kind: 'response', name: id, headers: req.headers, body });
      const status = this.responseStatus.get(id) ?? 200;
      return { status, body: status === 200 ? { ok: true } : { ok: false, error: 'fake_failure' } };
    }
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const rec: Recorded = { kind: 'api', name: method, headers: req.headers, body };
      const override = this.overrides.get(method);
      const answer = override ? override(body, rec) : this.defaultApi(method, body, req);
      this.record(rec);
      return { status: answer.status ?? 200, body: answer.body };
    }
    return { status: 404, body: { ok: false, error: 'not_found' } };
  }

  private defaultApi(method: string, args: Record<string, any>, req: IncomingMessage): { status?: number; body: Record<string, unknown> } {
    const auth = req.headers.authorization ?? '';
    switch (method) {
      case 'auth.test':
        return { body: auth.startsWith('Bearer xoxb-') ? { ok: true, url: 'https://fake.slack.com/', ...FAKE_BOT } : { ok: false, error: 'invalid_auth' } };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++this.tsCounter).padStart(6, '0')}`;
        return { body: { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, ts, bot_id: FAKE_BOT.bot_id } } };
      }
      case 'chat.postEphemeral':
        return { body: { ok: true, message_ts: `1700000000.${String(++this.tsCounter).padStart(6, '0')}` } };
      case 'apps.connections.open':
        return { body: auth.startsWith('Bearer xapp-') ? { ok: true, url: `${this.url.replace('http:', 'ws:')}/link` } : { ok: false, error: 'invalid_auth' } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  }
}

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, any>;
  const form = parseQuery(raw) as Record<string, any>;
  // The WebClient sends blocks and attachments as JSON strings inside the form.
  for (const key of ['blocks', 'attachments']) {
    if (typeof form[key] === 'string') form[key] = JSON.parse(form[key] as string);
  }
  return form;
}

// ---- Building requests as Slack sends them -------------------------------------------------------

export const SIGNING_SECRET = 'fake-signing-secret';

/** Slack's request signature: v0= + hex HMAC-SHA256(secret, "v0:{ts}:{body}"). */
export function signatureHeaders(body: string, opts: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', opts.secret ?? SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${sig}`, 'x-slack-request-timestamp': String(ts) };
}

const FORM = 'application/x-www-form-urlencoded';

export interface SlackRequest {
  body: string;
  contentType: string;
}

type CommandFields = { text: string; response_url: string; user_id?: string; channel_id?: string; command?: string; trigger_id?: string };

/** Slack gives every invocation its own trigger_id; a repeat of one is a duplicate delivery. */
let triggers = 0;

/** A slash command's fields as Slack sends them (form fields over HTTP, `payload` over Socket Mode). */
export function slashCommandPayload(fields: CommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: FAKE_BOT.team_id,
    team_domain: 'fake',
    channel_id: 'C0001',
    channel_name: 'voice-ops',
    user_id: 'U0001',
    user_name: 'alice',
    command: '/sip',
    api_app_id: 'A0001',
    trigger_id: `${Date.now()}.${++triggers}.fake`,
    ...fields,
  };
}

export function slashCommand(fields: CommandFields): SlackRequest {
  return { body: new URLSearchParams(slashCommandPayload(fields)).toString(), contentType: FORM };
}

export function eventCallback(event: Record<string, unknown>, opts: { eventId: string }): SlackRequest {
  const body = {
    token: 'deprecated-verification-token',
    team_id: FAKE_BOT.team_id,
    api_app_id: 'A0001',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: opts.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: FAKE_BOT.team_id, user_id: FAKE_BOT.user_id, is_bot: true, is_enterprise_install: false }],
  };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

export function interaction(payload: Record<string, unknown>): SlackRequest {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM };
}

/** A block_actions payload for clicking `action` in a message (ephemeral or not). */
export function blockAction(opts: {
  action: Record<string, unknown>;
  response_url: string;
  user?: string;
  channel?: string;
  ephemeral?: boolean;
  message_ts?: string;
  thread_ts?: string;
}): Record<string, unknown> {
  const channel = opts.channel ?? 'C0001';
  const message_ts = opts.message_ts ?? '1700000000.000100';
  return {
    type: 'block_actions',
    user: { id: opts.user ?? 'U0002', username: 'bob', name: 'bob', team_id: FAKE_BOT.team_id },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts, channel_id: channel, is_ephemeral: !!opts.ephemeral, ...(opts.thread_ts ? { thread_ts: opts.thread_ts } : {}) },
    trigger_id: '1.2.3',
    team: { id: FAKE_BOT.team_id, domain: 'fake' },
    channel: { id: channel, name: 'voice-ops' },
    ...(opts.ephemeral ? {} : { message: { type: 'message', ts: message_ts, bot_id: FAKE_BOT.bot_id, ...(opts.thread_ts ? { thread_ts: opts.thread_ts } : {}) } }),
    response_url: opts.response_url,
    actions: [{ block_id: 'b1', action_ts: '1700000001.000000', ...opts.action }],
  };
}

/** POSTs a Slack request to `url`, signed unless told otherwise. Body as a string: Bolt compares content-type exactly. */
export async function postSigned(
  url: string,
  req: SlackRequest,
  opts: { secret?: string; timestamp?: number; headers?: Record<string, string>; unsigned?: boolean } = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': req.contentType, ...(opts.unsigned ? {} : signatureHeaders(req.body, opts)), ...opts.headers },
    body: req.body,
  });
  return { status: res.status, text: await res.text() };
}

/** Every string anywhere in a value (blocks, text): for checks that must hold for all of them. */
export function allStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(allStrings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(allStrings);
  return [];
}
