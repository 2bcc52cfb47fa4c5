// What a front end is handed by the server, for tests: a fresh memory store and limits counted in it.
import { createLimits, type RateLimit } from '../../server/limits.js';
import { memoryState } from '../../server/state/memory.js';

export function frontDeps(rateLimit: RateLimit | false = false) {
  const state = memoryState();
  return { state, limits: createLimits(state, rateLimit) };
}
