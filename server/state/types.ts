// The state that must hold across instances when sipbot is scaled out: delivery dedupe, rate-limit
// counters and parked questions. Memory by default (one instance); Redis when REDIS_URL is set.
// Every method resolves; none rejects: a failing store falls back to the instance's memory (fail open).

/** Remembers keys for a fixed time: Slack event/retry dedupe, slash-command trigger_id, Discord interaction id. */
export interface Deduper {
  /** True the first time any of `keys` is offered within the TTL; every key offered is then remembered. */
  firstTime(...keys: (string | undefined)[]): Promise<boolean>;
}

export interface LimitResult {
  allowed: boolean;
  /** When not allowed: whole seconds until the window ends (>= 1), for Retry-After. */
  retryAfterS: number;
}

/** Fixed-window counter: `points` hits per key per `windowMs`. */
export interface Limiter {
  consume(key: string): Promise<LimitResult>;
}

/** Values kept for a while behind an id: long questions behind a Share button. */
export interface Parking {
  put(value: string): Promise<string>;
  get(id: string): Promise<string | undefined>;
}

export type StoreState = 'disabled' | 'connected' | 'failing';

export interface SharedState {
  /** `name` namespaces the keys (e.g. "slack-events"); the Redis store adds SIPBOT_REDIS_PREFIX before it. */
  deduper(name: string, ttlMs: number): Deduper;
  limiter(name: string, points: number, windowMs: number): Limiter;
  parking(name: string, ttlMs: number): Parking;
  /** 'disabled' for the memory store; for Redis, whether it answers now. */
  state(): StoreState;
  close(): Promise<void>;
}
