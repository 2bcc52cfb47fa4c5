// Test harness for the Slack adapter: a tiny node:http host on 127.0.0.1:0 that mounts adapter
// routes the way the real host does (whole body read, then route.handle), and a logger that records.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Adapter, Logger, Route } from '../../../server/adapter.js';
import type { RateLimit } from '../../../server/limits.js';
import { frontDeps } from '../shared-deps.js';
import { createSlackAdapter, type SlackOptions } from '../../../adapters/slack/index.js';
import { FakeSlack, SIGNING_SECRET } from '../../fakes/slack.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

export interface RecordingLogger {
  logger: Logger;
  lines: LogLine[];
  /** Resolves with the first line matching `pred`, logged already or later. */
  waitForLine(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const waiters = new Set<(l: LogLine) => void>();
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      const line = { level, obj: obj as Record<string, unknown>, msg };
      lines.push(line);
      for (const w of [...waiters]) w(line);
    };
  function waitForLine(pred: (l: LogLine) => boolean, timeoutMs = 3000): Promise<LogLine> {
    const found = lines.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = (l: LogLine) => {
        if (!pred(l)) return;
        waiters.delete(w);
        clearTimeout(timer);
        resolve(l);
      };
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error(`no matching log line in ${timeoutMs} ms; logged: ${lines.map((l) => `${l.level}:${l.msg}`).join(', ')}`));
      }, timeoutMs);
      waiters.add(w);
    });
  }
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines, waitForLine };
}

export interface Host {
  url: string;
  close(): Promise<void>;
}

export async function mountRoutes(routes: readonly Route[]): Promise<Host> {
  const server: Server = createServer(async (req, res) => {
    const route = routes.find((r) => r.method === req.method && r.path === req.url?.split('?')[0]);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    await route.handle(req, res, Buffer.concat(chunks));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface HttpSetup {
  fake: FakeSlack;
  adapter: Adapter;
  host: Host;
  events: string;
  lines: LogLine[];
  waitForLine: RecordingLogger['waitForLine'];
  close(): Promise<void>;
}

/** The real Bolt in HTTP mode behind a local host, talking to a local fake Slack. */
export async function startHttp(over: Partial<SlackOptions> & { rateLimit?: RateLimit | false } = {}): Promise<HttpSetup> {
  const fake = await FakeSlack.start();
  const { logger, lines, waitForLine } = recordingLogger();
  const { rateLimit = false, ...rest } = over;
  const adapter = createSlackAdapter({
    botToken: 'xoxb-fake-bot-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    ...frontDeps(rateLimit),
    logger,
    retries: 0,
    unhandledRequestTimeoutMillis: 300,
    ...rest,
  });
  await adapter.start();
  const host = await mountRoutes(adapter.routes);
  return {
    fake,
    adapter,
    host,
    events: `${host.url}/slack/events`,
    lines,
    waitForLine,
    async close() {
      await adapter.stop();
      await host.close();
      await fake.stop();
    },
  };
}

/** Concatenated text of every text object in a Block Kit payload, for "says 603 Decline" checks. */
export function blockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}

export function headerOf(blocks: unknown): string | undefined {
  const h = (blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header');
  return h?.text?.text;
}
