// Mattermost's settings, validated once from the environment: the slash command's token (which
// turns it on) and whether answers go to the channel. Never echoes the token. Read by server/config.ts.
import { z } from 'zod';
import { boolean, optional, pattern } from '../../server/env-schema.js';

export interface MattermostSettings {
  /** The slash command's token: Mattermost sends it with every request. */
  token: string;
  /** Answers posted in the channel (in_channel) instead of only to the asker (ephemeral). */
  answersVisible: boolean;
}

export const mattermostEnv = {
  MATTERMOST_TOKEN: optional(
    pattern('MATTERMOST_TOKEN', /^[A-Za-z0-9]{16,64}$/, 'must be the slash command token alone, letters and digits (Mattermost > Integrations > Slash Commands > your command > Token)'),
  ),
  MATTERMOST_ANSWERS_VISIBLE: optional(boolean('MATTERMOST_ANSWERS_VISIBLE')),
};

/** Mattermost's settings, or undefined when MATTERMOST_TOKEN is unset (Mattermost off). */
export const mattermostSettings = z
  .object(mattermostEnv)
  .transform((e): MattermostSettings | undefined => (e.MATTERMOST_TOKEN ? { token: e.MATTERMOST_TOKEN, answersVisible: e.MATTERMOST_ANSWERS_VISIBLE ?? false } : undefined));
