// The scale-out "done when", end to end: two real server processes (server/main.ts, as `npm start`
// runs it, through tsx so no build is needed) in Slack HTTP mode against one fake Slack and one real
// redis-server. A duplicate Slack delivery is answered once whichever instance gets it, a per-user
// limit is shared, and both keep answering while Redis is killed and share again once it is back.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCallback, FAKE_BOT, FakeSlack, postSigned, SIGNING_SECRET } from '../fakes/slack.js';
import { eventually, redisAvailable, TestRedis } from './redis-server.js';

const available = redisAvailable('test/server/redis-scaleout.test.ts');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PER_USER = 2;

interface Instance {
  child: ChildProcess;
  url: string;
  events: string;
  stdout: () => string;
}

const children: ChildProcess[] = [];

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(SLACK_|DISCORD_|PORT$|HOST$|LOG_LEVEL$|RATE_LIMIT_|MAX_BODY_BYTES$|TRUST_PROXY$|DOTENV_|REDIS_|SIPBOT_)/.test(k)) env[k] = v;
  }
  return { ...env, DOTENV_CONFIG_PATH: '/nonexistent/sipbot-test.env', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra };
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const found = await eventually(() => /listening on (http:\/\/\S+?) /.test(err) || child.exitCode !== null, 60_000);
  const m = /listening on (http:\/\/\S+?) /.exec(err);
  if (!found || !m) throw new Error(`sipbot did not start\nstdout:\n${out}\nstderr:\n${err}`);
  const url = m[1]!.replace('localhost', '127.0.0.1');
  return { child, url, events: `${url}/slack/events`, stdout: () => out };
}

interface Health {
  status: string;
  adapters: { name: string; state: string }[];
}
const health = async (i: Instance) => (await (await fetch(`${i.url}/healthz`)).json()) as Health;
const redisState = async (i: Instance) => (await health(i)).adapters.find((a) => a.name === 'redis')?.state;

describe.skipIf(!available)('two sipbot processes sharing one Redis', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let a: Instance;
  let b: Instance;
  let seq = 0;
  const ts = () => `1700100000.${String(++seq).padStart(6, '0')}`;
  const mention = (channel: string, user: string, text: string, messageTs = ts()) =>
    eventCallback({ type: 'app_mention', user, text: `<@${FAKE_BOT.user_id}> ${text}`, ts: messageTs, channel }, { eventId: `EvSCALE${++seq}` });
  const posts = (channel: string) => slack.api('chat.postMessage').filter((r) => r.body.channel === channel);
  const ephemerals = (channel: string) => slack.api('chat.postEphemeral').filter((r) => r.body.channel === channel);

  /** A fresh mention to each instance, answered: whatever was sent before has been handled. */
  async function barrier(): Promise<void> {
    for (const i of [a, b]) {
      const channel = `CBARRIER${++seq}`;
      expect((await postSigned(i.events, mention(channel, `UBARRIER${seq}`, '200'))).status).toBe(200);
      await slack.waitForApi('chat.postMessage', (r) => r.body.channel === channel, 10_000);
    }
  }

  beforeAll(async () => {
    redis = await TestRedis.start();
    slack = await FakeSlack.start();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-1111-2222-scaleout',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: redis.url,
      SIPBOT_REDIS_PREFIX: `scaleout-${process.pid}:`,
      RATE_LIMIT_PER_USER: String(PER_USER),
    };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    for (const i of [a, b]) expect(await eventually(async () => (await redisState(i)) === 'connected', 20_000)).toBe(true);
  }, 90_000);

  afterAll(async () => {
    for (const c of children.splice(0)) {
      if (c.exitCode !== null) continue;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (c.exitCode === null) c.kill('SIGKILL');
    }
    await slack?.stop();
    await redis?.stop();
  }, 30_000);

  it('answers a Slack delivery once when its retry, or the same delivery at the same moment, reaches the other instance', async () => {
    const retried = mention('C0DUP1', 'U0DUP', '486');
    expect((await postSigned(a.events, retried)).status).toBe(200);
    await slack.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0DUP1', 10_000);
    expect((await postSigned(b.events, retried, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);

    const raced = mention('C0DUP2', 'U0DUP', '603');
    const codes = await Promise.all([postSigned(a.events, raced), postSigned(b.events, raced)]);
    expect(codes.map((c) => c.status)).toEqual([200, 200]);

    await barrier();
    expect(posts('C0DUP1')).toHaveLength(1);
    expect(posts('C0DUP2')).toHaveLength(1);
  }, 60_000);

  it('shares the per-user limit: the third question in a minute is refused whichever instance it reaches', async () => {
    expect((await postSigned(a.events, mention('C0LIM', 'U0LIMIT', '480'))).status).toBe(200);
    await slack.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0LIM', 10_000);
    expect((await postSigned(b.events, mention('C0LIM', 'U0LIMIT', '481'))).status).toBe(200);
    await eventually(() => posts('C0LIM').length === 2, 10_000);
    // On its own, instance A has answered this person once: only the shared counter says "slow down".
    expect((await postSigned(a.events, mention('C0LIM', 'U0LIMIT', '482'))).status).toBe(200);
    await slack.waitForApi('chat.postEphemeral', (r) => r.body.channel === 'C0LIM', 10_000);
    await barrier();
    expect(posts('C0LIM')).toHaveLength(PER_USER);
    expect(ephemerals('C0LIM')).toHaveLength(1);
    expect(ephemerals('C0LIM')[0]!.body.user).toBe('U0LIMIT');
  }, 60_000);

  it('keeps answering while Redis is killed (degraded, one warning each), and shares again once it is back', async () => {
    // Count this outage's warnings only: on a loaded machine an earlier command may already have timed out once.
    const unreachable = (i: typeof a) => i.stdout().match(/Redis is unreachable/g)?.length ?? 0;
    const before = new Map([a, b].map((i) => [i, unreachable(i)] as const));
    await redis.kill();
    for (const i of [a, b]) expect(await eventually(async () => (await redisState(i)) === 'failing', 10_000)).toBe(true);
    for (const i of [a, b]) {
      const res = await fetch(`${i.url}/healthz`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as Health).status).toBe('degraded');
    }
    // Both instances answer from their own memory meanwhile.
    for (const [n, i] of [a, b].entries()) {
      expect((await postSigned(i.events, mention(`C0DOWN${n}`, `U0DOWN${n}`, '503'))).status).toBe(200);
      await slack.waitForApi('chat.postMessage', (r) => r.body.channel === `C0DOWN${n}`, 10_000);
    }
    for (const i of [a, b]) expect(unreachable(i) - before.get(i)!).toBe(1);

    await redis.restart();
    for (const i of [a, b]) expect(await eventually(async () => (await health(i)).status === 'ok', 20_000)).toBe(true);
    const again = mention('C0BACK', 'U0BACK', '408');
    expect((await postSigned(b.events, again)).status).toBe(200);
    await slack.waitForApi('chat.postMessage', (r) => r.body.channel === 'C0BACK', 10_000);
    expect((await postSigned(a.events, again, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await barrier();
    expect(posts('C0BACK')).toHaveLength(1);
  }, 90_000);
});
