// loadConfig: the embedded default with no settings, and one clear message per bad variable.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError, DEFAULTS, describePlatforms, loadConfig, SETTING_NAMES, type Env } from '../../server/config.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

const XOXB = 'xoxb-1111-2222-abcdef';
const XAPP = 'xapp-1-A111-222-abcdef';
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbcde.abcdefghijklmnopqrstuvwxyz0123456789';
const APP_ID = '123456789012345678';
const PUBLIC_KEY = 'a'.repeat(64);

function messageFor(env: Env): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('gives the embedded default with no settings at all', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      trustProxy: false,
      slack: undefined,
      discord: undefined,
      rateLimit: { perUser: DEFAULTS.perUser, perChannel: DEFAULTS.perChannel, windowMs: 60_000 },
      maxBodyBytes: DEFAULTS.maxBodyBytes,
      maxCaptureBytes: 20 * 1024 * 1024,
    });
    expect(c.maxBodyBytes).toBeGreaterThan(1_000_000);
    expect(describePlatforms(c).every((p) => !p.on)).toBe(true);
  });

  it('treats empty values (as in .env.example) as unset', () => {
    const empty = Object.fromEntries(
      ['PORT', 'HOST', 'LOG_LEVEL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'MAX_BODY_BYTES'].map((k) => [k, ''] as const),
    );
    expect(loadConfig(empty)).toEqual(loadConfig({}));
  });

  it('returns a frozen object, nested objects included', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: XOXB, SLACK_SIGNING_SECRET: 'abc123' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.slack)).toBe(true);
    expect(Object.isFrozen(c.rateLimit)).toBe(true);
  });

  it('reads Slack HTTP mode, Socket Mode and their options', () => {
    const http = loadConfig({ SLACK_BOT_TOKEN: XOXB, SLACK_SIGNING_SECRET: 'abc123', SLACK_API_URL: 'http://127.0.0.1:9/api', SLACK_ANSWERS_VISIBLE: 'yes' });
    expect(http.slack).toEqual({ botToken: XOXB, signingSecret: 'abc123', appToken: undefined, apiUrl: 'http://127.0.0.1:9/api/', answersVisible: true });
    const socket = loadConfig({ SLACK_BOT_TOKEN: XOXB, SLACK_APP_TOKEN: XAPP });
    expect(socket.slack?.appToken).toBe(XAPP);
    expect(socket.slack?.answersVisible).toBe(false);
    expect(describePlatforms(socket)[0]).toMatchObject({ name: 'slack', on: true, detail: expect.stringContaining('Socket Mode') });
  });

  it('reads the Discord gateway and HTTP interactions settings', () => {
    const c = loadConfig({
      DISCORD_TOKEN: DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_GUILD_ID: '876543210987654321',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY.toUpperCase(),
      DISCORD_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(c.discord).toEqual({
      token: DISCORD_TOKEN,
      applicationId: APP_ID,
      guildId: '876543210987654321',
      publicKey: PUBLIC_KEY,
      apiUrl: 'http://127.0.0.1:9/api',
    });
    expect(loadConfig({ DISCORD_PUBLIC_KEY: PUBLIC_KEY }).discord).toMatchObject({ publicKey: PUBLIC_KEY, token: undefined });
  });

  it('reads REDIS_URL with its prefix (sipbot: by default), and DISCORD_SHARDS as a count or auto', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0' }).redis).toEqual({ url: 'redis://127.0.0.1:6379/0', prefix: 'sipbot:' });
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@r.example.com:6380/2', SIPBOT_REDIS_PREFIX: 'prod:' }).redis).toEqual({
      url: 'rediss://:pw@r.example.com:6380/2',
      prefix: 'prod:',
    });
    const gw = { DISCORD_TOKEN: DISCORD_TOKEN, DISCORD_APPLICATION_ID: APP_ID };
    expect(loadConfig(gw).discord?.shards).toBeUndefined();
    expect(loadConfig({ ...gw, DISCORD_SHARDS: '2' }).discord?.shards).toBe(2);
    expect(loadConfig({ ...gw, DISCORD_SHARDS: 'Auto' }).discord?.shards).toBe('auto');
  });

  it('never echoes the password of a bad REDIS_URL', () => {
    expect(messageFor({ REDIS_URL: 'http://:sup3r-s3cret@127.0.0.1:6379' })).not.toContain('s3cret');
  });

  it('reads the numbers, and 0 turns a rate limit off', () => {
    const c = loadConfig({ PORT: '0', HOST: '[::1]', LOG_LEVEL: 'DEBUG', RATE_LIMIT_PER_USER: '0', RATE_LIMIT_PER_CHANNEL: '5', MAX_BODY_BYTES: '2048', TRUST_PROXY: 'true' });
    expect(c).toMatchObject({ port: 0, host: '::1', logLevel: 'debug', trustProxy: true, maxBodyBytes: 2048 });
    expect(c.rateLimit).toEqual({ perUser: Infinity, perChannel: 5, windowMs: 60_000 });
  });

  // Each bad value gives one message that names its variable (and never echoes a secret).
  const cases: [string, Env, RegExp][] = [
    ['PORT', { PORT: 'abc' }, /^PORT must be a whole number 0-65535/],
    ['PORT', { PORT: '70000' }, /^PORT must be a whole number 0-65535/],
    ['PORT', { PORT: '-1' }, /^PORT must be a whole number 0-65535/],
    ['PORT', { PORT: '3000.5' }, /^PORT must be a whole number 0-65535/],
    ['HOST', { HOST: 'local host' }, /^HOST must be an address to listen on/],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }, /^TRUST_PROXY must be true or false/],
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 'abc' }, /^SLACK_BOT_TOKEN must start with xoxb-/],
    ['SLACK_BOT_TOKEN', { SLACK_SIGNING_SECRET: 'abc' }, /^SLACK_BOT_TOKEN is not set: /],
    ['SLACK_SIGNING_SECRET', { SLACK_BOT_TOKEN: XOXB }, /^SLACK_SIGNING_SECRET is not set: HTTP mode needs it \(Slack app > Basic Information > App Credentials\), or set SLACK_APP_TOKEN for Socket Mode\.$/],
    ['SLACK_SIGNING_SECRET', { SLACK_BOT_TOKEN: XOXB, SLACK_SIGNING_SECRET: 'abc def' }, /^SLACK_SIGNING_SECRET must be the signing secret alone/],
    ['SLACK_APP_TOKEN', { SLACK_BOT_TOKEN: XOXB, SLACK_APP_TOKEN: 'xoxb-wrong' }, /^SLACK_APP_TOKEN must start with xapp-/],
    ['SLACK_API_URL', { SLACK_API_URL: 'slack.com/api' }, /^SLACK_API_URL must be an http\(s\) URL/],
    ['SLACK_ANSWERS_VISIBLE', { SLACK_ANSWERS_VISIBLE: 'sometimes' }, /^SLACK_ANSWERS_VISIBLE must be true or false/],
    ['DISCORD_TOKEN', { DISCORD_TOKEN: `Bot ${DISCORD_TOKEN}`, DISCORD_APPLICATION_ID: APP_ID }, /^DISCORD_TOKEN must be the bot token alone/],
    ['DISCORD_TOKEN', { DISCORD_APPLICATION_ID: APP_ID }, /^DISCORD_TOKEN is not set: DISCORD_APPLICATION_ID alone/],
    ['DISCORD_APPLICATION_ID', { DISCORD_TOKEN: DISCORD_TOKEN }, /^DISCORD_APPLICATION_ID is not set: the Discord gateway needs it/],
    ['DISCORD_APPLICATION_ID', { DISCORD_TOKEN: DISCORD_TOKEN, DISCORD_APPLICATION_ID: 'my-app' }, /^DISCORD_APPLICATION_ID must be the numeric application id/],
    ['DISCORD_GUILD_ID', { DISCORD_PUBLIC_KEY: PUBLIC_KEY, DISCORD_GUILD_ID: '12' }, /^DISCORD_GUILD_ID must be a numeric server id/],
    ['DISCORD_PUBLIC_KEY', { DISCORD_PUBLIC_KEY: 'not-hex' }, /^DISCORD_PUBLIC_KEY must be 64 hexadecimal characters/],
    ['DISCORD_API_URL', { DISCORD_API_URL: 'ws://127.0.0.1/api' }, /^DISCORD_API_URL must be an http\(s\) URL/],
    ['RATE_LIMIT_PER_USER', { RATE_LIMIT_PER_USER: 'ten' }, /^RATE_LIMIT_PER_USER must be a whole number of answers per person per minute/],
    ['RATE_LIMIT_PER_CHANNEL', { RATE_LIMIT_PER_CHANNEL: '1.5' }, /^RATE_LIMIT_PER_CHANNEL must be a whole number of answers per channel per minute/],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '10' }, /^MAX_BODY_BYTES must be a whole number of bytes from 1024/],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '1MB' }, /^MAX_BODY_BYTES must be a whole number of bytes from 1024/],
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }, /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ \(TLS\) URL/],
    ['REDIS_URL', { REDIS_URL: '127.0.0.1:6379' }, /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ \(TLS\) URL/],
    ['SIPBOT_REDIS_PREFIX', { REDIS_URL: 'redis://r:6379', SIPBOT_REDIS_PREFIX: 'my prefix' }, /^SIPBOT_REDIS_PREFIX must be 1-64 visible ASCII characters/],
    ['DISCORD_SHARDS', { DISCORD_TOKEN: DISCORD_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_SHARDS: '0' }, /^DISCORD_SHARDS must be a number of gateway shards from 1 to 1000, or auto/],
    ['DISCORD_SHARDS', { DISCORD_TOKEN: DISCORD_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_SHARDS: 'many' }, /^DISCORD_SHARDS must be a number of gateway shards/],
  ];

  it.each(cases)('rejects a bad %s with one message naming it', (_name, env, expected) => {
    const message = messageFor(env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'sup3r-s3cret value';
    expect(messageFor({ SLACK_BOT_TOKEN: XOXB, SLACK_SIGNING_SECRET: secret })).not.toContain('s3cret');
    expect(messageFor({ SLACK_BOT_TOKEN: `x${secret}`, SLACK_SIGNING_SECRET: 'abc' })).not.toContain('s3cret');
    expect(messageFor({ DISCORD_TOKEN: secret })).not.toContain('s3cret');
  });

  it('echoes a non-secret bad value to help spot typos', () => {
    expect(messageFor({ PORT: '30OO' })).toContain('"30OO"');
  });
});

describe('the documented settings', () => {
  it('.env.example lists exactly the variables loadConfig reads, and as shipped starts the embedded default', () => {
    const example = parse(read('.env.example'));
    expect(Object.keys(example).sort()).toEqual([...SETTING_NAMES].sort());
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });

  it('README.md documents every variable', () => {
    const doc = read('README.md');
    for (const name of SETTING_NAMES) expect(doc, name).toContain(`\`${name}\``);
  });
});
