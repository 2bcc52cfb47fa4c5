// The step every Discord entry point shares: the shared answerFor (limits, core, who sees it, one
// log line) and the Discord rendering. Never the text above debug.
import type { Logger } from '../../server/adapter.js';
import type { Limits } from '../../server/limits.js';
import type { Deduper } from '../../server/state/types.js';
import type { Reply } from '../../src/index.js';
import { answerFor, logAnswer, logFailure, type Asker } from '../shared/answer.js';
import { toDiscordMessage, toTextMessage, type DiscordMessage, type RenderOptions } from './render.js';

export { APOLOGY } from '../shared/answer.js';
export type { Asker } from '../shared/answer.js';

export type Via = 'gateway' | 'http';
export type Kind = 'mention' | 'dm' | 'command' | 'context-menu' | 'button' | 'autocomplete' | 'ping';

export interface AskContext {
  limits: Limits;
  logger: Logger;
  via: Via;
  /** Interaction ids already answered: one interaction delivered twice is answered once. */
  seen?: Deduper;
}

/** Discord remembers an interaction for 15 minutes (its token's life); keep its id longer. */
export const INTERACTION_DEDUPE_MS = 30 * 60_000;

export async function ask(text: string, who: Asker, ctx: AskContext, kind: Kind, opts: RenderOptions = {}): Promise<DiscordMessage> {
  return (await askWithReply(text, who, ctx, kind, opts)).msg;
}

/** ask(), also returning the neutral Reply (for a plain-text fallback when embeds cannot be sent). */
export async function askWithReply(text: string, who: Asker, ctx: AskContext, kind: Kind, opts: RenderOptions = {}): Promise<{ msg: DiscordMessage; reply: Reply }> {
  const a = await answerFor(ctx, 'discord', kind, who, text);
  // A rate-limit notice is for the asker only wherever Discord allows it (interactions).
  const msg = toDiscordMessage(a.reply, { ...opts, ephemeral: opts.ephemeral || a.limited });
  logAnswer(ctx, a, { via: ctx.via, channelId: who.channelId });
  return { msg, reply: a.reply };
}

/** The catch-all: log with context (never the token, the text only at debug) and build the apology. */
export function failure(ctx: Pick<AskContext, 'logger' | 'via'>, kind: Kind, err: unknown, extra: object = {}): DiscordMessage {
  return toTextMessage(logFailure(ctx, 'discord', kind, err, { via: ctx.via, ...extra }), { ephemeral: true });
}
