// The real process: `npm start` (its prestart build included) and `node dist/server/main.js` as the
// Procfile runs it. Clean exit 0 on SIGTERM and SIGINT within 10 s with no process left behind, and
// a one-line message with exit 1 for bad settings. The first test builds dist/ for the others.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'dist/server/main.js';
const BUILD_MS = 150_000; // tsc over the whole project on 2 busy cores

/** The test process's environment without any sipbot setting, and no .env file (a developer may have one). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(SLACK_|DISCORD_|PORT$|HOST$|LOG_LEVEL$|RATE_LIMIT_|MAX_BODY_BYTES$|MAX_CONNECTIONS$|MAX_BUFFERED_BYTES$|SHUTDOWN_GRACE_MS$|TRUST_PROXY$|DOTENV_)/.test(k)) env[k] = v;
  }
  return { ...env, DOTENV_CONFIG_PATH: '/nonexistent/sipbot-test.env', PORT: '0', HOST: '127.0.0.1', ...extra };
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Running {
  // detached: its own process group, like a terminal job, so we can signal the group and find leftovers.
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitForUrl(r: Running, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = /listening on (http:\/\/\S+?) /.exec(r.stderr());
    if (m) return m[1]!.replace('localhost', '127.0.0.1');
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no URL line within ${ms} ms\nstdout:\n${r.stdout()}\nstderr:\n${r.stderr()}`);
}

/** Processes of a process group that are still alive (zombies already exited), read from /proc. */
function aliveInGroup(pgid: number): string[] {
  const alive: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') alive.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)}`);
  }
  return alive;
}

async function expectNothingLeft(pgid: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (aliveInGroup(pgid).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(aliveInGroup(pgid)).toEqual([]);
}

async function expectCleanExit(r: Running, send: () => void): Promise<void> {
  const t0 = Date.now();
  send();
  const timeout = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 10_000).unref());
  const result = await Promise.race([r.exited, timeout]);
  // npm killed by the signal (code null) with sipbot's "stopped" missing means the signal never reached
  // node: the start script must be `exec node dist/server/main.js`, or sh keeps node as its child.
  const hint = 'npm start must exit 0 after sipbot stops; if npm died of the signal, does the start script exec node?';
  expect(result, `${hint}\nstderr:\n${r.stderr()}\nstdout:\n${r.stdout()}`).toEqual({ code: 0, signal: null });
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(r.stdout()).toContain('"msg":"stopped"');
  await expectNothingLeft(r.child.pid!);
}

