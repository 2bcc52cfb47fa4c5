// The process logger: pino, one JSON line per event on stdout. Redaction of token-ish keys is a
// second line of defence; the first is never passing secrets or pasted text to an info line.
import { pino, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config.js';

const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'password',
  'authorization',
  'cookie',
  '"x-slack-signature"',
  '"x-signature-ed25519"',
];

/** Each secret key at the top level and up to three objects deep (config.slack.botToken, req.headers.authorization). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const key = k.startsWith('"') ? `[${k}]` : `.${k}`;
  const top = k.startsWith('"') ? `[${k}]` : k;
  return [top, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): PinoLogger {
  const options = {
    level,
    base: { service: 'sipbot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination as never) : pino(options);
}
