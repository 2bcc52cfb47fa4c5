// Chooses the shared-state store: this process's memory without REDIS_URL (one instance, the default),
// Redis with it (several instances behind a balancer). The only module that decides between them.
import type { Logger } from '../../src/index.js';
import { memoryState } from './memory.js';
import { DEFAULT_PREFIX, describeRedisUrl, redisState } from './redis.js';
import type { SharedState } from './types.js';

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