afterEach(() => {
  // Whatever a failed test left running: only the groups this file started.
  for (const c of started.splice(0)) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('npm start', () => {
  it(
    'builds, serves, and exits 0 on SIGTERM to npm within 10 s, leaving no process behind',
    async () => {
      const r = run('npm', ['start'], childEnv());
      const url = await waitForUrl(r, BUILD_MS);
      expect(r.stderr()).toMatch(/slack: off \(set SLACK_BOT_TOKEN/);
      expect(r.stderr()).toMatch(/discord-gateway: off \(set DISCORD_TOKEN/);
      expect(r.stderr()).toMatch(/discord-interactions: off \(set DISCORD_PUBLIC_KEY/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const answer = (await (await fetch(`${url}/api/explain?q=603`)).json()) as { matches: { code: number }[] };
      expect(answer.matches[0]?.code).toBe(603);
      await expectCleanExit(r, () => r.child.kill('SIGTERM'));
    },
    BUILD_MS + 30_000,
  );

  it('exits 0 on Ctrl-C (SIGINT to the whole process group), leaving no process behind', async () => {
    // --ignore-scripts skips prestart only: the build is the previous test's.
    const r = run('npm', ['start', '--ignore-scripts'], childEnv());
    await waitForUrl(r, 15_000);
    await expectCleanExit(r, () => process.kill(-r.child.pid!, 'SIGINT'));
  }, 30_000);
});

describe('node dist/server/main.js (the Procfile command)', () => {
  it('exits 0 on SIGTERM', async () => {
    const r = run(process.execPath, [MAIN], childEnv());
    const url = await waitForUrl(r, 15_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await expectCleanExit(r, () => r.child.kill('SIGTERM'));
  }, 30_000);

  it('exits 0 on SIGINT', async () => {
    const r = run(process.execPath, [MAIN], childEnv());
    await waitForUrl(r, 15_000);
    await expectCleanExit(r, () => r.child.kill('SIGINT'));
  }, 30_000);

  const bad: [string, Record<string, string>, string][] = [
    ['a malformed SLACK_APP_TOKEN', { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_APP_TOKEN: 'abc' }, 'sipbot: SLACK_APP_TOKEN must start with xapp-'],
    [
      'a missing SLACK_SIGNING_SECRET',
      { SLACK_BOT_TOKEN: 'xoxb-1-2-3' },
      'sipbot: SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Slack app > Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode.',
    ],
    ['a bad PORT', { PORT: 'eighty' }, 'sipbot: PORT must be a whole number 0-65535'],
  ];

  it.each(bad)('stops with exit 1 and one line for %s, without a stack trace', async (_what, env, line) => {
    const r = run(process.execPath, [MAIN], childEnv(env));
    const { code } = await r.exited;
    expect(code).toBe(1);
    const lines = r.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(line), lines[0]).toBe(true);
    expect(r.stderr()).not.toMatch(/\n\s+at /);
    expect(r.stdout()).toBe('');
  }, 15_000);

  it('stops with exit 1 and one line when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = run(process.execPath, [MAIN], childEnv({ PORT: String(port) }));
      const { code } = await r.exited;
      expect(code).toBe(1);
      expect(r.stderr().trimEnd()).toBe(`sipbot: PORT ${port} is already in use on 127.0.0.1: stop the other process or set PORT to a free port.`);
    } finally {
      await new Promise((res) => blocker.close(res));
    }
  }, 15_000);
});

interface Sent {
  sentAt: number;
  outcome: number | string;
}

/** One request; `sentAt` is when its last byte was handed to the socket, `outcome` the status or the error code. */
function send(url: string, agent: Agent | false, path: string, body?: string): Promise<Sent> {
  return new Promise((resolve) => {
    let sentAt = Infinity;
    const req = request(`${url}${path}`, { agent, method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'text/plain' } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ sentAt, outcome: res.statusCode ?? 0 }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ sentAt, outcome: e.code ?? e.message }));
    });
    req.on('finish', () => (sentAt = Date.now()));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ sentAt, outcome: e.code ?? e.message }));
    req.end(body);
  });
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

