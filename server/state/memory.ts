// The single-instance store: everything in this process's memory, bounded by TTLs. The default
// without REDIS_URL, and the fallback a Redis store fails open to. No I/O.
import { randomUUID } from 'node:crypto';
import { TTLCache } from '@isaacs/ttlcache';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Deduper, Limiter, LimitResult, Parking, SharedState } from './types.js';

/** Upper bound on keys per memory, so a flood of distinct ids cannot grow the heap without end. */
const MAX_KEYS = 200_000;

export function memoryDeduper(ttlMs: number): Deduper {
  const seen = new TTLCache<string, true>({ ttl: ttlMs, max: MAX_KEYS });
  return {
    async firstTime(...keys) {
      const present = keys.filter((k): k is string => !!k);
      const repeat = present.some((k) => seen.has(k));
      for (const k of present) seen.set(k, true);
      return !repeat;
    },
  };
}

export function memoryLimiter(points: number, windowMs: number): Limiter {
  const limiter = new RateLimiterMemory({ points, duration: windowMs / 1000 });
  return { consume: (key) => consumeWith(limiter, key) };
}

/** rate-limiter-flexible rejects with a RateLimiterRes when the key is over its points. */
export async function consumeWith(limiter: { consume(key: string): Promise<RateLimiterRes> }, key: string): Promise<LimitResult> {
  try {
    await limiter.consume(key);
    return { allowed: true, retryAfterS: 0 };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { allowed: false, retryAfterS: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    throw e;
  }
}

export function memoryParking(ttlMs: number): Parking {
  const items = new TTLCache<string, string>({ ttl: ttlMs, max: 10_000 });
  return {
    async put(value) {
      const id = randomUUID();
      items.set(id, value);
      return id;
    },
    async get(id) {
      return items.get(id);
    },
  };
}

export function memoryState(): SharedState {
  return {
    deduper: (_name, ttlMs) => memoryDeduper(ttlMs),
    limiter: (_name, points, windowMs) => memoryLimiter(points, windowMs),
    parking: (_name, ttlMs) => memoryParking(ttlMs),
    state: () => 'disabled',
    async close() {},
  };
}
