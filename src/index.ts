// The core's public surface: what adapters, the server and the CLI import. Platform-neutral.
export { answer } from './engine/answer.js';
export { answerCapture, isCapture, captureFormat } from './capture/answer.js';
export { toReply } from './reply/build.js';
export { renderText } from './reply/text.js';
export { createResponder, silentLogger, DEFAULT_RATE_LIMIT, limitedReply } from './service.js';
export type { Question, Outcome, Logger, Responder, RateLimit, Platform } from './service.js';
export type { Answer, Match, Intent, ClassInfo, CaptureInfo, IdentityFinding } from './engine/types.js';
export type { Reply, Block, Action, Tone, Field, Link } from './reply/types.js';
export type { Adapter, AdapterState, Route } from './adapter.js';
export { getCode, allCodes } from './registry/index.js';
