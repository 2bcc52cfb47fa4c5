// The one place that reads the environment: validates every setting once into a frozen, typed
// Config, or throws a ConfigError whose message names the variable and says how to fix it.
// No logging, no I/O beyond the optional .env file; the server and scripts import it, the core does not.
import { config as readDotenv } from 'dotenv';
import { z } from 'zod';
import { discordEnv, discordSettings, type DiscordSettings } from '../adapters/discord/settings.js';
import { mattermostEnv, mattermostSettings, type MattermostSettings } from '../adapters/mattermost/settings.js';
import { slackEnv, slackSettings, type SlackSettings } from '../adapters/slack/settings.js';
import { boolean, optional, pattern, shown, tryUrl, wholeNumber } from './env-schema.js';

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
  /** At SIGTERM: keep serving (and /healthz 503 "stopping") this long so a load balancer sees the drain. */
  shutdownGraceMs: 2_000,
  /** Open connections above which requests other than /healthz get 503 and idle sockets are closed. */
  maxConnections: 512,
  /** Request-body bytes held in memory across all requests at once; over it, 503 + Retry-After. */
  maxBufferedBytes: 64 * 1024 * 1024,
});

/** Copy ./.env (or DOTENV_CONFIG_PATH) into `env`; variables already set win. Called by server/main.ts before loadConfig. */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): void {
  readDotenv({ path: env.DOTENV_CONFIG_PATH || '.env', processEnv: env, quiet: true });
}

/** The URL may hold a password: the message never echoes it. */
function redisUrl(name: string) {
  return z.string().transform((v, ctx) => {
    const u = tryUrl(v);
    if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a redis:// or rediss:// (TLS) URL such as redis://127.0.0.1:6379/0 or rediss://:password@redis.example.com:6380/0` });
      return z.NEVER;
    }
    return v;
  });
}

/** The host's own variables; each adapter's live in adapters/<platform>/settings.ts. */
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

  RATE_LIMIT_PER_USER: optional(
    wholeNumber('RATE_LIMIT_PER_USER', 0, 1_000_000, 'a whole number of answers per person per minute, or 0 for no limit'),
  ),
  RATE_LIMIT_PER_CHANNEL: optional(
    wholeNumber('RATE_LIMIT_PER_CHANNEL', 0, 1_000_000, 'a whole number of answers per channel per minute, or 0 for no limit'),
  ),
  MAX_BODY_BYTES: optional(wholeNumber('MAX_BODY_BYTES', 1024, 100 * 1024 * 1024, 'a whole number of bytes from 1024 to 104857600')),

  REDIS_URL: optional(redisUrl('REDIS_URL')),
  SIPBOT_REDIS_PREFIX: optional(pattern('SIPBOT_REDIS_PREFIX', /^[\x21-\x7e]{1,64}$/, 'must be 1-64 visible ASCII characters without spaces, e.g. sipbot: or sipbot-prod:')),
  MAX_CAPTURE_BYTES: optional(wholeNumber('MAX_CAPTURE_BYTES', 1024, 200 * 1024 * 1024, 'a whole number of bytes from 1024 to 209715200')),
  SHUTDOWN_GRACE_MS: optional(wholeNumber('SHUTDOWN_GRACE_MS', 0, 5_000, 'a whole number of milliseconds from 0 to 5000')),
  MAX_CONNECTIONS: optional(wholeNumber('MAX_CONNECTIONS', 1, 100_000, 'a whole number of connections from 1 to 100000')),
  MAX_BUFFERED_BYTES: optional(wholeNumber('MAX_BUFFERED_BYTES', 1024, 4 * 1024 * 1024 * 1024, 'a whole number of bytes from 1024 to 4294967296')),
};

/** Every variable loadConfig reads (DOTENV_CONFIG_PATH aside), in the order .env.example lists them. */
export const SETTING_NAMES = Object.freeze([...Object.keys(envShape), ...Object.keys(slackEnv), ...Object.keys(discordEnv), ...Object.keys(mattermostEnv)]);

const envSchema = z
  .object(envShape)
  .transform((e) => {
    // 0 turns a limit off: createLimits runs no limiter for Infinity.
    const perMinute = (n: number | undefined, fallback: number) => (n === undefined ? fallback : n === 0 ? Infinity : n);

    return {
      port: e.PORT ?? DEFAULTS.port,
      host: e.HOST ?? DEFAULTS.host,
      logLevel: e.LOG_LEVEL ?? DEFAULTS.logLevel,
      trustProxy: e.TRUST_PROXY ?? false,
      rateLimit: {
        perUser: perMinute(e.RATE_LIMIT_PER_USER, DEFAULTS.perUser),
        perChannel: perMinute(e.RATE_LIMIT_PER_CHANNEL, DEFAULTS.perChannel),
        windowMs: DEFAULTS.windowMs,
      },
      maxBodyBytes: e.MAX_BODY_BYTES ?? DEFAULTS.maxBodyBytes,
      // Shared state (dedupe, limits, parked questions) for several instances; memory without it.
      redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.SIPBOT_REDIS_PREFIX ?? 'sipbot:' } : undefined,
      maxCaptureBytes: e.MAX_CAPTURE_BYTES ?? DEFAULTS.maxCaptureBytes,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS ?? DEFAULTS.shutdownGraceMs,
      maxConnections: e.MAX_CONNECTIONS ?? DEFAULTS.maxConnections,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES ?? DEFAULTS.maxBufferedBytes,
    };
  });

/** Each adapter's settings under the names the host has always used. */
export type SlackConfig = SlackSettings;
export type DiscordConfig = DiscordSettings;
export type MattermostConfig = MattermostSettings;

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

type HostConfig = z.output<typeof envSchema>;

export type Config = DeepReadonly<
  Pick<HostConfig, 'port' | 'host' | 'logLevel' | 'trustProxy'> & { slack?: SlackSettings; discord?: DiscordSettings; mattermost?: MattermostSettings } & Omit<HostConfig, 'port' | 'host' | 'logLevel' | 'trustProxy'>
>;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Reads and validates the settings; throws ConfigError with one message for the first problem. */
export function loadConfig(env: Env = process.env): Config {
  const host = parsed(envSchema, env);
  // Each adapter validates its own variables, once, and says how to fix them.
  const slack = parsed(slackSettings, env);
  const discord = parsed(discordSettings, env);
  const mattermost = parsed(mattermostSettings, env);
  const { port, host: address, logLevel, trustProxy, ...rest } = host;
  return deepFreeze({ port, host: address, logLevel, trustProxy, slack, discord, mattermost, ...rest });
}

function parsed<T>(schema: z.ZodType<T>, env: Env): T {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues[0]?.message ?? 'the settings are invalid');
  return result.data;
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
