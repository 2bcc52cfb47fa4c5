// The Redis store against a real redis-server: what two instances share (dedupe, limits, parked
// questions), keys under the prefix with TTLs, and failing open when Redis is killed, down at start-up
// or refuses the password, then 'connected' again on its own.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createState } from '../../server/state/index.js';
import { redisState, type RedisState } from '../../server/state/redis.js';
import type { Logger } from '../../server/adapter.js';
import { eventually, redisAvailable, TestRedis } from './redis-server.js';

const available = redisAvailable('test/server/redis-state.test.ts');

interface Line {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

function recordingLogger(): Logger & { lines: Line[]; at(level: Line['level']): Line[] } {
  const lines: Line[] = [];
  const log = (level: Line['level']) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), at: (l) => lines.filter((x) => x.level === l) };
}

describe.skipIf(!available)('Redis store (real redis-server)', () => {
  let redis: TestRedis;
  const open: RedisState[] = [];
  let raw: Redis;

  async function store(opts: { prefix?: string; url?: string; logger?: Logger } = {}): Promise<RedisState> {
    const s = redisState({ url: opts.url ?? redis.url, prefix: opts.prefix ?? 'sipbot-test:', logger: opts.logger ?? recordingLogger() });
    open.push(s);
    await s.whenReady(5000);
    return s;
  }

  beforeAll(async () => {
    redis = await TestRedis.start();
    raw = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: true });
    raw.on('error', () => undefined); // the test's own inspection client; it reconnects after each kill
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await redis.restart();
    if (raw.status !== 'ready') await raw.connect().catch(() => undefined);
    await raw.flushall();
  });
  afterAll(async () => {
    raw?.disconnect();
    await redis?.stop();
  });

  it('answers a delivery once across two instances, whichever of its keys comes back (event id or channel + ts)', async () => {
    const a = await store();
    const b = await store();
    expect(a.state()).toBe('connected');
    const da = a.deduper('slack-events', 60_000);
    const db = b.deduper('slack-events', 60_000);
    expect(await da.firstTime('Ev1', 'C1:1700000000.000100')).toBe(true);
    // Slack's retry of the same event lands on the other instance.
    expect(await db.firstTime('Ev1', 'C1:1700000000.000100')).toBe(false);
    // The same message delivered again as another event (message + app_mention) shares channel + ts.
    expect(await db.firstTime('Ev2', 'C1:1700000000.000100')).toBe(false);
    expect(await db.firstTime('Ev3', undefined, 'C1:1700000000.000200')).toBe(true);
    // Names are namespaces: the same id under another name is new.
    expect(await b.deduper('discord-interactions', 60_000).firstTime('Ev1')).toBe(true);
    const pttl = await raw.pttl('sipbot-test:slack-events:Ev1');
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('answers exactly one of many instances racing with the same delivery', async () => {
    const stores = await Promise.all([store(), store(), store()]);
    const results = await Promise.all(
      stores.flatMap((s, i) => [s.deduper('race', 10_000).firstTime('E', `C:${i % 2}`), s.deduper('race', 10_000).firstTime(`C:${i % 2}`, 'E')]),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('shares a per-user limit across instances in one fixed window, with a Retry-After', async () => {
    const a = (await store()).limiter('user', 3, 60_000);
    const b = (await store()).limiter('user', 3, 60_000);
    expect((await a.consume('U1')).allowed).toBe(true);
    expect((await b.consume('U1')).allowed).toBe(true);
    expect((await a.consume('U1')).allowed).toBe(true);
    const over = await b.consume('U1');
    expect(over.allowed).toBe(false);
    expect(over.retryAfterS).toBeGreaterThanOrEqual(50);
    expect(over.retryAfterS).toBeLessThanOrEqual(60);
    // Another user, and the same user under another limiter name, have their own counters.
    expect((await b.consume('U2')).allowed).toBe(true);
    expect((await (await store()).limiter('channel', 3, 60_000).consume('U1')).allowed).toBe(true);
    const keys = await raw.keys('sipbot-test:user*');
    expect(keys.sort()).toEqual(['sipbot-test:user:U1', 'sipbot-test:user:U2']);
    expect(await raw.pttl('sipbot-test:user:U1')).toBeGreaterThan(50_000);
  });

  it('starts a new window when the old one ends', async () => {
    const l = (await store()).limiter('short', 1, 1000);
    expect((await l.consume('U')).allowed).toBe(true);
    const over = await l.consume('U');
    expect(over).toEqual({ allowed: false, retryAfterS: 1 });
    expect(await eventually(async () => (await raw.exists('sipbot-test:short:U')) === 0, 3000)).toBe(true);
    expect((await l.consume('U')).allowed).toBe(true);
  });

  it('parks a long question on one instance and gives it back on another, under the prefix with its TTL', async () => {
    const a = (await store()).parking('share', 3_600_000);
    const b = (await store()).parking('share', 3_600_000);
    const question = `INVITE sip:1000@example.com SIP/2.0\n${'x'.repeat(5000)}`;
    const id = await a.put(question);
    expect(await b.get(id)).toBe(question);
    expect(await b.get('no-such-id')).toBeUndefined();
    expect(await raw.pttl(`sipbot-test:share:${id}`)).toBeGreaterThan(3_500_000);
  });

  it('keeps the default prefix sipbot: and a custom one apart', async () => {
    const plain = await store({ prefix: undefined });
    const s = redisState({ url: redis.url, logger: recordingLogger() });
    open.push(s);
    await s.whenReady(5000);
    expect(await s.deduper('d', 10_000).firstTime('k')).toBe(true);
    expect(await raw.exists('sipbot:d:k')).toBe(1);
    expect(await plain.deduper('d', 10_000).firstTime('k')).toBe(true);
    expect(await raw.exists('sipbot-test:d:k')).toBe(1);
  });

  it('fails open at once when Redis is killed: memory answers, one warning for the outage, then connected again on its own', async () => {
    const logger = recordingLogger();
    const a = await store({ logger });
    const b = await store();
    const da = a.deduper('events', 60_000);
    const la = a.limiter('user', 2, 60_000);
    const pa = a.parking('share', 60_000);
    expect(await da.firstTime('before')).toBe(true);

    await redis.kill();
    expect(await eventually(() => a.state() === 'failing', 5000)).toBe(true);

    // Every kind of call still answers, from this instance's memory.
    for (let i = 0; i < 20; i++) expect(await da.firstTime(`during-${i}`)).toBe(true);
    expect(await da.firstTime('during-0')).toBe(false);
    expect((await la.consume('U')).allowed).toBe(true);
    expect((await la.consume('U')).allowed).toBe(true);
    expect((await la.consume('U')).allowed).toBe(false);
    const id = await pa.put('parked during the outage');
    expect(await pa.get(id)).toBe('parked during the outage');

    // One warning for the whole outage (ioredis retries many times meanwhile), naming no password.
    await new Promise((r) => setTimeout(r, 600));
    const warns = logger.at('warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]!.msg).toMatch(/Redis is unreachable.*memory/);
    expect(warns[0]!.obj).toMatchObject({ redis: `redis://127.0.0.1:${redis.port}/0` });

    await redis.restart();
    expect(await eventually(() => a.state() === 'connected' && b.state() === 'connected', 10_000)).toBe(true);
    expect(logger.at('info').some((l) => /reachable again/.test(l.msg ?? ''))).toBe(true);
    // Shared again (the restarted Redis is empty: nothing was saved).
    expect(await da.firstTime('after')).toBe(true);
    expect(await b.deduper('events', 60_000).firstTime('after')).toBe(false);
    // What was parked during the outage is still there on the instance that parked it.
    expect(await pa.get(id)).toBe('parked during the outage');

    // A second outage gets its own single warning.
    await redis.kill();
    expect(await eventually(() => a.state() === 'failing', 5000)).toBe(true);
    expect(await da.firstTime('second-outage')).toBe(true);
    expect(logger.at('warn')).toHaveLength(2);
  });

  it('answers from memory when Redis stalls with the connection open (bounded command timeout), then uses Redis again', async () => {
    const logger = recordingLogger();
    const a = redisState({ url: redis.url, prefix: 'sipbot-test:', logger, commandTimeoutMs: 200 });
    open.push(a);
    await a.whenReady(5000);
    const d = a.deduper('stall', 60_000);
    const l = a.limiter('stall-user', 1, 60_000);
    redis.pause();
    try {
      expect(await d.firstTime('s1')).toBe(true);
      expect(a.state()).toBe('failing');
      // The calls right after a timeout skip Redis altogether.
      expect(await d.firstTime('s1')).toBe(false);
      expect((await l.consume('U')).allowed).toBe(true);
      expect((await l.consume('U')).allowed).toBe(false);
      expect(logger.at('warn')).toHaveLength(1);
    } finally {
      redis.resume();
    }
    expect(await eventually(async () => (await d.firstTime(`probe-${Date.now()}`)) && a.state() === 'connected', 10_000)).toBe(true);
  });

  it('keeps one fallback per name: asking for the same limiter again during an outage keeps its count', async () => {
    const s = await store();
    await redis.kill();
    expect(await eventually(() => s.state() === 'failing', 5000)).toBe(true);
    expect((await s.limiter('again', 1, 60_000).consume('U')).allowed).toBe(true);
    expect((await s.limiter('again', 1, 60_000).consume('U')).allowed).toBe(false);
  });

  it('starts with Redis down: failing, answering from memory, and connected once Redis comes up', async () => {
    const port = await TestRedis.reservePort();
    const logger = recordingLogger();
    const s = redisState({ url: `redis://127.0.0.1:${port}/0`, prefix: 'sipbot-test:', logger });
    open.push(s);
    expect(await s.whenReady(300)).toBe(false);
    expect(s.state()).toBe('failing');
    const d = s.deduper('events', 60_000);
    expect(await d.firstTime('x')).toBe(true);
    expect(await d.firstTime('x')).toBe(false);
    expect((await s.limiter('user', 1, 60_000).consume('U')).allowed).toBe(true);
    expect(logger.at('warn')).toHaveLength(1);

    const late = await TestRedis.start({ port });
    try {
      expect(await eventually(() => s.state() === 'connected', 10_000)).toBe(true);
      expect(await d.firstTime('y')).toBe(true);
      expect(await d.firstTime('y')).toBe(false);
    } finally {
      await s.close();
      await late.stop();
    }
  });

  it('never logs the password of REDIS_URL, also when Redis refuses it', async () => {
    const locked = await TestRedis.start({ args: ['--requirepass', 'right-s3cret'] });
    try {
      const logger = recordingLogger();
      const wrong = redisState({ url: `redis://:wrong-s3cret@127.0.0.1:${locked.port}/0`, logger });
      open.push(wrong);
      expect(await wrong.whenReady(1000)).toBe(false);
      expect(wrong.state()).toBe('failing');
      expect(await wrong.deduper('d', 1000).firstTime('k')).toBe(true);
      const good = createState({ redisUrl: `redis://:right-s3cret@127.0.0.1:${locked.port}/0`, prefix: 'p:' }, logger) as RedisState;
      open.push(good);
      expect(await good.whenReady(5000)).toBe(true);
      expect(good.state()).toBe('connected');
      const text = JSON.stringify(logger.lines);
      expect(text).not.toContain('s3cret');
      expect(text).toContain(`redis://127.0.0.1:${locked.port}/0`);
    } finally {
      await locked.stop();
    }
  });

  it('closes cleanly while Redis is down', async () => {
    const s = await store();
    await redis.kill();
    await s.close();
    expect(s.state()).toBe('failing');
  });
});

describe('createState without REDIS_URL', () => {
  it('keeps everything in memory, reported as disabled', async () => {
    const s = createState({}, recordingLogger());
    expect(s.state()).toBe('disabled');
    const d = s.deduper('x', 1000);
    expect(await d.firstTime('a')).toBe(true);
    expect(await d.firstTime('a')).toBe(false);
    await s.close();
  });
});
