// The sipbot command end to end, as a user runs it: arguments, stdin, --json, --jsonl, explain,
// exit codes, colour only on a terminal, and no Slack or Discord library loaded.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

function sipbot(args: string[], input = '', env: Record<string, string> = {}) {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '' };
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...base, ...env },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('sipbot command', () => {
  it('explains 603 Decline as plain text when piped', () => {
    const r = sipbot(['603']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('603 Decline: ')).toBe(true);
    expect(r.out).toContain('RFC 3261 §21.6.2');
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('prints the structured answer with --json', () => {
    const r = sipbot(['--json', '603']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a.intent).toBe('code');
    expect(a.matches[0]).toMatchObject({ code: 603, reason: 'Decline' });
  });

  it('joins several words into one question', () => {
    const a = JSON.parse(sipbot(['--json', '486', 'vs', '600']).out);
    expect(a.intent).toBe('codes');
    expect(a.matches.map((m: { code: number }) => m.code)).toEqual([486, 600]);
  });

  it('reads the question from stdin', () => {
    const a = JSON.parse(sipbot(['--json'], 'SIP/2.0 100 Trying\nSIP/2.0 180 Ringing\nSIP/2.0 487 Request Terminated\n').out);
    expect(a.intent).toBe('log');
    expect(a.matches.map((m: { code: number }) => m.code)).toEqual([100, 180, 487]);
  });

  it('explains a log file with explain, and stdin with explain alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-'));
    const file = join(dir, 'trace.txt');
    writeFileSync(file, 'SIP/2.0 503 Service Unavailable\n');
    const fromFile = JSON.parse(sipbot(['explain', file, '--json']).out);
    expect(fromFile.intent).toBe('log');
    expect(fromFile.matches[0].code).toBe(503);
    const fromStdin = JSON.parse(sipbot(['--json', 'explain'], 'SIP/2.0 404 Not Found\n').out);
    expect(fromStdin.intent).toBe('log');
    expect(fromStdin.matches[0].code).toBe(404);
  });

  it('prints the ladder and the diagnosis for a sipp-generated trace', () => {
    const r = sipbot(['explain', 'test/fixtures/logs/sipp-uac-407-then-486.trace_msg.log']);
    expect(r.code).toBe(0);
    const [lead] = r.out.split('\n');
    expect(lead).toMatch(/^486 Busy Here: final 486/);
    expect(lead).toMatch(/407/);
    expect(r.out).toMatch(/\|--INVITE-+>\|/);
    expect(r.out).toMatch(/\|<-486 Busy Here-+\|/);
  });

  it('answers one JSON line per input line with --jsonl', () => {
    const r = sipbot(['--jsonl'], '603\n6xx\nhello\n');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((a) => a.intent)).toEqual(['code', 'class', 'none']);
  });

  it('exits 0 for no match, empty input and out-of-range numbers', () => {
    for (const args of [['hello'], ['700'], ['__proto__'], []]) {
      const r = sipbot(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out.length, args.join(' ')).toBeGreaterThan(20);
    }
  });

  it('exits 2 with a message on usage errors', () => {
    const bad = sipbot(['--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown option --bogus/);
    const missing = sipbot(['explain', '/nonexistent/trace.txt']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read/);
  });

  it('prints usage with --help', () => {
    const r = sipbot(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage:/);
  });

  it('colours only when asked on a non-terminal, and never with --no-color', () => {
    expect(sipbot(['--color', '603']).out).toMatch(/\x1b\[/);
    expect(sipbot(['--no-color', '603']).out).not.toMatch(/\x1b\[/);
  });

  it('does not load the Slack or Discord libraries (its whole import graph)', () => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
          if (target.endsWith('.ts')) visit(target);
        } else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    };
    visit(join(root, 'src/cli.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...packages].filter((p) => /slack|discord/.test(p))).toEqual([]);
  });

  it('says why a file cannot be read, in words, without a stack trace (issue 9, defect 9)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-'));
    const missing = sipbot(['explain', join(dir, 'trace.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`sipbot: cannot read ${join(dir, 'trace.txt')}: no such file\n`);
    const isDir = sipbot(['explain', dir]);
    expect(isDir.code).toBe(2);
    expect(isDir.err).toMatch(/cannot read .*: it is a directory, not a file\n$/);
    for (const r of [missing, isDir]) {
      expect(r.err).not.toMatch(/ENOENT|EISDIR|\n\s+at /);
      expect(r.out).toBe('');
    }
  });

  it('exits quietly when the reader closes the pipe early: sipbot --jsonl | head -1 (issue 9, defect 9)', () => {
    const cli = `${JSON.stringify(process.execPath)} --import tsx src/cli.ts --jsonl`;
    const lines = Array.from({ length: 20_000 }, (_, i) => String(100 + (i % 600))).join('\n');
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${cli} | head -1`], { cwd: root, input: lines, encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(r.stdout).intent).toBe('code');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('honours FORCE_COLOR and NO_COLOR, and documents --color in --help', () => {
    expect(sipbot(['603'], '', { FORCE_COLOR: '1' }).out).toMatch(/\x1b\[/);
    expect(sipbot(['603'], '', { FORCE_COLOR: '0' }).out).not.toMatch(/\x1b\[/);
    expect(sipbot(['--no-color', '603'], '', { FORCE_COLOR: '1' }).out).not.toMatch(/\x1b\[/);
    expect(sipbot(['603'], '', { NO_COLOR: '1' }).out).not.toMatch(/\x1b\[/);
    const help = sipbot(['--help']).out;
    expect(help).toMatch(/--color/);
    expect(help).toMatch(/--no-color/);
    expect(help).toMatch(/FORCE_COLOR/);
  });

  it("runs the README's example commands on the shipped examples/ files", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const cmds = [...readme.matchAll(/^npx sipbot (explain examples\/\S+)/gm)].map((m) => m[1]!);
    expect(cmds).toContain('explain examples/busy-call.log');
    for (const c of cmds) {
      const a = JSON.parse(sipbot([...c.split(' '), '--json']).out);
      expect(a.intent).toBe('log');
      expect(a.matches.map((m: { code: number }) => m.code)).toContain(486);
    }
    const text = sipbot(['explain', 'examples/busy-call.log']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/486 Busy Here/);
    const pcap = JSON.parse(sipbot(['explain', 'examples/busy-call.pcap', '--json']).out);
    expect(pcap.matches.map((m: { code: number }) => m.code)).toContain(486);
  });
});
