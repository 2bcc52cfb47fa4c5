// `sipbot explain` on capture files and on stdin, recognised by magic bytes whatever the file is called.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/captures/${name}`, import.meta.url));

function sipbot(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, input, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { code: r.status, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8') };
}

describe('sipbot explain with captures', () => {
  it('explains a pcapng file with its ladder and diagnosis, even named .txt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-cap-'));
    const renamed = join(dir, 'trace.txt');
    copyFileSync(fixture('udp-ipv6-cancel-487.pcapng'), renamed);
    const r = sipbot(['explain', renamed]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^487 Request Terminated: final 487 after CANCEL/);
    expect(r.out).toContain('|--CANCEL-------------------->|');
    expect(r.out).toContain('From a pcapng capture: 7 packet(s), 7 SIP message(s).');
  });

  it('reads a capture from stdin, and prints the JSON with log.capture', () => {
    const r = sipbot(['explain', '--json'], readFileSync(fixture('truncated-udp-ipv4-486.pcap')));
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a.log.capture).toEqual({ format: 'pcap', packets: 4, sipMessages: 4, truncated: true });
    expect(a.understood).toContain('The capture is cut short');
    expect(r.err).toBe('');
  });
});
