// Answers allowed per person and per channel per window, counted in the SharedState so every
// instance behind a load balancer shares them (Redis) or this one process does (memory).
import type { LimitResult, SharedState } from './state/types.js';

export interface RateLimit {
  /** Answers allowed per user per window; Infinity turns the limit off. */
  perUser: number;
  /** Answers allowed per channel per window; Infinity turns the limit off. */
  perChannel: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = Object.freeze({ perUser: 20, perChannel: 60, windowMs: 60_000 });

/** Who is counted: a platform and, when known, the asker and the place they asked in. */
export interface Counted {
  platform: string;
  userId?: string;
  channelId?: string;
}

export interface Limits {
  /** Counts one answer for the asker and the channel; not allowed when either is over its limit. */
  take(who: Counted): Promise<LimitResult>;
}

export const NO_LIMITS: Limits = { take: async () => ({ allowed: true, retryAfterS: 0 }) };

export function createLimits(state: SharedState, rate: RateLimit | false = DEFAULT_RATE_LIMIT): Limits {
  if (!rate) return NO_LIMITS;
  const on = (n: number) => Number.isFinite(n) && n > 0;
  const users = on(rate.perUser) ? state.limiter('answers-user', rate.perUser, rate.windowMs) : undefined;
  const channels = on(rate.perChannel) ? state.limiter('answers-channel', rate.perChannel, rate.windowMs) : undefined;
  return {
    async take(who) {
      // Both are counted whatever the other says, as the fixed windows always did.
      const [u, c] = await Promise.all([
        users && who.userId !== undefined ? users.consume(`${who.platform}:${who.userId}`) : undefined,
        channels && who.channelId !== undefined ? channels.consume(`${who.platform}:${who.channelId}`) : undefined,
      ]);
      const refused = [u, c].filter((r): r is LimitResult => !!r && !r.allowed);
      if (!refused.length) return { allowed: true, retryAfterS: 0 };
      return { allowed: false, retryAfterS: Math.max(...refused.map((r) => r.retryAfterS)) };
    },
  };
}
