// Chooses the shared-state store: this process's memory without REDIS_URL (one instance, the default),
// Redis with it (several instances behind a balancer). The only module that decides between them.
import type { Logger } from '../adapter.js';
import { memoryState } from './memory.js';
import { DEFAULT_PREFIX, describeRedisUrl, redisState } from './redis.js';
import type { SharedState, StoreState } from './types.js';

export type { Deduper, Limiter, LimitResult, Parking, SharedState, StoreState } from './types.js';
export { memoryState } from './memory.js';

export interface StateSettings {
  /** REDIS_URL; memory when absent. */
  redisUrl?: string;
  /** SIPBOT_REDIS_PREFIX; `sipbot:` when absent. */
  prefix?: string;
}

export function createState(settings: StateSettings, logger: Logger): SharedState {
  if (!settings.redisUrl) return memoryState();
  logger.info({ store: 'redis', redis: describeRedisUrl(settings.redisUrl), prefix: settings.prefix ?? DEFAULT_PREFIX }, 'shared state in Redis');
  return redisState({ url: settings.redisUrl, prefix: settings.prefix, logger });
}

/** The store's line in /healthz, named `redis`; none without REDIS_URL (nothing changes). Never the URL's credentials. */
export function describeStore(state: SharedState, settings: StateSettings): { name: 'redis'; state: StoreState; detail: string } | undefined {
  const s = state.state();
  if (s === 'disabled' || !settings.redisUrl) return undefined;
  const where = describeRedisUrl(settings.redisUrl);
  return s === 'connected'
    ? { name: 'redis', state: s, detail: `shared state at ${where}` }
    : { name: 'redis', state: s, detail: `${where} unreachable: answering from this instance's memory, reconnecting` };
}
