// The chat upload download: allowed hosts only, no redirects followed (a token must not travel), the
// capture size cap before and while reading, and magic bytes checked. Against a server on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCapture, looksLikeCaptureFile } from '../../../adapters/shared/capture-download.js';

const pcap = readFileSync(new URL('../../fixtures/captures/udp-ipv4-486.pcap', import.meta.url));

describe('downloadCapture', () => {
  let server: Server;
  let host: string;
  const seen: { url: string; auth: string | undefined }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      if (req.url === '/pcap') return res.end(pcap);
      if (req.url === '/text') return res.end('<html>login</html>');
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://example.invalid/steal' });
        return res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const opts = () => ({ allowedHosts: [host], maxBytes: 1 << 20, headers: { authorization: 'Bearer xoxb-secret' } });

  it('downloads a capture from an allowed host with the given headers', async () => {
    const d = await downloadCapture(`http://${host}/pcap`, opts());
    expect(d.ok && d.bytes.length).toBe(pcap.length);
    expect(seen.at(-1)?.auth).toBe('Bearer xoxb-secret');
  });

  it('never contacts a host that is not allowed', async () => {
    const before = seen.length;
    const d = await downloadCapture('http://127.0.0.2:1/pcap', opts());
    expect(d).toEqual({ ok: false, reason: `files are only downloaded from ${host}` });
    expect(seen.length).toBe(before);
  });

  it('does not follow redirects, and says what a redirect usually means for Slack', async () => {
    const d = await downloadCapture(`http://${host}/redirect`, opts());
    expect(d.ok).toBe(false);
    expect(!d.ok && d.reason).toMatch(/HTTP 302 .*files:read/);
  });

  it('refuses files over the cap, declared or read', async () => {
    const declared = await downloadCapture(`http://${host}/pcap`, { ...opts(), size: 5 << 20, maxBytes: 1 << 20 });
    expect(!declared.ok && declared.reason).toMatch(/5\.0 MiB, over the 1\.0 MiB limit for captures \(MAX_CAPTURE_BYTES\)/);
    const read = await downloadCapture(`http://${host}/pcap`, { ...opts(), maxBytes: 1024 });
    expect(!read.ok && read.reason).toMatch(/the file is over the 1024 bytes limit for captures \(MAX_CAPTURE_BYTES\)/);
  });

  it('rejects bytes that are not a capture (a login page)', async () => {
    const d = await downloadCapture(`http://${host}/text`, opts());
    expect(!d.ok && d.reason).toMatch(/not a pcap or pcapng capture/);
  });

  it('knows capture file names and types', () => {
    expect(looksLikeCaptureFile('call.PCAPNG')).toBe(true);
    expect(looksLikeCaptureFile('x.bin', 'application/vnd.tcpdump.pcap')).toBe(true);
    expect(looksLikeCaptureFile('notes.txt', 'text/plain')).toBe(false);
  });
});
