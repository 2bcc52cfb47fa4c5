// The shared store for scaled-out instances: dedupe keys, rate-limit counters and parked questions in
// one Redis (REDIS_URL), every key under SIPBOT_REDIS_PREFIX and with a TTL. Fails open: while Redis
// does not answer, every call goes at once to this instance's memory store (one warning per outage).
// Depends on ioredis and rate-limiter-flexible only; never logs the URL's credentials.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../adapter.js';
import { consumeWith, memoryDeduper, memoryLimiter, memoryParking } from './memory.js';
import type { Deduper, Limiter, Parking, SharedState, StoreState } from './types.js';

export const DEFAULT_PREFIX = 'sipbot:';

export interface RedisStateOptions {
  /** redis://[user:password@]host:port/db, or rediss:// for TLS. */
  url: string;
  /** Put before every key; default `sipbot:`. */
  prefix?: string;
  logger: Logger;
  /** Longest wait for one command before the call falls back to memory (default 500 ms). */
  commandTimeoutMs?: number;
  /** Longest wait for a TCP (and TLS) connection (default 2 s). */
  connectTimeoutMs?: number;
}

/** After a command failed on a connection that still looks up (a stalled Redis), calls skip Redis this long. */
const COOL_OFF_MS = 1000;
/** Reconnect backoff: 100 ms more per attempt, capped; ioredis retries for as long as the process runs. */
const MAX_BACKOFF_MS = 2000;

/** host:port/db of a Redis URL, without user or password: what logs and /healthz may show. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, '') || '0';
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}/${db}`;
  } catch {
    return 'an unparsable REDIS_URL';
  }
}

/** An error's message for a log line, with anything that looks like a URL's credentials cut out. */
function safeMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\/\/[^/@\s]*@/g, '//').slice(0, 200);
}

export interface RedisState extends SharedState {
  /** Resolves once the first connection is ready, or after `ms` whatever happened (for start-up and tests). */
  whenReady(ms: number): Promise<boolean>;
}

export function redisState(opts: RedisStateOptions): RedisState {
  const { logger } = opts;
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const where = describeRedisUrl(opts.url);
  const client = new Redis(opts.url, {
    // No queueing while disconnected: a call fails at once and goes to memory instead of waiting.
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail at the first reconnect attempt, not later.
    maxRetriesPerRequest: 0,
    commandTimeout: opts.commandTimeoutMs ?? 500,
    connectTimeout: opts.connectTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(times * 100, MAX_BACKOFF_MS),
    // Redis also says LOADING while it reads a dump after a restart; answer from memory meanwhile.
    enableReadyCheck: true,
  });

  let outage = false;
  let coolOffUntil = 0;
  let closed = false;

  function noteOutage(reason: unknown): void {
    if (outage || closed) return;
    outage = true;
    logger.warn(
      { store: 'redis', redis: where, err: safeMessage(reason) },
      "Redis is unreachable: dedupe, rate limits and parked questions use this instance's memory until it is back (reconnecting on its own)",
    );
  }

  function noteBack(): void {
    coolOffUntil = 0;
    if (!outage) return;
    outage = false;
    logger.info({ store: 'redis', redis: where }, 'Redis is reachable again: state is shared across instances again');
  }

  // ioredis emits 'error' on every failed reconnect attempt; the outage is logged once, the rest at debug.
  client.on('error', (err: unknown) => {
    if (client.status !== 'ready') noteOutage(err);
    logger.debug({ store: 'redis', err: safeMessage(err) }, 'Redis connection error');
  });
  client.on('close', () => {
    if (!closed) noteOutage(new Error('connection closed'));
  });
  client.on('ready', () => {
    logger.info({ store: 'redis', redis: where }, 'Redis connected');
    noteBack();
  });

  /** Whether a call should try Redis now; false sends it to memory without any wait. */
  const usable = () => client.status === 'ready' && Date.now() >= coolOffUntil;

  function failed(err: unknown): void {
    coolOffUntil = Date.now() + COOL_OFF_MS;
    noteOutage(err);
  }

  const key = (name: string, k: string) => `${prefix}${name}:${k}`;

  function deduper(name: string, ttlMs: number): Deduper {
    const memory = memoryDeduper(ttlMs);
    return {
      async firstTime(...keys) {
        const present = keys.filter((k): k is string => !!k);
        if (!present.length) return true;
        if (usable()) {
          try {
            // One round trip, atomic: a delivery is new only if none of its keys was set before.
            const multi = client.multi();
            for (const k of present) multi.set(key(name, k), '1', 'PX', ttlMs, 'NX');
            const results = await multi.exec();
            if (!results) throw new Error('transaction aborted');
            for (const [err] of results) if (err) throw err;
            noteBack();
            return results.every(([, r]) => r === 'OK');
          } catch (err) {
            failed(err);
          }
        }
        return memory.firstTime(...present);
      },
    };
  }

  function limiter(name: string, points: number, windowMs: number): Limiter {
    const memory = memoryLimiter(points, windowMs);
    if (!Number.isFinite(points)) return memory;
    // A fixed window like the memory store: the first hit sets the counter and its expiry.
    const shared = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${prefix}${name}`,
      points,
      duration: windowMs / 1000,
      rejectIfRedisNotReady: true,
    });
    return {
      async consume(k) {
        if (usable()) {
          try {
            const r = await consumeWith(shared, k);
            noteBack();
            return r;
          } catch (err) {
            failed(err);
          }
        }
        return memory.consume(k);
      },
    };
  }

  function parking(name: string, ttlMs: number): Parking {
    const memory = memoryParking(ttlMs);
    return {
      async put(value) {
        if (usable()) {
          try {
            const id = randomUUID();
            await client.set(key(name, id), value, 'PX', ttlMs);
            noteBack();
            return id;
          } catch (err) {
            failed(err);
          }
        }
        return memory.put(value);
      },
      async get(id) {
        if (usable()) {
          try {
            const v = await client.get(key(name, id));
            noteBack();
            if (v !== null) return v;
          } catch (err) {
            failed(err);
          }
        }
        // Parked here during an outage (or never parked at all).
        return memory.get(id);
      },
    };
  }

  // One instance per name and settings: the memory fallback keeps its counters however often it is asked for.
  const made = new Map<string, Deduper | Limiter | Parking>();
  function once<T extends Deduper | Limiter | Parking>(id: string, make: () => T): T {
    let v = made.get(id) as T | undefined;
    if (!v) made.set(id, (v = make()));
    return v;
  }

  function state(): StoreState {
    // A closed store answers nothing from Redis any more, whatever the socket's last status was.
    return !closed && usable() ? 'connected' : 'failing';
  }

  async function whenReady(ms: number): Promise<boolean> {
    if (client.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      client.once('ready', onReady);
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (client.status === 'ready') {
      const quit = client.quit().then(
        () => true,
        () => false,
      );
      const timeout = new Promise<false>((r) => setTimeout(() => r(false), 1000).unref());
      if (await Promise.race([quit, timeout])) return;
    }
    client.disconnect();
  }

  return {
    deduper: (name, ttlMs) => once(`d:${name}:${ttlMs}`, () => deduper(name, ttlMs)),
    limiter: (name, points, windowMs) => once(`l:${name}:${points}:${windowMs}`, () => limiter(name, points, windowMs)),
    parking: (name, ttlMs) => once(`p:${name}:${ttlMs}`, () => parking(name, ttlMs)),
    state,
    whenReady,
    close,
  };
}
