// Fuzzing the HTTP endpoints with fast-check over raw sockets: random methods, request targets,
// headers, content types and bodies, sent whole, truncated, cut mid-body or with a lying
// Content-Length. The server must never crash, never answer 500, and still answer /healthz after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connect } from 'node:net';
import { startSipbot, type Sipbot } from '../../server/app.js';
import type { Route } from '../../server/adapter.js';
import { TestAdapter, testConfig } from './helpers.js';

const CAP = 8192;

interface Sent {
  method: string;
  target: string;
  headers: [string, string][];
  body: Uint8Array;
  ending: 'framed' | 'raw' | 'half-close' | 'cut' | 'lying-length';
}

/** Sends raw bytes; resolves with the status code, or null when the server said nothing in time. */
function sendRaw(port: number, s: Sent, waitMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(finalPart());
      resolve(m ? Number(m[1]) : null);
    };
    // Interim responses (100 Continue for "Expect: 100-continue") come before the final one.
    const finalPart = () => data.replace(/^(?:HTTP\/1\.[01] 1\d\d [^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n)+/, '');
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c: Buffer) => {
      data += c.toString('latin1');
      if (finalPart().includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      const head =
        `${s.method} ${s.target} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        s.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') +
        (s.ending === 'lying-length' ? `Content-Length: ${s.body.length + 100}\r\n` : '') +
        (s.ending === 'framed' ? `Content-Length: ${s.body.length}\r\n` : '') +
        '\r\n';
      const bytes = Buffer.concat([Buffer.from(head, 'latin1'), s.body]);
      switch (s.ending) {
        case 'framed':
        case 'raw':
        case 'lying-length':
          socket.write(bytes);
          break;
        case 'half-close':
          socket.end(bytes.subarray(0, Math.max(1, bytes.length >> 1)));
          break;
        case 'cut':
          socket.write(bytes.subarray(0, Math.max(1, bytes.length >> 1)), () => socket.destroy());
          break;
      }
    });
  });
}

// Weighted so most requests are well formed enough to reach a route, and the rest probe the parser.
const method = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'), weight: 8 },
  { arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 8 }), weight: 1 },
);

const target = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '/',
      '/healthz',
      '/api/explain',
      '/api/explain',
      '/api/explain?q=603',
      '/api/explain?include=reply&q=486%20vs%20600',
      '/api/explain?q=%ZZ',
      '/api/explain?q=__proto__',
      '/test/events',
      '/test/events',
      '/favicon.ico',
      '*',
      '//',
      'http://127.0.0.1/api/explain?q=1',
      'http://[::1',
    ),
    weight: 6,
  },
  { arbitrary: fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)), weight: 2 },
  { arbitrary: fc.webQueryParameters().map((q) => `/api/explain?${q}`), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => `/${s.replace(/\s/g, '')}`), weight: 1 },
);

const headerName = fc.oneof(
  { arbitrary: fc.constantFrom('Content-Type', 'Content-Type', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Expect', 'X-Forwarded-For', 'Accept'), weight: 4 },
  { arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), weight: 1 },
);
const headerValue = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'chunked',
      'gzip, chunked',
      '0',
      '-1',
      '99999999999999999999',
      String(CAP + 1),
      '100-continue',
      'close',
      'keep-alive',
    ),
    weight: 6,
  },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((v) => v.replace(/[\r\n]/g, '')), weight: 1 },
);

const body = fc.oneof(
  fc.uint8Array({ maxLength: 1500 }),
  fc.json().map((j) => new TextEncoder().encode(j)),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(JSON.stringify({ q: s }))),
  fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc.integer({ min: CAP - 10, max: CAP * 3 }).map((n) => new Uint8Array(n).fill(0x41)),
);

const wild: fc.Arbitrary<Sent> = fc
  .record({
    method,
    target,
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
    body,
    ending: fc.constantFrom('framed', 'framed', 'framed', 'raw', 'half-close', 'cut', 'lying-length'),
  })
  .map((s) =>
    // A framed request carries the one true Content-Length; the other endings keep whatever was drawn.
    s.ending === 'framed' ? { ...s, headers: s.headers.filter(([k]) => !/^(content-length|transfer-encoding)$/i.test(k)) } : s,
  );

// Requests a real client could send, with random content: these reach the handlers.
const plausible: fc.Arbitrary<Sent> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'HEAD'),
  target: fc.oneof(
    fc.constantFrom('/', '/healthz', '/api/explain', '/api/explain?include=reply', '/test/events'),
    fc.webQueryParameters().map((q) => `/api/explain?${q}`),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((q) => `/api/explain?include=reply&q=${encodeURIComponent(q)}`),
  ),
  headers: fc.subarray([
    ['Content-Type', 'application/json'] as [string, string],
    ['Content-Type', 'text/plain; charset=utf-8'] as [string, string],
    ['X-Forwarded-For', '192.0.2.7'] as [string, string],
    ['Accept', '*/*'] as [string, string],
  ]),
  body,
  ending: fc.constantFrom('framed', 'framed', 'framed', 'cut', 'lying-length'),
});

const request = fc.oneof(plausible, wild);

describe('HTTP fuzzing', () => {
  let app: Sipbot;
  let port: number;
  const echo: Route = {
    method: 'POST',
    path: '/test/events',
    handle(_req, res, b) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(String(b.length));
    },
  };

  beforeAll(async () => {
    app = await startSipbot(testConfig({ MAX_BODY_BYTES: String(CAP), RATE_LIMIT_PER_USER: '0' }), {
      adapters: () => [new TestAdapter('test-echo', [echo])],
    });
    port = app.port;
  });
  afterAll(() => app.stop());

  it('survives random, malformed, truncated and aborted requests without a 500', async () => {
    const statuses = new Map<number | null, number>();
    await fc.assert(
      fc.asyncProperty(request, async (s) => {
        const status = await sendRaw(port, s, 300);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== null) {
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).not.toBe(500);
        }
      }),
      { numRuns: 300 },
    );
    // Most requests got an answer; some (lying lengths, cut bodies) rightly got none.
    expect([...statuses.entries()].filter(([k]) => k !== null).reduce((n, [, v]) => n + v, 0)).toBeGreaterThan(100);
    // ...and enough of them reached a handler and were answered, so the run tested more than the parser.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(10);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);

  it('answers any question text with 200 or a 400, always as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 80 })), async (q) => {
        const get = await fetch(`${app.url}/api/explain?include=reply&q=${encodeURIComponent(q)}`);
        expect([200, 400]).toContain(get.status);
        expect(get.headers.get('content-type')).toContain('application/json');
        const body = (await get.json()) as { matches?: unknown[]; reply?: { title: string }; error?: string };
        if (get.status === 200) {
          expect(Array.isArray(body.matches)).toBe(true);
          expect(typeof body.reply?.title).toBe('string');
        } else expect(body.error).toBe('missing_q');

        const post = await fetch(`${app.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q }) });
        expect(post.status).toBe(get.status);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('still answers after hundreds of connections opened and dropped at once', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        sendRaw(port, { method: 'POST', target: '/api/explain', headers: [['Content-Length', '5000']], body: new Uint8Array(i % 50), ending: 'cut' }, 200),
      ),
    );
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(((await (await fetch(`${app.url}/api/explain?q=603`)).json()) as { matches: { code: number }[] }).matches[0]?.code).toBe(603);
  }, 30_000);
});
