// Slack's settings, validated once from the environment: its variables, how they combine (a bot
// token plus a signing secret or an app token), and what to do when they are wrong. Never echoes a
// token. Read by server/config.ts; no Bolt here.
import { z } from 'zod';
import { boolean, httpUrl, optional, pattern } from '../../server/env-schema.js';

export interface SlackSettings {
  botToken: string;
  /** HTTP mode (POST /slack/events). */
  signingSecret?: string;
  /** Socket Mode; wins over signingSecret when both are set. */
  appToken?: string;
  /** Web API base with a trailing slash; tests point it at a fake. */
  apiUrl?: string;
  /** Answers visible to the channel by default instead of only to the asker. */
  answersVisible: boolean;
}

export const slackEnv = {
  SLACK_BOT_TOKEN: optional(
    pattern('SLACK_BOT_TOKEN', /^xoxb-\S+$/, 'must start with xoxb- (the Bot User OAuth Token: Slack app > OAuth & Permissions)'),
  ),
  SLACK_SIGNING_SECRET: optional(
    pattern('SLACK_SIGNING_SECRET', /^[^\s'"]+$/, 'must be the signing secret alone, without spaces or quotes (Slack app > Basic Information > App Credentials)'),
  ),
  SLACK_APP_TOKEN: optional(
    pattern('SLACK_APP_TOKEN', /^xapp-\S+$/, 'must start with xapp- (an app-level token with connections:write: Slack app > Basic Information > App-Level Tokens)'),
  ),
  SLACK_API_URL: optional(httpUrl('SLACK_API_URL', 'https://slack.com/api/', true)),
  SLACK_ANSWERS_VISIBLE: optional(boolean('SLACK_ANSWERS_VISIBLE')),
};

/** Slack's settings, or undefined when none of its tokens is set (Slack off). */
export const slackSettings = z.object(slackEnv).transform((e, ctx): SlackSettings | undefined => {
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) return undefined;
  if (!e.SLACK_BOT_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      message:
        'SLACK_BOT_TOKEN is not set: Slack needs it beside SLACK_SIGNING_SECRET or SLACK_APP_TOKEN (Slack app > OAuth & Permissions > Bot User OAuth Token, starts with xoxb-).',
    });
    return z.NEVER;
  }
  if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      message: 'SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Slack app > Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode.',
    });
    return z.NEVER;
  }
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    answersVisible: e.SLACK_ANSWERS_VISIBLE ?? false,
  };
});
