// The one HTTP server: exact-path routing for the adapters' routes and our own, whole-body reading
// under a byte cap (413 before handing anything on), caps on open connections and on body bytes held
// across requests (503 + Retry-After, /healthz always answered), one catch-all per request, and a
// drain at shutdown that loses no request that has arrived.
// node:http only; knows nothing about Slack, Discord or the core.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger, Route } from './adapter.js';

export interface HostOptions {
  routes: readonly Route[];
  maxBodyBytes: number;
  logger: Logger;
  /** Open connections above which requests other than /healthz are shed and idle sockets closed. */
  maxConnections?: number;
  /** Request-body bytes held at once across all requests; a body that does not fit is shed. */
  maxBufferedBytes?: number;
}

export interface Host {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /**
   * Start draining: keep listening and answering (every response says `Connection: close`, so
   * keep-alive clients move on after their current request), for /healthz to report "stopping".
   */
  beginDrain(): void;
  /** Stop listening, then resolve once every connection is closed; after `deadlineMs` the rest are cut. */
  drain(deadlineMs: number): Promise<void>;
  readonly closing: boolean;
  /** Body bytes held in memory right now across all requests. */
  readonly bufferedBytes: number;
}

const EMPTY = Buffer.alloc(0);
const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');
const NO_ROOM = Symbol('no room');
type Read = Buffer | typeof TOO_LARGE | typeof ABORTED | typeof NO_ROOM;

/** The byte budget shared by every body being read: a request reserves what it holds until its response closes. */
interface Budget {
  used: number;
  readonly max: number;
}

// How long a shed client should wait before trying again.
const RETRY_AFTER_S = '1';
const HEALTH_PATH = '/healthz';

// A slow or stalled client must not hold a connection open for long (Node's default is 5 minutes).
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 15_000;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(json);
}

