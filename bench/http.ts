// `npm run bench:http`: load on loopback against the real server (startSipbot from real settings,
// Slack in HTTP mode through Bolt) beside a bare node:http server doing the same signature check and
// core call, in the same run; prints requests/s, p99 latency and the ratios. Not a test.
//
// Two processes so client and server do not share a core: this one runs autocannon plus a fake Slack
// (auth.test and the response_url sink every answer is POSTed to); a forked child runs the servers.
// With redis-server installed, a third server is sipbot with REDIS_URL (dedupe and limits in a local
// Redis this script starts): the Redis row is the Slack path with REDIS_URL against the same without.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.js';
import { answer, toReply } from '../src/index.js';
import { startSipbot } from '../server/app.js';

const DURATION_S = 5;
const CONNECTIONS = 10;
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

// ---------------------------------------------------------------------------------------------
// Child: the two servers under test.

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What a hand-written bot would do: verify the v0 signature, ack, answer, POST to response_url. */
function startBare(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/api/explain') {
      const q = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('q') ?? '';
      const json = JSON.stringify(answer(q));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
      return;
    }
    if (req.method === 'POST' && path === '/slack/events') {
      void readBody(req).then((raw) => {
        const ts = String(req.headers['x-slack-request-timestamp'] ?? '');
        const sig = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
        const expected = Buffer.from(`v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${raw.toString()}`).digest('hex')}`);
        if (Math.abs(Date.now() / 1000 - Number(ts)) > 300 || sig.length !== expected.length || !timingSafeEqual(sig, expected)) {
          res.writeHead(401);
          res.end();
          return;
        }
        const form = new URLSearchParams(raw.toString());
        res.writeHead(200);
        res.end();
        const out = { reply: toReply(answer(form.get('text') ?? '')) };
        void fetch(form.get('response_url') ?? '', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', text: out.reply.text }),
        }).catch(() => {});
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function runServers(fakeSlackUrl: string, redisUrl: string | undefined): Promise<void> {
  // The real start path: settings as the environment would give them, then startSipbot. Limits on but
  // out of reach (as in production, every answer consults the per-user and per-channel counters).
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-bench-0000',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${fakeSlackUrl}/api/`,
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_PER_CHANNEL: '1000000',
  };
  const sipbot = await startSipbot(loadConfig(env));
  // The Redis row compares two servers that serve only that row, so neither carries the other rows'
  // history (30 minutes of dedupe keys in memory): an A/A run of this pair measured x1.36 otherwise.
  const withRedis = redisUrl ? await startSipbot(loadConfig({ ...env, REDIS_URL: redisUrl, SIPBOT_REDIS_PREFIX: 'bench:' })) : undefined;
  const withoutRedis = redisUrl ? await startSipbot(loadConfig(env)) : undefined;
  const bare = await startBare();
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  process.send!({ sipbotUrl: sipbot.url, redisSipbotUrl: withRedis?.url, memorySipbotUrl: withoutRedis?.url, bareUrl, adapters: sipbot.adapters.map((a) => `${a.name} (${a.state()})`) });
  process.on('disconnect', () => {
    void Promise.all([sipbot.stop(), withRedis?.stop(), withoutRedis?.stop()]).then(() => bare.close(() => process.exit(0)));
  });
}

/** A local redis-server for the Redis row (no persistence), or undefined when none is installed. */
async function startRedis(): Promise<{ url: string; child: ChildProcess } | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore', cwd: '/tmp' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return { url: `redis://127.0.0.1:${port}/0`, child };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parent: fake Slack, load, report.

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (opts: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Rewrites each request before it is sent (here: a fresh trigger_id and its signature). */
  requests?: (CannonRequest & { setupRequest?: (req: CannonRequest) => CannonRequest })[];
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;

function startFakeSlack(): Promise<{ server: Server; url: string; delivered: () => number }> {
  let delivered = 0;
  const server = createServer((req, res) => {
    void readBody(req).then(() => {
      if (req.url === '/api/auth.test') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, url: 'https://bench.slack.com/', team: 'Bench', user: 'sipbot', team_id: 'T0BENCH', user_id: 'U0BOT', bot_id: 'B0BOT' }));
        return;
      }
      if (req.url?.startsWith('/response/')) delivered++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, delivered: () => delivered })),
  );
}

