// startSipbot end to end over loopback: the API, the page, health, routing errors, the body cap,
// adapters' routes and lifecycle (with in-test adapters), rate limits, logs and a graceful stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { startSipbot, StartError, type Sipbot } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import type { Answer, Reply } from '../../src/index.js';
import type { Route } from '../../server/adapter.js';
import { rawRequest, TestAdapter, testConfig } from './helpers.js';

describe('startSipbot with no adapters', () => {
  let app: Sipbot;
  beforeAll(async () => {
    app = await startSipbot(testConfig({ MAX_BODY_BYTES: '4096' }));
  });
  afterAll(() => app.stop());

  it('reports healthy with every platform disabled and the variables that turn them on', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; adapters: { name: string; state: string; detail: string }[] };
    expect(body.status).toBe('ok');
    expect(body.adapters.map((a) => [a.name, a.state])).toEqual([
      ['slack', 'disabled'],
      ['discord-gateway', 'disabled'],
      ['discord-interactions', 'disabled'],
      ['mattermost', 'disabled'],
    ]);
    expect(body.adapters[0]!.detail).toContain('SLACK_BOT_TOKEN');
    expect(app.adapters).toEqual([]);
  });

  it('answers GET /api/explain?q=603 with the core Answer', async () => {
    const res = await fetch(`${app.url}/api/explain?q=603`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as Answer & { reply?: Reply };
    expect(body.matches[0]?.code).toBe(603);
    expect(body.matches[0]?.reason).toBe('Decline');
    expect(body.reply).toBeUndefined();
  });

  it('adds the neutral reply with include=reply', async () => {
    const body = (await (await fetch(`${app.url}/api/explain?q=603&include=reply`)).json()) as Answer & { reply: Reply };
    expect(body.matches[0]?.code).toBe(603);
    expect(body.reply.title).toContain('603');
    expect(Array.isArray(body.reply.blocks)).toBe(true);
  });

  it('answers a POSTed text body, a JSON body and a form body alike', async () => {
    const text = (await (await fetch(`${app.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '486' })).json()) as Answer;
    expect(text.matches[0]?.code).toBe(486);
    const json = (await (
      await fetch(`${app.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: '486' }) })
    ).json()) as Answer;
    expect(json.matches[0]?.code).toBe(486);
    const form = (await (await fetch(`${app.url}/api/explain`, { method: 'POST', body: new URLSearchParams({ q: '486' }) })).json()) as Answer;
    expect(form.matches[0]?.code).toBe(486);
  });

  it('explains a pasted SIP log', async () => {
    const log = ['INVITE sip:bob@example.com SIP/2.0', 'SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing', 'SIP/2.0 486 Busy Here', ''].join('\r\n');
    const body = (await (await fetch(`${app.url}/api/explain`, { method: 'POST', body: log })).json()) as Answer;
    expect(body.matches.map((m) => m.code)).toContain(486);
  });

  it('answers a missing or empty question with a friendly 400, not a stack trace', async () => {
    for (const [path, init] of [
      ['/api/explain', {}],
      ['/api/explain?q=%20%20', {}],
      ['/api/explain', { method: 'POST', body: '' }],
      ['/api/explain', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
    ] as const) {
      const res = await fetch(`${app.url}${path}`, init);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('missing_q');
      expect(body.message).toContain('/api/explain?q=603');
    }
  });

  it('answers malformed JSON and a non-string q with 400', async () => {
    for (const raw of ['{"q": ', '{"q": 603}', 'null']) {
      const res = await fetch(`${app.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect(res.status, raw).toBe(400);
      const body = (await res.json()) as { message: string };
      expect(body.message).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('serves the try-it page with a strict content security policy', async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'/);
    const html = await res.text();
    expect(html).toContain('<textarea id="q"');
    expect(html).toContain('id="slack"');
    expect(html).toContain('id="discord"');
  });

  it('answers unknown paths with 404 and wrong methods with 405 and Allow', async () => {
    const missing = await fetch(`${app.url}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('not_found');
    expect((await fetch(`${app.url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);

    const wrong = await fetch(`${app.url}/healthz`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    const put = await fetch(`${app.url}/api/explain`, { method: 'PUT', body: '603' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await fetch(`${app.url}/healthz`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('refuses a body over the cap with 413 when Content-Length says so', async () => {
    const res = await rawRequest(app.url, { method: 'POST', path: '/api/explain', headers: { 'content-length': 4097 }, body: 'x'.repeat(4097) });
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ error: 'too_large' });
  });

  it('refuses a chunked body that grows over the cap, and stops reading it', async () => {
    const res = await rawRequest(app.url, { method: 'POST', path: '/api/explain', headers: { 'transfer-encoding': 'chunked' }, body: 'y'.repeat(5000) });
    expect(res.status).toBe(413);
  });

  it('answers a 413 without waiting for the rest of a declared huge body', async () => {
    const { port } = new URL(app.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /api/explain HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\n\r\n603');
      });
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref();
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('accepts a body right at the cap', async () => {
    const body = `603 ${'a'.repeat(4092)}`;
    const res = await rawRequest(app.url, { method: 'POST', path: '/api/explain', headers: { 'content-type': 'text/plain' }, body });
    expect(Buffer.byteLength(body)).toBe(4096);
    expect(res.status).toBe(200);
  });

  it('rejects a request target that is not a path', async () => {
    const { port } = new URL(app.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('startSipbot with adapters', () => {
  const received: Buffer[] = [];
  const echo: Route = {
    method: 'POST',
    path: '/test/events',
    handle(_req, res, body) {
      received.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`got ${body.length}`);
    },
  };
  const broken: Route = {
    method: 'POST',
    path: '/test/broken',
    async handle() {
      throw new Error('handler bug with a secret xoxb-123 inside');
    },
  };
  const good = new TestAdapter('test-good', [echo, broken]);
  const failing = new TestAdapter('test-failing', [], async () => {
    throw new Error('could not log in');
  });
  let app: Sipbot;

  beforeAll(async () => {
    app = await startSipbot(testConfig({ MAX_BODY_BYTES: '2048' }), { adapters: () => [good, failing] });
  });
  afterAll(() => app.stop());

  it('mounts adapter routes and hands them the whole body', async () => {
    const body = 'p'.repeat(2000);
    const res = await rawRequest(app.url, { method: 'POST', path: '/test/events', headers: { 'transfer-encoding': 'chunked' }, body });
    expect(res.status).toBe(200);
    expect(res.body).toBe('got 2000');
    expect(received.at(-1)?.toString()).toBe(body);
  });

  it('enforces the cap before an adapter route sees anything', async () => {
    const before = received.length;
    const res = await rawRequest(app.url, { method: 'POST', path: '/test/events', body: 'p'.repeat(2049) });
    expect(res.status).toBe(413);
    expect(received.length).toBe(before);
  });

  it('answers 405 for GET on a POST-only adapter route', async () => {
    const res = await fetch(`${app.url}/test/events`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('turns a throwing handler into a 500 without details and keeps serving', async () => {
    const res = await fetch(`${app.url}/test/broken`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('xoxb');
    expect(text).not.toContain('handler bug');
    expect((await fetch(`${app.url}/api/explain?q=200`)).status).toBe(200);
  });

  it('reports a failed start as failing with 503, and keeps the other adapter connected', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; adapters: { name: string; state: string; detail?: string }[] };
    expect(body.status).toBe('degraded');
    expect(body.adapters.find((a) => a.name === 'test-good')).toMatchObject({ state: 'connected' });
    expect(body.adapters.find((a) => a.name === 'test-failing')).toMatchObject({ state: 'failing', detail: 'start failed: could not log in' });
  });
});

describe('startSipbot health while an adapter is still starting', () => {
  it('is 200 within the grace period and 503 after it', async () => {
    let release!: () => void;
    const slow = new TestAdapter('test-slow', [], () => new Promise<void>((r) => (release = r)));
    const app = await startSipbot(testConfig(), { adapters: () => [slow], startWaitMs: 10, healthGraceMs: 150 });
    try {
      const early = await fetch(`${app.url}/healthz`);
      expect(early.status).toBe(200);
      expect(((await early.json()) as { adapters: { state: string }[] }).adapters[0]!.state).toBe('starting');
      await new Promise((r) => setTimeout(r, 200));
      expect((await fetch(`${app.url}/healthz`)).status).toBe(503);
      release();
      await new Promise((r) => setTimeout(r, 10));
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      release?.();
      await app.stop();
    }
  });
});

describe('startSipbot rate limit on /api/explain', () => {
  it('limits each client address with a friendly 429 and Retry-After', async () => {
    const app = await startSipbot(testConfig({ RATE_LIMIT_PER_USER: '2' }));
    try {
      expect((await fetch(`${app.url}/api/explain?q=603`)).status).toBe(200);
      expect((await fetch(`${app.url}/api/explain?q=603`)).status).toBe(200);
      const limited = await fetch(`${app.url}/api/explain?q=603&include=reply`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await limited.json()) as { error: string; message: string; reply: Reply };
      expect(body.error).toBe('rate_limited');
      expect(body.message).toMatch(/try again/i);
      expect(body.reply.title).toBeTruthy();
    } finally {
      await app.stop();
    }
  });

  it('uses the last X-Forwarded-For address only when TRUST_PROXY is on', async () => {
    const app = await startSipbot(testConfig({ RATE_LIMIT_PER_USER: '1', TRUST_PROXY: 'true' }));
    try {
      const as = (ip: string) => fetch(`${app.url}/api/explain?q=603`, { headers: { 'x-forwarded-for': `10.9.9.9, ${ip}` } });
      expect((await as('192.0.2.1')).status).toBe(200);
      expect((await as('192.0.2.2')).status).toBe(200);
      expect((await as('192.0.2.1')).status).toBe(429);
    } finally {
      await app.stop();
    }
  });
});

describe('startSipbot logs', () => {
  it('writes one info line per answer with platform, intent, outcome and latency, never the text or a secret', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    const logger = createLogger('info', sink);
    const app = await startSipbot(testConfig(), { logger });
    try {
      const secretLog = 'SIP/2.0 486 Busy Here\r\nX-Secret-Note: hunter2-password-in-log\r\n';
      await fetch(`${app.url}/api/explain`, { method: 'POST', body: secretLog });
      const line = lines.find((l) => l.msg === 'explain');
      expect(line).toMatchObject({ level: 30, platform: 'http', outcome: 'answered', codes: [486] });
      expect(typeof line?.intent).toBe('string');
      expect(typeof line?.ms).toBe('number');
      expect(JSON.stringify(lines)).not.toContain('hunter2');

      logger.info({ config: { slack: { botToken: 'xoxb-secret', signingSecret: 's3cret' } }, headers: { authorization: 'Bot abc' } }, 'check');
      const check = JSON.stringify(lines.find((l) => l.msg === 'check'));
      expect(check).not.toContain('xoxb-secret');
      expect(check).not.toContain('s3cret');
      expect(check).not.toContain('Bot abc');
      expect(check).toContain('[redacted]');
    } finally {
      await app.stop();
    }
  });
});

describe('startSipbot stop and start errors', () => {
  it('finishes a request in flight, stops adapters, then refuses new connections', async () => {
    let markStarted!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    const slowRoute: Route = {
      method: 'POST',
      path: '/test/slow',
      handle(_req, res) {
        markStarted();
        setTimeout(() => {
          res.writeHead(200);
          res.end('finished');
        }, 300);
      },
    };
    const adapter = new TestAdapter('test-slow-route', [slowRoute]);
    const app = await startSipbot(testConfig(), { adapters: () => [adapter] });
    const inFlight = fetch(`${app.url}/test/slow`, { method: 'POST', body: 'x' });
    await started;
    const t0 = Date.now();
    await app.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('finished');
    expect(adapter.stopped).toBe(1);
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
    await app.stop(); // idempotent
    expect(adapter.stopped).toBe(1);
  });

  it('cuts connections still open at the shutdown deadline', async () => {
    const hang: Route = { method: 'GET', path: '/test/hang', handle() {} };
    const app = await startSipbot(testConfig(), { adapters: () => [new TestAdapter('test-hang', [hang])], shutdownMs: 200 });
    const pending = fetch(`${app.url}/test/hang`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await app.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('turns an adapter that cannot be built into a StartError with its message', async () => {
    const err = await startSipbot(testConfig(), {
      adapters: () => {
        throw new Error('SLACK_APP_TOKEN must start with xapp-');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartError);
    expect((err as Error).message).toBe('Could not set up the platforms: SLACK_APP_TOKEN must start with xapp-');
  });

  it('says which port is taken, with the fix', async () => {
    const first = await startSipbot(testConfig());
    try {
      const err = await startSipbot(testConfig({ PORT: String(first.port) })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartError);
      expect((err as Error).message).toBe(`PORT ${first.port} is already in use on 127.0.0.1: stop the other process or set PORT to a free port.`);
    } finally {
      await first.stop();
    }
  });
});