/** The path of a request-target, without the query; null when it is not origin- or absolute-form. */
export function pathOf(url: string | undefined): string | null {
  if (!url) return null;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path.startsWith('/')) return path;
  if (/^https?:\/\//i.test(path)) {
    try {
      return new URL(path).pathname;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Reads the whole body, or stops at the first byte over `max` (or at once when Content-Length says
 * so), or when the shared budget has no room for it; `held` reports the bytes it took from the budget.
 */
function readBody(req: IncomingMessage, max: number, budget: Budget, held: (n: number) => void): Promise<Read> {
  const declared = Number(req.headers['content-length']);
  if (declared > max) return Promise.resolve(TOO_LARGE);
  if (req.readableEnded) return Promise.resolve(EMPTY);
  // Reserve what Content-Length announces up front, so a crowd of slow uploads is shed before it is read.
  const reserve = (n: number) => {
    if (budget.used + n > budget.max) return false;
    budget.used += n;
    held(n);
    return true;
  };
  const announced = declared > 0 ? declared : 0;
  if (!reserve(announced)) return Promise.resolve(NO_ROOM);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Read) => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      if (v === TOO_LARGE || v === NO_ROOM) req.pause();
      resolve(v);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return finish(TOO_LARGE);
      if (size > announced && !reserve(Math.min(chunk.length, size - announced))) return finish(NO_ROOM);
      chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onAbort = () => finish(ABORTED);
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

export function createHost(opts: HostOptions): Host {
  const { logger, maxBodyBytes } = opts;
  const maxConnections = opts.maxConnections ?? Infinity;
  const budget: Budget = { used: 0, max: opts.maxBufferedBytes ?? Infinity };
  // Open sockets in the order they connected, each with the number of requests it has in progress.
  const sockets = new Map<Socket, { busy: number }>();
  // path -> method -> route; HEAD is served by the GET route (Node drops the body).
  const table = new Map<string, Map<string, Route>>();
  for (const r of opts.routes) {
    const byMethod = table.get(r.path) ?? new Map<string, Route>();
    if (byMethod.has(r.method)) throw new Error(`two handlers for ${r.method} ${r.path}: each route belongs to one adapter`);
    byMethod.set(r.method, r);
    table.set(r.path, byMethod);
  }

  let closing = false;
  const inFlight = new Set<ServerResponse>();

  const shed = (res: ServerResponse, message: string) =>
    sendJson(res, 503, { error: 'busy', message }, { 'retry-after': RETRY_AFTER_S, connection: 'close' });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight.add(res);
    const conn = sockets.get(req.socket);
    if (conn) conn.busy++;
    let held = 0;
    res.once('close', () => {
      inFlight.delete(res);
      if (conn) conn.busy--;
      budget.used -= held;
    });
    if (closing) res.setHeader('connection', 'close');

    const path = pathOf(req.url);
    // /healthz is always answered: it is how a load balancer tells "busy" from "dead".
    if (sockets.size > maxConnections && path !== HEALTH_PATH) {
      return shed(res, `Too many open connections (over MAX_CONNECTIONS=${maxConnections}); try again in a moment.`);
    }
    if (path === null) return sendJson(res, 400, { error: 'bad_request', message: 'The request target must be a path such as /api/explain?q=603.' });
    const byMethod = table.get(path);
    if (!byMethod) return sendJson(res, 404, { error: 'not_found', message: `Nothing at ${path.slice(0, 100)}. Try GET /, /api/explain?q=603 or /healthz.` });
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = method ? byMethod.get(method) : undefined;
    if (!route) {
      const allow = [...byMethod.keys()].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
      return sendJson(res, 405, { error: 'method_not_allowed', message: `${path} takes ${allow}.` }, { allow });
    }

    let body: Buffer = EMPTY;
    if (route.method === 'POST') {
      const own = route.bodyLimit?.(req);
      const limit = own?.bytes ?? maxBodyBytes;
      const read = await readBody(req, limit, budget, (n) => (held += n));
      if (read === ABORTED) {
        res.destroy();
        return;
      }
      if (read === NO_ROOM) {
        logger.warn({ path, buffered: budget.used, max: budget.max }, 'request body shed: MAX_BUFFERED_BYTES in use');
        return shed(res, `The server is holding as many request bodies as it may (MAX_BUFFERED_BYTES); try again in a moment.`);
      }
      if (read === TOO_LARGE) {
        logger.debug({ path, limit, declared: req.headers['content-length'] }, 'request body over the limit');
        // Close the connection rather than read (and throw away) the rest of a huge body.
        return sendJson(
          res,
          413,
          { error: 'too_large', message: `The request body is over the ${limit}-byte limit (${own?.setting ?? 'MAX_BODY_BYTES'}).` },
          { connection: 'close' },
        );
      }
      body = read;
    }
    await route.handle(req, res, body);
  }

  const server = createServer(
    { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        logger.error({ err, method: req.method, path: pathOf(req.url) }, 'request handler failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'Something went wrong on our side; the error is logged.' });
        else res.destroy();
      });
    },
  );
  // Node's default clientError handler answers 400/408/431 and closes the socket; a socket error
  // after that (a reset mid-write) must not become an uncaught exception.
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => {});
    sockets.set(socket, { busy: 0 });
    socket.once('close', () => sockets.delete(socket));
    // Over the cap, idle sockets (connected but not in a request: keep-alive or never spoke) go
    // first, oldest first, so idle connections cannot use up the process's file descriptors.
    if (sockets.size > maxConnections) {
      for (const [s, c] of sockets) {
        if (sockets.size <= maxConnections) break;
        if (s !== socket && c.busy === 0 && !s.destroyed) {
          sockets.delete(s);
          s.destroy();
        }
      }
    }
  });

  return {
    server,
    get closing() {
      return closing;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    get bufferedBytes() {
      return budget.used;
    },
    beginDrain() {
      if (closing) return;
      closing = true;
      // Still listening: a request that has arrived (or is on its way on a keep-alive socket) is
      // answered, and its response tells the client to close the connection after it.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    },
    async drain(deadlineMs) {
      this.beginDrain();
      if (server.listening) server.close();
      const start = Date.now();
      // Keep-alive sockets become idle as their last response ends: close them as they do.
      while (Date.now() - start < deadlineMs) {
        server.closeIdleConnections();
        const open = await new Promise<number>((r) => server.getConnections((_e, n) => r(n ?? 0)));
        if (open === 0 && inFlight.size === 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      logger.warn({ inFlight: inFlight.size }, 'closing connections still open at the shutdown deadline');
      server.closeAllConnections();
    },
  };
}
