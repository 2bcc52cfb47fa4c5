// Shared by the server tests: a loopback config, and small real Adapter objects (not mocks) whose
// start, stop and routes each test controls.
import { request } from 'node:http';
import { loadConfig, type Config, type Env } from '../../server/config.js';
import type { Adapter, AdapterState, Route } from '../../server/adapter.js';

export function testConfig(env: Env = {}): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
}

export class TestAdapter implements Adapter {
  private current: AdapterState = 'disabled';
  stopped = 0;

  constructor(
    readonly name: string,
    readonly routes: readonly Route[] = [],
    private readonly startWith: () => Promise<void> = async () => {},
  ) {}

  async start(): Promise<void> {
    this.current = 'starting';
    await this.startWith();
    this.current = 'connected';
  }

  async stop(): Promise<void> {
    this.stopped++;
    this.current = 'disabled';
  }

  state(): AdapterState {
    return this.current;
  }

  detail(): string {
    return `test adapter, ${this.current}`;
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with full control of headers and body (fetch adds its own). */
export function rawRequest(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer },
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
