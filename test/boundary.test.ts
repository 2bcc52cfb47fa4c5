// The core stays platform-neutral: nothing in src/ may import adapters/, server/, @slack/bolt or
// discord.js. Scans the import statements so the rule cannot rot.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FORBIDDEN = /^(?:@slack\/|discord\.js|@discordjs\/|(?:\.\.\/)+(?:adapters|server)\/)/;
const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function forbiddenImports(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((spec) => FORBIDDEN.test(spec));
}

describe('core boundary', () => {
  it('src/ imports no platform SDK, adapter or server module', () => {
    const offenders = files(join(root, 'src')).flatMap((f) => forbiddenImports(readFileSync(f, 'utf8')).map((spec) => `${f}: ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('catches the imports it is meant to catch', () => {
    expect(forbiddenImports("import { App } from '@slack/bolt';")).toEqual(['@slack/bolt']);
    expect(forbiddenImports("import { Client } from 'discord.js';")).toEqual(['discord.js']);
    expect(forbiddenImports("export { x } from '../../adapters/slack/index.js';")).toEqual(['../../adapters/slack/index.js']);
    expect(forbiddenImports("const m = await import('../server/app.js');")).toEqual(['../server/app.js']);
    expect(forbiddenImports("import { z } from 'zod';")).toEqual([]);
  });
});
