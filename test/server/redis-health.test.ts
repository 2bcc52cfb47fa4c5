// /healthz with REDIS_URL, through the real server in this process and a real redis-server: `redis`
// is listed connected; killed or down at start-up it is failing with HTTP 200 and "degraded" (every
// instance still answers), and connected again once Redis is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSipbot, type Sipbot } from '../../server/app.js';
import { testConfig } from './helpers.js';
import { eventually, redisAvailable, TestRedis } from './redis-server.js';

const available = redisAvailable('test/server/redis-health.test.ts');

interface Health {
  status: string;
  adapters: { name: string; state: string; detail?: string }[];
}

async function health(app: Sipbot): Promise<{ code: number; body: Health; text: string }> {
  const res = await fetch(`${app.url}/healthz`);
  const text = await res.text();
  return { code: res.status, body: JSON.parse(text) as Health, text };
}

const redisLine = (h: Health) => h.adapters.find((a) => a.name === 'redis');

describe.skipIf(!available)('/healthz with REDIS_URL (real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await TestRedis.start({ args: ['--requirepass', 'health-s3cret'] });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('reports redis connected, then failing with 200 "degraded" while it is killed, then connected again', async () => {
    const app = await startSipbot(testConfig({ REDIS_URL: `redis://:health-s3cret@127.0.0.1:${redis.port}/0` }));
    try {
      expect(await eventually(async () => redisLine((await health(app)).body)?.state === 'connected')).toBe(true);
      let h = await health(app);
      expect(h.code).toBe(200);
      expect(h.body.status).toBe('ok');
      expect(redisLine(h.body)?.detail).toBe(`shared state at redis://127.0.0.1:${redis.port}/0`);

      await redis.kill();
      expect(await eventually(async () => redisLine((await health(app)).body)?.state === 'failing')).toBe(true);
      h = await health(app);
      expect(h.code).toBe(200);
      expect(h.body.status).toBe('degraded');
      expect(redisLine(h.body)?.detail).toMatch(/unreachable: answering from this instance's memory/);
      expect(h.text).not.toContain('s3cret');
      // Still answering.
      const answer = (await (await fetch(`${app.url}/api/explain?q=486`)).json()) as { matches: { code: number }[] };
      expect(answer.matches[0]?.code).toBe(486);

      await redis.restart();
      expect(await eventually(async () => (await health(app)).body.status === 'ok')).toBe(true);
      expect(redisLine((await health(app)).body)?.state).toBe('connected');
    } finally {
      await app.stop();
    }
  });

  it('starts with Redis down: serving, redis failing, 200 "degraded"', async () => {
    const port = await TestRedis.reservePort();
    const app = await startSipbot(testConfig({ REDIS_URL: `redis://127.0.0.1:${port}/0` }));
    try {
      const h = await health(app);
      expect(h.code).toBe(200);
      expect(h.body.status).toBe('degraded');
      expect(redisLine(h.body)).toMatchObject({ state: 'failing' });
      expect((await fetch(`${app.url}/api/explain?q=603`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

});

describe('/healthz without REDIS_URL', () => {
  it('lists no redis line without REDIS_URL: nothing changes', async () => {
    const app = await startSipbot(testConfig());
    try {
      const h = await health(app);
      expect(h.body.status).toBe('ok');
      expect(redisLine(h.body)).toBeUndefined();
    } finally {
      await app.stop();
    }
  });
});
