// The one place that reads the environment: validates every setting once into a frozen, typed
// Config, or throws a ConfigError whose message names the variable and says how to fix it.
// No logging, no I/O beyond the optional .env file; the server and scripts import it, the core does not.
import { config as readDotenv } from 'dotenv';
import { z } from 'zod';
import { redactUrls } from './redact.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULTS = Object.freeze({
  port: 3000,
  host: '0.0.0.0',
  logLevel: 'info' as LogLevel,
  perUser: 20,
  perChannel: 60,
  windowMs: 60_000,
  /** A 1 MB log pasted into /api/explain is a legitimate request; leave headroom for the envelope. */
  maxBodyBytes: 1024 * 1024 + 64 * 1024,
  /** A pcap/pcapng POSTed to /api/explain (or uploaded in chat): its own cap, larger than text. */
  maxCaptureBytes: 20 * 1024 * 1024,
});

/** Copy ./.env (or DOTENV_CONFIG_PATH) into `env`; variables already set win. Called by server/main.ts before loadConfig. */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): void {
  readDotenv({ path: env.DOTENV_CONFIG_PATH || '.env', processEnv: env, quiet: true });
}

// Empty values count as unset: .env.example lists every variable with an empty value.
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const t = v.trim();
    return t === '' ? undefined : t;
  }, schema.optional());
}

/** Values that are not secret may be echoed back in an error message; tokens never are. */
const shown = (v: unknown) => ` (got ${JSON.stringify(String(v).slice(0, 40))})`;

function wholeNumber(name: string, min: number, max: number, what: string) {
  return z.string().transform((v, ctx) => {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be ${what}${shown(v)}` });
      return z.NEVER;
    }
    return n;
  });
}

function boolean(name: string) {
  return z.string().transform((v, ctx) => {
    const s = v.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `${name} must be true or false${shown(v)}` });
    return z.NEVER;
  });
}

function httpUrl(name: string, example: string, trailingSlash: boolean) {
  return z.string().transform((v, ctx) => {
    let u: URL | undefined;
    try {
      u = new URL(v);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', message: `${name} must be an http(s) URL such as ${example}${shown(redactUrls(v))}; leave it unset in production` });
      return z.NEVER;
    }
    const s = u.toString();
    return trailingSlash ? (s.endsWith('/') ? s : `${s}/`) : s.replace(/\/+$/, '');
  });
}

function pattern(name: string, re: RegExp, message: string) {
  return z.string().refine((v) => re.test(v), { message: `${name} ${message}` });
}

const SNOWFLAKE = /^\d{17,20}$/;

/** The URL may hold a password: the message never echoes it. */
function redisUrl(name: string) {
  return z.string().transform((v, ctx) => {
    let u: URL | undefined;
    try {
      u = new URL(v);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a redis:// or rediss:// (TLS) URL such as redis://127.0.0.1:6379/0 or rediss://:password@redis.example.com:6380/0` });
      return z.NEVER;
    }
    return v;
  });
}

