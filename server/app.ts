// startSipbot: one process, one HTTP server. Builds the adapters whose settings are present, mounts
// their routes beside /healthz, /api/explain and the try-it page, starts everything and stops it in order.
// An adapter that fails to start is reported by /healthz; the process keeps serving the others.
import { silentLogger, type Adapter, type Logger, type Route } from './adapter.js';
import { describePlatforms, type Config } from './config.js';
import { buildAdapters, type AdapterContext } from './adapters.js';
import { createExplainRoutes } from './api.js';
import { AdapterWatch, createHealthRoute } from './health.js';
import { createHost } from './http-host.js';
import { createLimits } from './limits.js';
import { createMcpRoutes } from './mcp.js';
import { createPageRoutes } from './page.js';
import { createState, describeStore, type SharedState } from './state/index.js';

export type { AdapterContext } from './adapters.js';

export interface StartOptions {
  /** A pino instance (or anything with the Logger methods); silent when absent. */
  logger?: Logger;
  /** Builds the adapters; by default from the config. Tests pass in-test adapters here. */
  adapters?: (ctx: AdapterContext) => Adapter[] | Promise<Adapter[]>;
  /** How long an adapter may stay "starting" before /healthz answers 503 (default 30 s). */
  healthGraceMs?: number;
  /** How long startSipbot waits for adapters to connect before it returns anyway (default 15 s). */
  startWaitMs?: number;
  /** How long stop() lets answers in flight finish before it cuts connections (default 8 s). */
  shutdownMs?: number;
  /** Shared state (dedupe, limits, parked questions); by default from REDIS_URL, else memory. */
  state?: SharedState;
}

export interface Sipbot {
  port: number;
  /** A URL this machine can open, e.g. http://127.0.0.1:3000 (also when listening on 0.0.0.0). */
  url: string;
  adapters: Adapter[];
  stop(): Promise<void>;
}

/** Failures to start the process itself (the port is taken), with the fix in the message. */
export class StartError extends Error {
  override name = 'StartError';
}

export function localUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300);

export async function startSipbot(config: Config, opts: StartOptions = {}): Promise<Sipbot> {
  const logger = opts.logger ?? silentLogger;
  const startedAt = Date.now();
  const stateSettings = { redisUrl: config.redis?.url, prefix: config.redis?.prefix };
  const state = opts.state ?? createState(stateSettings, logger);
  const limits = createLimits(state, config.rateLimit);
  let adapters: Adapter[];
  try {
    adapters = await (opts.adapters ?? buildAdapters)({ config, limits, state, logger });
  } catch (e) {
    await state.close();
    throw new StartError(`Could not set up the platforms: ${errorText(e)}`);
  }
  const watch = new AdapterWatch(adapters, opts.healthGraceMs ?? 30_000);

  // Platforms that are off still show in /healthz, with the variables that turn them on.
  const disabled = describePlatforms(config)
    .filter((p) => !p.on)
    .map((p) => ({ name: p.name, state: 'disabled' as const, detail: p.detail }));

  let stopping: Promise<void> | undefined;
  const routes: Route[] = [
    createHealthRoute({ watch, disabled, isStopping: () => stopping !== undefined, startedAt, store: () => describeStore(state, stateSettings) }),
    ...createExplainRoutes({ limits, logger, trustProxy: config.trustProxy, maxCaptureBytes: config.maxCaptureBytes }),
    ...createMcpRoutes({ limits, logger, trustProxy: config.trustProxy }),
    ...createPageRoutes(),
    ...adapters.flatMap((a) => a.routes),
  ];
  const host = createHost({ routes, maxBodyBytes: config.maxBodyBytes, logger });

  let port: number;
  try {
    port = await host.listen(config.port, config.host);
  } catch (e) {
    await state.close();
    const code = (e as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') throw new StartError(`PORT ${config.port} is already in use on ${config.host}: stop the other process or set PORT to a free port.`);
    if (code === 'EACCES') throw new StartError(`Not allowed to listen on ${where}: use a PORT above 1023 or run with the needed privilege.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartError(`HOST ${config.host} is not an address of this machine: use 0.0.0.0 (all interfaces) or 127.0.0.1.`);
    throw new StartError(`Could not listen on ${where}: ${errorText(e)}`);
  }

  const starts = adapters.map((a) => {
    watch.starting(a);
    return Promise.resolve()
      .then(() => a.start())
      .then(
        () => logger.info({ adapter: a.name, state: watch.stateOf(a), detail: watch.detailOf(a) }, 'adapter started'),
        (e: unknown) => {
          watch.markFailed(a, `start failed: ${errorText(e)}`);
          logger.error({ adapter: a.name, err: errorText(e) }, 'adapter failed to start; the other platforms keep running');
        },
      );
  });
  await withTimeout(Promise.all(starts), opts.startWaitMs ?? 15_000);

  const shutdownMs = opts.shutdownMs ?? 8_000;
  async function stop(): Promise<void> {
    host.stopAccepting();
    // Adapters finish their answers in flight and close their sockets while the host drains its
    // requests; both share one deadline so the whole stop stays within shutdownMs.
    await Promise.all([
      ...adapters.map((a) =>
        withTimeout(
          Promise.resolve().then(() => a.stop()),
          shutdownMs,
        ).then(
          (r) => {
            if (r === 'timeout') logger.warn({ adapter: a.name }, 'adapter did not stop in time');
          },
          (e: unknown) => logger.warn({ adapter: a.name, err: errorText(e) }, 'adapter stop threw'),
        ),
      ),
      host.drain(shutdownMs),
    ]);
    await state.close();
  }

  return {
    port,
    url: localUrl(config.host, port),
    adapters,
    stop: () => (stopping ??= stop()),
  };
}
