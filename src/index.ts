// The core's public surface: what adapters, the server and the CLI import. Platform-neutral, no I/O.
export { answer } from './engine/answer.js';
export { answerCapture, isCapture, captureFormat } from './capture/answer.js';
export { toReply } from './reply/build.js';
export { renderText } from './reply/text.js';
export type { Answer, Match, Intent, ClassInfo, CaptureInfo, IdentityFinding } from './engine/types.js';
export type { Reply, Block, Action, Tone, Field, Link } from './reply/types.js';
export { getCode, allCodes } from './registry/index.js';
