// A real redis-server for the Redis tests: one per test file, on a free 127.0.0.1 port, no persistence.
// Without /usr/bin/redis-server (or one on PATH) the tests skip with one loud line; with REQUIRE_REDIS=1
// (CI) a missing redis-server is a failure. Test code only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';

function findRedisServer(): string | undefined {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'redis-server' : undefined;
}

export const REDIS_SERVER = findRedisServer();
export const REQUIRE_REDIS = process.env.REQUIRE_REDIS === '1';

/** True when the Redis tests can run; prints the one loud skip line, or throws when CI requires Redis. */
export function redisAvailable(file: string): boolean {
  if (REDIS_SERVER) return true;
  if (REQUIRE_REDIS) throw new Error(`REQUIRE_REDIS=1 but redis-server is not installed: apt-get install redis-server (${file})`);
  // One line for all the Redis test files a worker runs (vitest.config.ts: isolate false, shared globals).
  const g = globalThis as { sipbotRedisSkipSaid?: boolean };
  if (!g.sipbotRedisSkipSaid) {
    g.sipbotRedisSkipSaid = true;
    console.warn('\n*** SKIPPING the Redis tests (test/server/redis-*.test.ts): redis-server is not installed (apt-get install redis-server; CI sets REQUIRE_REDIS=1) ***\n');
  }
  return false;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Resolves once something answers PING with PONG on the port (redis-server is ready), or throws. */
async function waitForPong(port: number, ms: number, password?: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: '127.0.0.1', port });
      let got = '';
      sock.setTimeout(500, () => sock.destroy());
      sock.on('connect', () => sock.write(password ? `AUTH ${password}\r\nPING\r\n` : 'PING\r\n'));
      sock.on('data', (d) => {
        got += d.toString();
        if (got.includes('+PONG')) {
          sock.destroy();
          resolve(true);
        }
      });
      sock.on('error', () => resolve(false));
      sock.on('close', () => resolve(got.includes('+PONG')));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within ${ms} ms`);
}

export class TestRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  /** Starts redis-server on a free port (or `port`) and waits until it answers. */
  static async start(opts: { port?: number; args?: string[] } = {}): Promise<TestRedis> {
    const r = new TestRedis(opts.port ?? (await freePort()), opts.args ?? []);
    await r.restart();
    return r;
  }

  /** A free port with nothing on it yet: for "Redis down at start-up", started later with `start({ port })`. */
  static async reservePort(): Promise<number> {
    return freePort();
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it again on the same port (empty: nothing is saved). */
  async restart(): Promise<void> {
    if (this.running) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...this.extraArgs];
    const child = spawn(REDIS_SERVER ?? 'redis-server', args, { stdio: 'ignore', cwd: '/tmp' });
    this.child = child;
    const passIndex = this.extraArgs.indexOf('--requirepass');
    await waitForPong(this.port, 10_000, passIndex >= 0 ? this.extraArgs[passIndex + 1] : undefined);
  }

  /** SIGKILL, as a crash or an OOM kill would: no goodbye to clients. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || !this.running) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the connection stays open but nothing answers (a stalled or swapping Redis). */
  pause(): void {
    if (this.running) this.child!.kill('SIGSTOP');
  }

  resume(): void {
    if (this.running) this.child!.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    await this.kill();
    this.child = undefined;
  }
}

/** Polls `check` until it is true or `ms` passes; returns the last value. For reconnects, never a fixed sleep. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}
