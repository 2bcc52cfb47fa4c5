// Discord's settings, validated once from the environment: the gateway (a bot token and the
// application id), HTTP interactions (the public key), sharding, and what to do when they are
// wrong. Never echoes the token. Read by server/config.ts; no discord.js here.
import { z } from 'zod';
import { httpUrl, optional, pattern, shown } from '../../server/env-schema.js';

export interface DiscordSettings {
  /** Gateway (mentions and slash commands over the websocket); needs applicationId. */
  token?: string;
  applicationId?: string;
  /** Register commands in one server (instant) instead of globally. */
  guildId?: string;
  /** HTTP interactions (POST /discord/interactions). */
  publicKey?: string;
  /** REST base without the version; tests point it at a fake. */
  apiUrl?: string;
  /** Gateway shards run by this process: a count, or 'auto' for Discord's recommendation; one when unset. */
  shards?: number | 'auto';
}

const SNOWFLAKE = /^\d{17,20}$/;

export const discordEnv = {
  DISCORD_TOKEN: optional(
    pattern(
      'DISCORD_TOKEN',
      /^[\w-]+\.[\w-]+\.[\w-]+$/,
      'must be the bot token alone: three parts separated by dots, without a "Bot " prefix (Developer Portal > Bot > Reset Token)',
    ),
  ),
  DISCORD_APPLICATION_ID: optional(
    pattern('DISCORD_APPLICATION_ID', SNOWFLAKE, 'must be the numeric application id, 17-20 digits (Developer Portal > General Information > Application ID)'),
  ),
  DISCORD_GUILD_ID: optional(
    pattern('DISCORD_GUILD_ID', SNOWFLAKE, 'must be a numeric server id, 17-20 digits (Discord > Developer Mode on > right-click the server > Copy Server ID)'),
  ),
  DISCORD_PUBLIC_KEY: optional(
    pattern('DISCORD_PUBLIC_KEY', /^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (Developer Portal > General Information > Public Key)'),
  ),
  DISCORD_API_URL: optional(httpUrl('DISCORD_API_URL', 'https://discord.com/api', false)),
  DISCORD_SHARDS: optional(
    z.string().transform((v, ctx) => {
      if (v.toLowerCase() === 'auto') return 'auto' as const;
      const n = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= 1000)) {
        ctx.addIssue({ code: 'custom', message: `DISCORD_SHARDS must be a number of gateway shards from 1 to 1000, or auto (Discord's recommendation)${shown(v)}` });
        return z.NEVER;
      }
      return n;
    }),
  ),
};

/** Discord's settings, or undefined when neither a token nor a public key (nor an id) is set (Discord off). */
export const discordSettings = z.object(discordEnv).transform((e, ctx): DiscordSettings | undefined => {
  if (!e.DISCORD_TOKEN && !e.DISCORD_PUBLIC_KEY && !e.DISCORD_APPLICATION_ID && !e.DISCORD_GUILD_ID) return undefined;
  if (!e.DISCORD_TOKEN && !e.DISCORD_PUBLIC_KEY) {
    const which = e.DISCORD_APPLICATION_ID ? 'DISCORD_APPLICATION_ID' : 'DISCORD_GUILD_ID';
    ctx.addIssue({
      code: 'custom',
      message: `DISCORD_TOKEN is not set: ${which} alone does not turn Discord on; set DISCORD_TOKEN (gateway: Developer Portal > Bot > Reset Token) or DISCORD_PUBLIC_KEY (HTTP interactions: General Information > Public Key).`,
    });
    return z.NEVER;
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    ctx.addIssue({
      code: 'custom',
      message: 'DISCORD_APPLICATION_ID is not set: the Discord gateway needs it beside DISCORD_TOKEN (Developer Portal > General Information > Application ID).',
    });
    return z.NEVER;
  }
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    guildId: e.DISCORD_GUILD_ID,
    publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase(),
    apiUrl: e.DISCORD_API_URL,
    shards: e.DISCORD_SHARDS,
  };
});