const envShape = {
  PORT: optional(wholeNumber('PORT', 0, 65535, 'a whole number 0-65535, e.g. PORT=3000')),
  HOST: optional(
    z.string().transform((v, ctx) => {
      const host = v.replace(/^\[(.*)\]$/, '$1');
      if (!/^[A-Za-z0-9.:%-]+$/.test(host)) {
        ctx.addIssue({ code: 'custom', message: `HOST must be an address to listen on, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1${shown(v)}` });
        return z.NEVER;
      }
      return host;
    }),
  ),
  LOG_LEVEL: optional(
    z.string().transform((v, ctx) => {
      const level = v.toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(level)) {
        ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}${shown(v)}` });
        return z.NEVER;
      }
      return level as LogLevel;
    }),
  ),
  TRUST_PROXY: optional(boolean('TRUST_PROXY')),

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

  MATTERMOST_TOKEN: optional(
    pattern('MATTERMOST_TOKEN', /^[A-Za-z0-9]{16,64}$/, 'must be the slash command token alone, letters and digits (Mattermost > Integrations > Slash Commands > your command > Token)'),
  ),
  MATTERMOST_ANSWERS_VISIBLE: optional(boolean('MATTERMOST_ANSWERS_VISIBLE')),

  RATE_LIMIT_PER_USER: optional(
    wholeNumber('RATE_LIMIT_PER_USER', 0, 1_000_000, 'a whole number of answers per person per minute, or 0 for no limit'),
  ),
  RATE_LIMIT_PER_CHANNEL: optional(
    wholeNumber('RATE_LIMIT_PER_CHANNEL', 0, 1_000_000, 'a whole number of answers per channel per minute, or 0 for no limit'),
  ),
  MAX_BODY_BYTES: optional(wholeNumber('MAX_BODY_BYTES', 1024, 100 * 1024 * 1024, 'a whole number of bytes from 1024 to 104857600')),

  REDIS_URL: optional(redisUrl('REDIS_URL')),
  SIPBOT_REDIS_PREFIX: optional(pattern('SIPBOT_REDIS_PREFIX', /^[\x21-\x7e]{1,64}$/, 'must be 1-64 visible ASCII characters without spaces, e.g. sipbot: or sipbot-prod:')),
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
  MAX_CAPTURE_BYTES: optional(wholeNumber('MAX_CAPTURE_BYTES', 1024, 200 * 1024 * 1024, 'a whole number of bytes from 1024 to 209715200')),
};

/** Every variable loadConfig reads (DOTENV_CONFIG_PATH aside), in the order .env.example lists them. */
export const SETTING_NAMES = Object.freeze(Object.keys(envShape));

const envSchema = z
  .object(envShape)
  .transform((e, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };

    let slack: SlackConfig | undefined;
    if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
      if (!e.SLACK_BOT_TOKEN) {
        return fail(
          'SLACK_BOT_TOKEN is not set: Slack needs it beside SLACK_SIGNING_SECRET or SLACK_APP_TOKEN (Slack app > OAuth & Permissions > Bot User OAuth Token, starts with xoxb-).',
        );
      }
      if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
        return fail(
          'SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Slack app > Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode.',
        );
      }
      slack = {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        answersVisible: e.SLACK_ANSWERS_VISIBLE ?? false,
      };
    }

    let discord: DiscordConfig | undefined;
    if (e.DISCORD_TOKEN || e.DISCORD_PUBLIC_KEY || e.DISCORD_APPLICATION_ID || e.DISCORD_GUILD_ID) {
      if (!e.DISCORD_TOKEN && !e.DISCORD_PUBLIC_KEY) {
        const which = e.DISCORD_APPLICATION_ID ? 'DISCORD_APPLICATION_ID' : 'DISCORD_GUILD_ID';
        return fail(
          `DISCORD_TOKEN is not set: ${which} alone does not turn Discord on; set DISCORD_TOKEN (gateway: Developer Portal > Bot > Reset Token) or DISCORD_PUBLIC_KEY (HTTP interactions: General Information > Public Key).`,
        );
      }
      if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
        return fail(
          'DISCORD_APPLICATION_ID is not set: the Discord gateway needs it beside DISCORD_TOKEN (Developer Portal > General Information > Application ID).',
        );
      }
      discord = {
        token: e.DISCORD_TOKEN,
        applicationId: e.DISCORD_APPLICATION_ID,
        guildId: e.DISCORD_GUILD_ID,
        publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase(),
        apiUrl: e.DISCORD_API_URL,
        shards: e.DISCORD_SHARDS,
      };
    }

    const mattermost: MattermostConfig | undefined = e.MATTERMOST_TOKEN
      ? { token: e.MATTERMOST_TOKEN, answersVisible: e.MATTERMOST_ANSWERS_VISIBLE ?? false }
      : undefined;

    // 0 turns a limit off: createLimits runs no limiter for Infinity.
    const perMinute = (n: number | undefined, fallback: number) => (n === undefined ? fallback : n === 0 ? Infinity : n);

    return {
      port: e.PORT ?? DEFAULTS.port,
      host: e.HOST ?? DEFAULTS.host,
      logLevel: e.LOG_LEVEL ?? DEFAULTS.logLevel,
      trustProxy: e.TRUST_PROXY ?? false,
      slack,
      discord,
      mattermost,
      rateLimit: {
        perUser: perMinute(e.RATE_LIMIT_PER_USER, DEFAULTS.perUser),
        perChannel: perMinute(e.RATE_LIMIT_PER_CHANNEL, DEFAULTS.perChannel),
        windowMs: DEFAULTS.windowMs,
      },
      maxBodyBytes: e.MAX_BODY_BYTES ?? DEFAULTS.maxBodyBytes,
      // Shared state (dedupe, limits, parked questions) for several instances; memory without it.
      redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.SIPBOT_REDIS_PREFIX ?? 'sipbot:' } : undefined,
      maxCaptureBytes: e.MAX_CAPTURE_BYTES ?? DEFAULTS.maxCaptureBytes,
    };
  });

export interface SlackConfig {
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

export interface DiscordConfig {
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

export interface MattermostConfig {
  /** The slash command's token: Mattermost sends it with every request. */
  token: string;
  /** Answers posted in the channel (in_channel) instead of only to the asker (ephemeral). */
  answersVisible: boolean;
}

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type Config = DeepReadonly<z.output<typeof envSchema>>;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Reads and validates the settings; throws ConfigError with one message for the first problem. */
export function loadConfig(env: Env = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues[0]?.message ?? 'the settings are invalid');
  }
  return deepFreeze(result.data);
}

/** Which platforms are on, and for those that are off, the variables that would turn them on. */
export function describePlatforms(config: Config): { name: string; on: boolean; detail: string }[] {
  const s = config.slack;
  const d = config.discord;
  return [
    s
      ? { name: 'slack', on: true, detail: s.appToken ? 'Socket Mode (SLACK_APP_TOKEN)' : 'HTTP mode, POST /slack/events' }
      : { name: 'slack', on: false, detail: 'set SLACK_BOT_TOKEN plus SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)' },
    d?.token
      ? { name: 'discord-gateway', on: true, detail: 'gateway connection (DISCORD_TOKEN)' }
      : { name: 'discord-gateway', on: false, detail: 'set DISCORD_TOKEN and DISCORD_APPLICATION_ID' },
    d?.publicKey
      ? { name: 'discord-interactions', on: true, detail: 'HTTP interactions, POST /discord/interactions' }
      : { name: 'discord-interactions', on: false, detail: 'set DISCORD_PUBLIC_KEY' },
    config.mattermost
      ? { name: 'mattermost', on: true, detail: 'slash command, POST /mattermost/command' }
      : { name: 'mattermost', on: false, detail: 'set MATTERMOST_TOKEN (Integrations > Slash Commands)' },
  ];
}
