// The one HTTP server: exact-path routing for the adapters' routes and our own, whole-body reading
// under a byte cap (413 before handing anything on), one catch-all per request, and a graceful close.
// node:http only; knows nothing about Slack, Discord or the core.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, Route } from './adapter.js';

export interface HostOptions {
  routes: readonly Route[];
  maxBodyBytes: number;
  logger: Logger;
}

export interface Host {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stop accepting connections; requests in flight go on. */
  stopAccepting(): void;
  /** Resolves once every connection is closed; after `deadlineMs` the rest are cut. */
  drain(deadlineMs: number): Promise<void>;
  readonly closing: boolean;
}

const EMPTY = Buffer.alloc(0);
const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

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

/** Reads the whole body, or stops at the first byte over `max` (or at once when Content-Length says so). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | typeof TOO_LARGE | typeof ABORTED> {
  const declared = Number(req.headers['content-length']);
  if (declared > max) return Promise.resolve(TOO_LARGE);
  if (req.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | typeof TOO_LARGE | typeof ABORTED) => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      if (v === TOO_LARGE) req.pause();
      resolve(v);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) finish(TOO_LARGE);
      else chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onAbort = () => finish(ABORTED);
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

export function createHost(opts: HostOptions): Host {
  const { logger, maxBodyBytes } = opts;
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (closing) res.setHeader('connection', 'close');

    const path = pathOf(req.url);
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
      const read = await readBody(req, limit);
      if (read === ABORTED) {
        res.destroy();
        return;
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
  server.on('connection', (socket) => socket.on('error', () => {}));

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
    stopAccepting() {
      if (closing) return;
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      if (server.listening) server.close();
      server.closeIdleConnections();
    },
    async drain(deadlineMs) {
      this.stopAccepting();
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
