// The step every Slack listener shares: the shared answerFor (limits, core, who sees it, log line)
// plus Slack's own bits: the usage note, Block Kit, and the Share button's value. No Bolt runtime here.
import type { Logger } from '../../server/adapter.js';
import type { Limits } from '../../server/limits.js';
import type { Deduper, Parking } from '../../server/state/types.js';
import { answerFor, type Answered } from '../shared/answer.js';
import { MAX_BUTTON_VALUE } from './limits.js';
import { toBlockKit, type BlockKitMessage, type RenderOptions } from './render.js';
import type { SlackFileOptions } from './files.js';

export { APOLOGY, logAnswer } from '../shared/answer.js';

export interface SlackDeps {
  limits: Limits;
  logger: Logger;
  answersVisible: boolean;
  command: string;
  /** Deliveries already answered (event ids, message ts, slash-command trigger ids): retries and duplicates are answered once. */
  seen: Deduper;
  parked: Parking;
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

export interface Asked extends Answered {
  /** Rate-limited, or usage help: shown only to the person who asked. */
  private: boolean;
}

/** Slack-only usage, added under the core's help answer. */
export function usageNote(command: string): string {
  return `In Slack: ${command} 603, ${command} busy here, ${command} 486 vs 600, or ${command} followed by a pasted SIP trace; mention @sipbot in a channel or DM it; or use the message shortcut "Explain SIP codes" on any message.`;
}

export async function ask(deps: SlackDeps, kind: Kind, q: Question): Promise<Asked> {
  const a = await answerFor(deps, 'slack', kind, { userId: q.userId, channelId: q.channelId }, q.text);
  return { ...a, private: a.audience === 'asker' };
}

export function render(deps: SlackDeps, asked: Asked, opts: RenderOptions = {}): BlockKitMessage {
  return toBlockKit(asked.reply, { ...opts, note: opts.note ?? (asked.help ? usageNote(deps.command) : undefined) });
}

/** The value behind a Share button: the question itself when it fits, else a parked id. */
export async function shareValue(deps: SlackDeps, text: string): Promise<string> {
  return text.length + 2 <= MAX_BUTTON_VALUE ? `q:${text}` : `p:${await deps.parked.put(text)}`;
}

export async function sharedQuestion(deps: SlackDeps, value: string): Promise<string | undefined> {
  if (value.startsWith('q:')) return value.slice(2);
  if (value.startsWith('p:')) return deps.parked.get(value.slice(2));
  return undefined;
}
