// The headless browser for the page test: Debian's chromium when it is there (CI installs it), else
// the Chromium that npm brings (@sparticuz/chromium, a devDependency, with the NSS libraries it
// ships for machines that lack them). SIPBOT_TEST_CHROMIUM points the system lookup elsewhere
// (a missing path tries the npm browser). Returns why there is none rather than throwing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM = process.env.SIPBOT_TEST_CHROMIUM || '/usr/bin/chromium';
const SYSTEM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type Opened = { browser: Browser; name: string } | { browser?: undefined; missing: string };

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);

async function npmChromium(): Promise<Opened> {
  let mod: typeof import('@sparticuz/chromium');
  try {
    mod = await import('@sparticuz/chromium');
  } catch (e) {
    return { missing: `no ${SYSTEM} and @sparticuz/chromium is not installed (${firstLine(e)})` };
  }
  try {
    const sparticuz = mod.default;
    const executablePath = await sparticuz.executablePath();
    // The libraries Chromium needs beyond glibc (NSS, NSPR, expat), shipped in the package for
    // Amazon Linux; on any glibc Linux they let the binary start without a system browser.
    const bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..', 'bin', 'al2023.tar.br');
    const lib = join(tmpdir(), 'al2023', 'lib');
    if (existsSync(bin) && !existsSync(join(lib, 'libnss3.so'))) {
      mkdirSync(dirname(lib), { recursive: true });
      const untar = spawnSync('tar', ['-x', '-C', dirname(lib)], { input: brotliDecompressSync(readFileSync(bin)) });
      if (untar.status !== 0) throw new Error(`could not unpack ${bin}: ${untar.stderr.toString().slice(0, 200)}`);
    }
    const env = { ...process.env, LD_LIBRARY_PATH: [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
    // --single-process (meant for Lambda) takes the whole browser down when a context closes.
    const args = sparticuz.args.filter((a) => a !== '--single-process' && a !== '--no-zygote');
    const browser = await chromium.launch({ executablePath, args, env, headless: true, timeout: 60_000 });
    return { browser, name: `@sparticuz/chromium ${browser.version()}` };
  } catch (e) {
    return { missing: `no ${SYSTEM}, and @sparticuz/chromium did not start: ${firstLine(e)}` };
  }
}

export async function openBrowser(): Promise<Opened> {
  if (existsSync(SYSTEM)) {
    try {
      const browser = await chromium.launch({ executablePath: SYSTEM, args: SYSTEM_ARGS });
      return { browser, name: `${SYSTEM} ${browser.version()}` };
    } catch (e) {
      return { missing: `${SYSTEM} did not start: ${firstLine(e)}` };
    }
  }
  return npmChromium();
}
