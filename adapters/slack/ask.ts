// The step every Slack listener shares: a Slack question in, the core's outcome rendered as Block
// Kit out, and one structured log line per handled request. No Bolt runtime here.
import type { Logger, Outcome, Responder } from '../../src/index.js';
import { MAX_BUTTON_VALUE } from './limits.js';
import type { ParkedQuestions, SeenKeys } from './memory.js';
import { toBlockKit, type BlockKitMessage, type RenderOptions } from './render.js';
import type { SlackFileOptions } from './files.js';

export interface SlackDeps {
  responder: Responder;
  logger: Logger;
  answersVisible: boolean;
  command: string;
  /** Event deliveries already answered: Slack retries and duplicates are answered once. */
  seen: SeenKeys;
  parked: ParkedQuestions;
  /** Captures uploaded with a question are downloaded with this (files:read); absent: not read. */
  files?: SlackFileOptions;
}

/** What was asked and how, for the log line: never the text itself at info level. */
export type Kind = 'command' | 'mention' | 'dm' | 'shortcut' | 'share' | 'related';

export interface Question {
  text: string;
  userId?: string;
  channelId?: string;
}

export interface Asked {
  outcome: Outcome;
  help: boolean;
  /** Rate-limited, or usage help: shown only to the person who asked. */
  private: boolean;
  started: number;
}

export const APOLOGY = 'Sorry, something went wrong while answering that. It has been logged; please try again in a moment.';

/** Slack-only usage, added under the core's help answer. */
export function usageNote(command: string): string {
  return `In Slack: ${command} 603, ${command} busy here, ${command} 486 vs 600, or ${command} followed by a pasted SIP trace; mention @sipbot in a channel or DM it; or use the message shortcut "Explain SIP codes" on any message.`;
}

export function ask(deps: SlackDeps, kind: Kind, q: Question): Asked {
  const started = performance.now();
  // The core answers usage for empty text; "/sip help" means the same.
  const text = /^\s*help\s*$/i.test(q.text) ? '' : q.text;
  deps.logger.debug({ platform: 'slack', kind, text }, 'slack question');
  const outcome = deps.responder.respond({ text, platform: 'slack', userId: q.userId, channelId: q.channelId });
  const help = outcome.answer?.intent === 'help';
  return { outcome, help, private: outcome.limited || help, started };
}

export function render(deps: SlackDeps, asked: Asked, opts: RenderOptions = {}): BlockKitMessage {
  return toBlockKit(asked.outcome.reply, { ...opts, note: opts.note ?? (asked.help ? usageNote(deps.command) : undefined) });
}

/** The value behind a Share button: the question itself when it fits, else a parked id. */
export function shareValue(deps: SlackDeps, text: string): string {
  return text.length + 2 <= MAX_BUTTON_VALUE ? `q:${text}` : `p:${deps.parked.park(text)}`;
}

export function sharedQuestion(deps: SlackDeps, value: string): string | undefined {
  if (value.startsWith('q:')) return value.slice(2);
  if (value.startsWith('p:')) return deps.parked.get(value.slice(2));
  return undefined;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** One line per handled request: platform, kind, intent, outcome, milliseconds; ids, never text. */
export function logAnswered(deps: SlackDeps, kind: Kind, asked: Asked, extra: Record<string, unknown> = {}): void {
  const { outcome } = asked;
  deps.logger.info(
    {
      platform: 'slack',
      kind,
      intent: outcome.answer?.intent ?? 'none',
      outcome: outcome.limited ? 'limited' : 'answered',
      coreMs: round(outcome.ms),
      ms: round(performance.now() - asked.started),
      ...extra,
    },
    'slack answer',
  );
}
