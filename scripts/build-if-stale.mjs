// `npm start`, the benches and `discord:register` run this instead of tsc: it builds dist/ only when a
// source (or a tsconfig, or package.json) is newer than the last build, so a start costs ~50 ms, not ~10 s.
// Node built-ins only: it must run before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist/.tsbuildinfo');
const SOURCES = ['src', 'bin', 'adapters', 'server', 'bench', 'data'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.(ts|json)$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

// An installed package (npm pack) ships dist/ without the sources: nothing to build.
if (!existsSync(join(ROOT, 'src'))) process.exit(0);

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
let changed = 0;
for (const d of SOURCES) if (existsSync(join(ROOT, d))) changed = Math.max(changed, newest(join(ROOT, d)));
for (const f of FILES) if (existsSync(join(ROOT, f))) changed = Math.max(changed, statSync(join(ROOT, f)).mtimeMs);

if (changed > built) {
  process.stderr.write('sipbot: sources changed since the last build: building dist/ (npm run build)\n');
  // npm_execpath is npm's own CLI when an npm script runs this; `npm` from PATH otherwise.
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // tsc leaves its build info untouched when the sources' contents did not change (a checkout that
  // only moved mtimes): mark the build as current anyway.
  const now = new Date();
  if (existsSync(STAMP)) utimesSync(STAMP, now, now);
}
