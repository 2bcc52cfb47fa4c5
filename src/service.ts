// What every adapter calls: rate limiting, the core answer and its reply, timed, in one step, so
// Slack, Discord and the HTTP API behave the same. Platform-neutral: no SDKs, no adapters, no env.
import { answer } from './engine/answer.js';
import { answerCapture } from './capture/answer.js';
import { toReply } from './reply/build.js';
import type { Answer } from './engine/types.js';
import type { Reply } from './reply/types.js';

export type Platform = 'slack' | 'discord' | 'http' | 'cli';

export interface Question {
  text: string;
  platform: Platform;
  /** Who asked (platform user id); rate-limited per user when set. */
  userId?: string;
  /** Where it was asked (channel/guild channel id); rate-limited per channel when set. */
  channelId?: string;
  /** A pcap/pcapng file (an upload or a POST body): explained instead of `text` when set. */
  capture?: Uint8Array;
}

export interface Outcome {
  /** Absent when the question was rate-limited. */
  answer?: Answer;
  reply: Reply;
  limited: boolean;
  /** When limited: seconds until the asker's window ends (for Retry-After). */
  retryAfterS?: number;
  /** Core time in milliseconds. */
  ms: number;
}

/** The subset of a pino logger the adapters use; pass pino itself, or a silent one in tests. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: object): Logger;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface RateLimit {
  /** Answers allowed per user per window. */
  perUser: number;
  /** Answers allowed per channel per window. */
  perChannel: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perUser: 20, perChannel: 60, windowMs: 60_000 };

/** Fixed-window counters per key, swept as windows end so memory stays bounded by active keys. */
export class WindowCounter {
  private counts = new Map<string, number>();
  private windowStart: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  /** Counts one hit for `key`; true while the key is within `limit` for the current window. */
  hit(key: string, limit: number): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.counts.clear();
      this.windowStart = t;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= limit;
  }

  secondsLeft(): number {
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - this.now()) / 1000));
  }
}

export function limitedReply(seconds: number): Reply {
  const lead = `Too many questions in a short time: try again in ${seconds} s.`;
  return {
    title: 'Slow down a little',
    lead,
    tone: 'warning',
    blocks: [{ type: 'context', text: 'sipbot limits answers per person and per channel so a busy incident channel stays readable.' }],
    actions: [],
    text: `Slow down a little: ${lead}`,
  };
}

export interface Responder {
  respond(q: Question): Outcome;
}

export function createResponder(opts: { rateLimit?: RateLimit | false; now?: () => number } = {}): Responder {
  const limit = opts.rateLimit === false ? undefined : (opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const counter = limit ? new WindowCounter(limit.windowMs, opts.now) : undefined;
  return {
    respond(q) {
      const start = performance.now();
      if (limit && counter) {
        const userOk = q.userId === undefined || counter.hit(`u:${q.platform}:${q.userId}`, limit.perUser);
        const channelOk = q.channelId === undefined || counter.hit(`c:${q.platform}:${q.channelId}`, limit.perChannel);
        if (!userOk || !channelOk) {
          const seconds = counter.secondsLeft();
          return { reply: limitedReply(seconds), limited: true, retryAfterS: seconds, ms: performance.now() - start };
        }
      }
      const a = q.capture ? answerCapture(q.capture) : answer(q.text);
      const reply = toReply(a);
      return { answer: a, reply, limited: false, ms: performance.now() - start };
    },
  };
}
