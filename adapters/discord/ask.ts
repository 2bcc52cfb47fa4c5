// The one step every Discord entry point shares: text plus who asked → the core → a rendered
// message, plus the one structured log line per handled request (never the text above debug).
import type { Logger, Outcome, Reply, Responder } from '../../src/index.js';
import { toDiscordMessage, toTextMessage, type DiscordMessage, type RenderOptions } from './render.js';

export type Via = 'gateway' | 'http';
export type Kind = 'mention' | 'dm' | 'command' | 'context-menu' | 'button' | 'autocomplete' | 'ping';

export interface AskContext {
  responder: Responder;
  logger: Logger;
  via: Via;
}

export interface Asker {
  userId?: string;
  channelId?: string;
}

export const APOLOGY = 'Sorry, something went wrong while answering that. It has been logged; please try again in a moment.';

export function ask(text: string, who: Asker, ctx: AskContext, kind: Kind, opts: RenderOptions = {}): DiscordMessage {
  return askWithReply(text, who, ctx, kind, opts).msg;
}

/** ask(), also returning the neutral Reply (for a plain-text fallback when embeds cannot be sent). */
export function askWithReply(text: string, who: Asker, ctx: AskContext, kind: Kind, opts: RenderOptions = {}): { msg: DiscordMessage; reply: Reply } {
  const outcome = ctx.responder.respond({ text, platform: 'discord', userId: who.userId, channelId: who.channelId });
  // A rate-limit notice is for the asker only wherever Discord allows it (interactions).
  const msg = toDiscordMessage(outcome.reply, { ...opts, ephemeral: opts.ephemeral || outcome.limited });
  logAnswer(ctx, kind, outcome, text, who);
  return { msg, reply: outcome.reply };
}

function logAnswer(ctx: AskContext, kind: Kind, o: Outcome, text: string, who: Asker): void {
  const line = {
    platform: 'discord',
    via: ctx.via,
    kind,
    intent: o.answer?.intent,
    outcome: o.limited ? 'limited' : 'answered',
    codes: o.answer?.matches.slice(0, 10).map((m) => m.code),
    chars: text.length,
    ms: Math.round(o.ms * 100) / 100,
    channelId: who.channelId,
  };
  ctx.logger.info(line, 'discord answer');
  ctx.logger.debug({ ...line, text }, 'discord question text');
}

/** The catch-all: log with context (never the token, the text only at debug) and build the apology. */
export function failure(ctx: Pick<AskContext, 'logger' | 'via'>, kind: Kind, err: unknown, extra: object = {}): DiscordMessage {
  const e = err instanceof Error ? err : new Error(String(err));
  ctx.logger.error({ platform: 'discord', via: ctx.via, kind, err: { name: e.name, message: e.message, stack: e.stack }, ...extra }, 'discord handler failed');
  return toTextMessage(APOLOGY, { ephemeral: true });
}
