// The one step every front end shares: a question from someone on some platform -> rate limits ->
// the core's answer and neutral Reply -> who may see it -> one log line of one shape. Platforms
// only render the Reply and send it. No platform SDK here.
import { answer, answerCapture, toReply, type Answer, type Reply } from '../../src/index.js';
import type { Logger } from '../../server/adapter.js';
import type { Limits } from '../../server/limits.js';

export type Platform = 'slack' | 'discord' | 'mattermost' | 'mcp' | 'http';

export interface Asker {
  /** Platform user id (or client address); rate-limited per user when set. */
  userId?: string;
  /** Where it was asked; rate-limited per channel when set. */
  channelId?: string;
}

/** What every front end needs to answer: the shared limits and a logger. */
export interface FrontDeps {
  limits: Limits;
  logger: Logger;
}

export interface Answered {
  platform: Platform;
  /** What was asked and how (command, mention, dm, tool...), for the log line. */
  kind: string;
  /** Absent when the question was rate-limited. */
  answer?: Answer;
  reply: Reply;
  limited: boolean;
  /** When limited: seconds until the asker may ask again (Retry-After). */
  retryAfterS?: number;
  /** The core answered with usage help. */
  help: boolean;
  /** "asker": a rate-limit notice or usage help, not worth a channel's attention; "channel": a real answer. */
  audience: 'asker' | 'channel';
  chars: number;
  coreMs: number;
  started: number;
}

export const APOLOGY = 'Sorry, something went wrong while answering that. It has been logged; please try again in a moment.';

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

/** "help" alone means the same as an empty question: the core's usage answer. */
const HELP_WORD = /^\s*help\s*$/i;

/**
 * The answer to `text`, or to `capture` (a pcap/pcapng a user uploaded: a Slack file, a Discord
 * attachment, a POSTed body) when one is given.
 */
export async function answerFor(deps: FrontDeps, platform: Platform, kind: string, asker: Asker, text: string, capture?: Uint8Array): Promise<Answered> {
  const started = performance.now();
  deps.logger.debug({ platform, kind, text: text.slice(0, 2000) }, `${platform} question`);
  const base = { platform, kind, chars: capture ? capture.length : text.length, started };
  const gate = await deps.limits.take({ platform, userId: asker.userId, channelId: asker.channelId });
  if (!gate.allowed) {
    const reply = limitedReply(gate.retryAfterS);
    return { ...base, reply, limited: true, retryAfterS: gate.retryAfterS, help: false, audience: 'asker', coreMs: performance.now() - started };
  }
  const t0 = performance.now();
  const a = capture ? answerCapture(capture) : answer(HELP_WORD.test(text) ? '' : text);
  const reply = toReply(a);
  const help = a.intent === 'help';
  return { ...base, answer: a, reply, limited: false, help, audience: help ? 'asker' : 'channel', coreMs: performance.now() - t0 };
}

/** limited, answered (at least one match), or no-match (usage help or nothing recognised). */
export function outcomeOf(a: Answered): 'limited' | 'answered' | 'no-match' {
  if (a.limited) return 'limited';
  return a.answer?.intent === 'none' || a.help || !a.answer?.matches.length ? 'no-match' : 'answered';
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** One info line per handled request, the same shape on every platform: ids and figures, never the text. */
export function logAnswer(deps: Pick<FrontDeps, 'logger'>, a: Answered, extra: Record<string, unknown> = {}, msg = `${a.platform} answer`): void {
  deps.logger.info(
    {
      platform: a.platform,
      kind: a.kind,
      intent: a.answer?.intent ?? 'none',
      outcome: outcomeOf(a),
      codes: a.answer?.matches.slice(0, 10).map((m) => m.code) ?? [],
      chars: a.chars,
      coreMs: round(a.coreMs),
      ms: round(performance.now() - a.started),
      ...extra,
    },
    msg,
  );
}

/** The catch-all's log line: what failed, where; never the text above debug. Returns the apology to send. */
export function logFailure(deps: Pick<FrontDeps, 'logger'>, platform: Platform, kind: string, err: unknown, extra: object = {}): string {
  const e = err instanceof Error ? err : new Error(String(err));
  deps.logger.error({ platform, kind, err: { name: e.name, message: e.message, stack: e.stack }, ...extra }, `${platform} handler failed`);
  return APOLOGY;
}
