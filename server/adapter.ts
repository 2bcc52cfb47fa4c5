// The contract between the HTTP/process host (server/) and the platform adapters (adapters/):
// each adapter exposes its HTTP routes and a lifecycle, and logs through Logger. Node types only; no platform SDKs.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type AdapterState = 'disabled' | 'starting' | 'connected' | 'failing';

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, e.g. "/slack/events". */
  path: string;
  /**
   * Called by the host after it has read the whole body (already capped by the host's body limit,
   * which answers 413 itself). The handler owns the response from here on.
   */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void | Promise<void>;
  /** A body cap of its own for some requests (a capture POSTed to /api/explain), and the setting that sets it. */
  bodyLimit?(req: IncomingMessage): { bytes: number; setting: string } | undefined;
}

export interface Adapter {
  /** e.g. "slack-http", "slack-socket", "discord-gateway", "discord-interactions" */
  readonly name: string;
  readonly routes: readonly Route[];
  start(): Promise<void>;
  /** Stop taking new work, finish answers in flight, close sockets. Must not throw. */
  stop(): Promise<void>;
  state(): AdapterState;
  /** One line for /healthz and the start-up log, e.g. "Socket Mode, connected". Never a secret. */
  detail?(): string;
}

/** The subset of a pino logger the adapters use; pass pino itself, or a silent one in tests. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: object): Logger;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * An adapter that is only HTTP routes (a slash-command or interactions endpoint): nothing to
 * connect, so it is connected from start() until stop().
 */
export function routesAdapter(name: string, routes: readonly Route[], detail: string): Adapter {
  let state: AdapterState = 'disabled';
  return {
    name,
    routes,
    async start() {
      state = 'connected';
    },
    async stop() {
      state = 'disabled';
    },
    state: () => state,
    detail: () => detail,
  };
}
