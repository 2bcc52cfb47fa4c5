// POST /api/explain with a capture as the body, through the real server on loopback: the Answer, the
// capture's own size cap (MAX_CAPTURE_BYTES) and the text cap left as it was.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSipbot, type Sipbot } from '../../server/app.js';
import type { Answer, Reply } from '../../src/index.js';
import { testConfig } from '../server/helpers.js';

const pcap = readFileSync(new URL('../fixtures/captures/udp-ipv4-486.pcap', import.meta.url));
const pcapng = readFileSync(new URL('../fixtures/captures/tcp-ipv4-486.pcapng', import.meta.url));

describe('POST /api/explain with a capture', () => {
  let app: Sipbot;
  beforeAll(async () => {
    app = await startSipbot(testConfig({ MAX_BODY_BYTES: '1024', MAX_CAPTURE_BYTES: '3000', LOG_LEVEL: 'silent' }));
  });
  afterAll(() => app.stop());

  const post = (body: Uint8Array | string, type: string, query = '') =>
    fetch(`${app.url}/api/explain${query}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) });

  it('explains a pcap sent as application/vnd.tcpdump.pcap, over the text cap but under the capture cap', async () => {
    expect(pcap.length).toBeGreaterThan(1024);
    const res = await post(pcap, 'application/vnd.tcpdump.pcap', '?include=reply');
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer & { reply: Reply };
    expect(a.intent).toBe('log');
    expect(a.matches.map((m) => m.code)).toEqual([100, 180, 486]);
    expect(a.log?.capture).toEqual({ format: 'pcap', packets: 5, sipMessages: 5, truncated: false });
    expect(a.reply.text).toContain('From a pcap capture: 5 packet(s), 5 SIP message(s).');
  });

  it('answers a capture over MAX_CAPTURE_BYTES with 413 naming that setting', async () => {
    expect(pcapng.length).toBeGreaterThan(3000);
    const res = await post(pcapng, 'application/octet-stream');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('MAX_CAPTURE_BYTES');
  });

  it('says when an octet-stream body is not a capture', async () => {
    const res = await post('SIP/2.0 486 Busy Here', 'application/octet-stream');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('not_a_capture');
  });

  it('keeps the text cap for text bodies', async () => {
    const res = await post('x'.repeat(1500), 'text/plain');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('MAX_BODY_BYTES');
  });
});