describe('shutdown drain and limits, on the real process', () => {
  it('at SIGTERM keeps answering for SHUTDOWN_GRACE_MS with /healthz 503, and resets no request sent before the signal', async () => {
    const r = run(process.execPath, [MAIN], childEnv({ SHUTDOWN_GRACE_MS: '1500', RATE_LIMIT_PER_USER: '0', RATE_LIMIT_PER_CHANNEL: '0' }));
    const url = await waitForUrl(r, 15_000);
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 6 });
    const log = `${'Dec  2 10:00:01 pbx kamailio[42]: INFO: <script>: reply 486 Busy Here from sip:bob@example.com\n'.repeat(400)}`;
    const results: Promise<Sent>[] = [];
    let signalAt = Infinity;
    const health: { at: number; status: number | string; body: string }[] = [];
    const t0 = Date.now();
    // A steady burst over keep-alive and fresh connections, GETs and 30 KB pasted logs, across the signal.
    while (Date.now() - t0 < 2_600) {
      for (let i = 0; i < 4; i++) {
        results.push(send(url, i % 2 ? keepAlive : false, '/api/explain?q=603'));
        results.push(send(url, i % 2 ? false : keepAlive, '/api/explain', log));
      }
      if (signalAt === Infinity && Date.now() - t0 > 600) {
        signalAt = Date.now();
        r.child.kill('SIGTERM');
      }
      if (signalAt < Infinity && Date.now() - signalAt > 300 && Date.now() - signalAt < 1_200 && health.length < 3) {
        health.push(
          await fetch(`${url}/healthz`).then(
            async (h) => ({ at: Date.now() - signalAt, status: h.status, body: await h.text() }),
            (e: Error) => ({ at: Date.now() - signalAt, status: e.message, body: '' }),
          ),
        );
      }
      await new Promise((res) => setTimeout(res, 15));
    }
    const all = await Promise.all(results);
    keepAlive.destroy();
    const before = all.filter((s) => s.sentAt < signalAt);
    const failed = before.filter((s) => s.outcome !== 200);
    expect(before.length).toBeGreaterThan(50);
    expect(failed, `requests sent before SIGTERM that failed: ${JSON.stringify(failed.slice(0, 5))}`).toEqual([]);
    // Requests sent during the grace period are answered too.
    expect(all.filter((s) => s.sentAt > signalAt && s.sentAt < signalAt + 1_200).every((s) => s.outcome === 200)).toBe(true);
    expect(health.length).toBeGreaterThan(0);
    for (const h of health) {
      expect(h.status, JSON.stringify(h)).toBe(503);
      expect(JSON.parse(h.body)).toMatchObject({ status: 'stopping' });
    }
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stdout()).toContain('"msg":"stopped"');
  }, 30_000);

  it('exits on SIGTERM when stdout is a pipe whose reader has gone (npm start | head -1)', async () => {
    const r = run(process.execPath, [MAIN], childEnv({ SHUTDOWN_GRACE_MS: '0' }));
    const url = await waitForUrl(r, 15_000);
    await new Promise((res) => setTimeout(res, 200));
    r.child.stdout!.destroy(); // the reader closes its end, as head does after its first line
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    r.child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 10_000).unref());
    expect(await Promise.race([r.exited, timeout])).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('keeps /healthz answering while more idle sockets are open than file descriptors allow (MAX_CONNECTIONS)', async () => {
    // 200 descriptors for the child, 300 idle sockets: without a connection cap accept() runs out.
    const r = run('/bin/sh', ['-c', `ulimit -n 200 && exec "${process.execPath}" ${MAIN}`], childEnv({ MAX_CONNECTIONS: '100' }));
    const url = await waitForUrl(r, 15_000);
    const { port } = new URL(url);
    const idle: Socket[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        const s = connect(Number(port), '127.0.0.1');
        s.on('error', () => {});
        idle.push(s);
        if (i % 50 === 49) await new Promise((res) => setTimeout(res, 50));
      }
      await new Promise((res) => setTimeout(res, 300));
      const h = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      expect(h.status).toBe(200);
      const a = await fetch(`${url}/api/explain?q=603`, { signal: AbortSignal.timeout(5_000) });
      expect(a.status).toBe(200);
    } finally {
      for (const s of idle) s.destroy();
    }
    r.child.kill('SIGTERM');
    expect((await r.exited).code).toBe(0);
  }, 30_000);

  it('sheds slow large bodies with 503 + Retry-After beyond MAX_BUFFERED_BYTES, memory staying bounded', async () => {
    const r = run(process.execPath, [MAIN], childEnv({ MAX_BUFFERED_BYTES: String(4 * 1024 * 1024), RATE_LIMIT_PER_USER: '0' }));
    const url = await waitForUrl(r, 15_000);
    const { port } = new URL(url);
    await fetch(`${url}/api/explain?q=603`);
    const base = rss(r.child.pid!);
    const SIZE = 1_100_000;
    const chunk = 'x'.repeat(1_000_000);
    const sockets: Socket[] = [];
    const answers: Promise<string>[] = [];
    try {
      for (let i = 0; i < 80; i++) {
        const s = connect(Number(port), '127.0.0.1');
        s.on('error', () => {});
        sockets.push(s);
        let got = '';
        answers.push(
          new Promise((res) => {
            s.on('data', (d: Buffer) => (got += d.toString('latin1')));
            s.on('close', () => res(got));
            // A 503 comes at once; the wait only bounds the stalled uploads that fit (generous: CI machines are busy).
            setTimeout(() => res(got), 12_000).unref();
          }),
        );
        // Headers and most of the body, then the client stalls (slow upload).
        s.write(`POST /api/explain HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${SIZE}\r\n\r\n`);
        s.write(chunk);
      }
      await new Promise((res) => setTimeout(res, 1_500));
      const grown = rss(r.child.pid!) - base;
      const got = await Promise.all(answers);
      const shed = got.filter((g) => /^HTTP\/1\.1 503/.test(g) && /\r\nretry-after: \d+\r\n/i.test(g));
      expect(shed.length).toBeGreaterThanOrEqual(70);
      expect(grown, `RSS grew by ${Math.round(grown / 1e6)} MB for 80 MB of bodies`).toBeLessThan(40 * 1024 * 1024);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
    }
    r.child.kill('SIGTERM');
    expect((await r.exited).code).toBe(0);
  }, 30_000);
});
