// Bolt, its WebClient and its Socket Mode client log through this bridge into our logger, so their
// lines carry `platform: slack` and obey the process's log level. Their debug lines can include
// payloads (user text); that is why they stay at debug. Credentials in URLs (a proxy's
// user:password in SLACK_API_URL) are cut from every line before it reaches the logger.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../server/adapter.js';
import { redactUrls } from '../../server/redact.js';

function line(parts: unknown[]): string {
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return p.message;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ')
    .slice(0, 2000);
  return redactUrls(text);
}

export function toBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.DEBUG;
  let name = 'bolt';
  return {
    debug: (...m: unknown[]) => logger.debug({ platform: 'slack', source: name }, line(m)),
    info: (...m: unknown[]) => logger.info({ platform: 'slack', source: name }, line(m)),
    warn: (...m: unknown[]) => logger.warn({ platform: 'slack', source: name }, line(m)),
    error: (...m: unknown[]) => logger.error({ platform: 'slack', source: name }, line(m)),
    // Bolt sets a level on loggers it is given; filtering stays with our logger.
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}