let triggers = 0;

/** A signed /sip 603 with its own trigger_id: sipbot dedupes a repeated trigger_id as a Slack retry. */
function slashCommand(fakeSlackUrl: string): { method: string; headers: Record<string, string>; body: string } {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'incidents',
    user_id: 'U0ASKER',
    user_name: 'oncall',
    command: '/sip',
    text: '603',
    api_app_id: 'A0BENCH',
    response_url: `${fakeSlackUrl}/response/T0BENCH/1/abc`,
    trigger_id: `${process.pid}.${++triggers}.bench`,
  }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  // Exactly this content type: Bolt compares it with ===.
  return { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature } };
}

/** autocannon options posting a new signed slash command on every request. */
function slashCommands(fakeSlackUrl: string): { requests: NonNullable<Parameters<Autocannon>[0]['requests']> } {
  return { requests: [{ path: '/slack/events', setupRequest: (req) => ({ ...req, ...slashCommand(fakeSlackUrl) }) }] };
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as Autocannon;
  const slack = await startFakeSlack();
  const redis = await startRedis();
  if (!redis) console.warn('bench:http: redis-server is not installed (apt-get install redis-server): no Redis row');
  const child = fork(fileURLToPath(import.meta.url), ['--serve', slack.url, ...(redis ? [redis.url] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  type Urls = { sipbotUrl: string; redisSipbotUrl?: string; memorySipbotUrl?: string; bareUrl: string; adapters: string[] };
  const { sipbotUrl, redisSipbotUrl, memorySipbotUrl, bareUrl, adapters } = await new Promise<Urls>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Urls));
    child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
  });
  const cmds = slashCommands(slack.url);

  // Every server must really answer before we time them.
  const redisPair = redisSipbotUrl && memorySipbotUrl ? [redisSipbotUrl, memorySipbotUrl] : [];
  for (const url of [sipbotUrl, bareUrl, ...redisPair]) {
    const cmd = slashCommand(slack.url);
    const before = slack.delivered();
    const r = await fetch(`${url}/slack/events`, { method: 'POST', headers: cmd.headers, body: cmd.body });
    if (r.status !== 200) throw new Error(`${url}/slack/events answered ${r.status}: check the signature set-up`);
    for (let i = 0; i < 100 && slack.delivered() === before; i++) await new Promise((res) => setTimeout(res, 20));
    if (slack.delivered() === before) throw new Error(`${url} acked but delivered no answer to response_url`);
    const a = (await (await fetch(`${url}/api/explain?q=603`)).json()) as { matches: { code: number }[] };
    if (a.matches[0]?.code !== 603) throw new Error(`${url}/api/explain?q=603 did not answer 603`);
  }

  // Each target runs sipbot, bare, bare, sipbot (ABBA) with a pause between runs, and each server's
  // two runs are averaged: background load and garbage left by the previous run then hit both alike.
  // A warm-up first: both servers share the core in one process, so whichever ran first would
  // otherwise pay for the JIT of both.
  const common = { connections: CONNECTIONS, duration: DURATION_S };
  const warm = { connections: CONNECTIONS, duration: 1 };
  for (const url of [sipbotUrl, bareUrl, ...redisPair]) {
    await autocannon({ ...warm, url: `${url}/api/explain?q=603` });
    await autocannon({ ...warm, url, ...cmds });
  }
  // Each target compares two servers: sipbot against bare, and (the Redis row) sipbot with REDIS_URL
  // against a twin without it.
  const targets = [
    { target: 'GET /api/explain?q=603', pair: ['sipbot', 'bare'] as const, opts: (url: string) => ({ ...common, url: `${url}/api/explain?q=603` }), answers: false },
    { target: 'POST /slack/events', pair: ['sipbot', 'bare'] as const, opts: (url: string) => ({ ...common, url, ...cmds }), answers: true },
    ...(redisPair.length
      ? [{ target: 'POST /slack/events', pair: ['redis', 'memory'] as const, opts: (url: string) => ({ ...common, url, ...cmds }), answers: true }]
      : []),
  ];
  const urlOf = { sipbot: sipbotUrl, bare: bareUrl, redis: redisSipbotUrl ?? '', memory: memorySipbotUrl ?? '' };
  interface Run {
    r: AutocannonResult;
    delivered: number;
  }
  interface Row {
    name: string;
    target: string;
    rps: number;
    p50: number;
    p99: number;
    non2xx: number;
    errors: number;
    answers?: number;
  }
  const rows: Row[] = [];
  for (const t of targets) {
    const [first, second] = t.pair;
    const runs: Record<string, Run[]> = { [first]: [], [second]: [] };
    for (const name of [first, second, second, first]) {
      await new Promise((res) => setTimeout(res, 1000));
      const before = slack.delivered();
      const r = await autocannon(t.opts(urlOf[name]));
      await new Promise((res) => setTimeout(res, 300)); // the last answers reach response_url
      runs[name]!.push({ r, delivered: slack.delivered() - before });
    }
    for (const name of t.pair) {
      const two = runs[name]!;
      const mean = (f: (x: Run) => number) => two.reduce((n, x) => n + f(x), 0) / two.length;
      const sum = (f: (x: Run) => number) => two.reduce((n, x) => n + f(x), 0);
      rows.push({
        name,
        target: t.target,
        rps: mean((x) => x.r.requests.average),
        p50: mean((x) => x.r.latency.p50),
        p99: mean((x) => x.r.latency.p99),
        non2xx: sum((x) => x.r.non2xx),
        errors: sum((x) => x.r.errors + x.r.timeouts),
        answers: t.answers ? sum((x) => x.delivered) : undefined,
      });
    }
  }

  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(
    `\nsipbot HTTP benchmark: loopback, ${CONNECTIONS} connections, 2 x ${DURATION_S} s per row (ABBA), node ${process.version}, ${cpus().length} cores, load average ${load}`,
  );
  console.log(`sipbot adapters: ${adapters.join(', ')}\n`);
  console.log(`${'server'.padEnd(8)}${'target'.padEnd(24)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}${pad('answers', 9)}`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(8)}${r.target.padEnd(24)}${pad(r.rps.toFixed(0), 10)}${pad(r.p50.toFixed(1), 9)}${pad(r.p99.toFixed(1), 9)}${pad(r.non2xx, 9)}${pad(r.errors, 8)}${pad(r.answers ?? '-', 9)}`,
    );
  }
  console.log('');
  for (let i = 0; i < rows.length; i += 2) {
    const s = rows[i]!;
    const b = rows[i + 1]!;
    const p99 = b.p99 > 0 ? `x${(s.p99 / b.p99).toFixed(2)}` : 'n/a';
    console.log(`${s.target.padEnd(24)} ${s.name}/${b.name}: requests/s x${(s.rps / b.rps).toFixed(2)}, p99 ${p99}`);
  }
  console.log('\n"answers" = answers POSTed to the response_url sink (slash commands are acked first, answered after).');
  console.log('bare = node:http doing the same signature check, core call and response_url POST, without Bolt, Block Kit or the host.');
  if (redisPair.length) {
    console.log('redis = sipbot with REDIS_URL (a local redis-server): trigger_id dedupe and both rate limits in Redis;');
    console.log('memory = the same settings without REDIS_URL; both serve only their row.');
  }

  child.disconnect();
  await new Promise((res) => child.once('exit', res));
  await new Promise((res) => slack.server.close(res));
  redis?.child.kill('SIGKILL');
}

if (process.argv[2] === '--serve') {
  runServers(process.argv[3]!, process.argv[4]).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    console.error(`bench:http failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
