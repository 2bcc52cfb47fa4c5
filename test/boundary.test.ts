// The layering, checked by scanning import statements so it cannot rot:
// - src/ (the core) imports no platform SDK, adapter or server module;
// - an adapter never imports another adapter (shared code lives in adapters/shared/);
// - adapters reach the core only through src/index.ts.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FORBIDDEN = /^(?:@slack\/|discord\.js|@discordjs\/|@modelcontextprotocol\/|(?:\.\.\/)+(?:adapters|server|bin)\/)/;
const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export function forbiddenImports(source: string): string[] {
  return importsOf(source).filter((spec) => FORBIDDEN.test(spec));
}

/** For a file under adapters/<platform>/: relative imports that land in another platform, or in src/ other than src/index.ts. */
export function adapterOffences(file: string, source: string): string[] {
  const rel = relative(join(root, 'adapters'), file).split(sep);
  const own = rel[0]!;
  return importsOf(source)
    .filter((spec) => spec.startsWith('.'))
    .filter((spec) => {
      const target = relative(root, resolve(dirname(file), spec)).split(sep);
      if (target[0] === 'src') return target.join('/') !== 'src/index.js';
      if (target[0] === 'adapters') return target[1] !== own && target[1] !== 'shared';
      return false;
    });
}

describe('core boundary', () => {
  it('src/ imports no platform SDK, adapter or server module', () => {
    const offenders = files(join(root, 'src')).flatMap((f) => forbiddenImports(readFileSync(f, 'utf8')).map((spec) => `${f}: ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('catches the imports it is meant to catch', () => {
    expect(forbiddenImports("import { App } from '@slack/bolt';")).toEqual(['@slack/bolt']);
    expect(forbiddenImports("import { Client } from 'discord.js';")).toEqual(['discord.js']);
    expect(forbiddenImports("import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';")).toEqual(['@modelcontextprotocol/sdk/server/mcp.js']);
    expect(forbiddenImports("export { x } from '../../adapters/slack/index.js';")).toEqual(['../../adapters/slack/index.js']);
    expect(forbiddenImports("const m = await import('../server/app.js');")).toEqual(['../server/app.js']);
    expect(forbiddenImports("import { z } from 'zod';")).toEqual([]);
  });
});

describe('adapter boundary', () => {
  it('no adapter imports another, and each reaches the core only through src/index.ts', () => {
    const offenders = files(join(root, 'adapters'))
      .filter((f) => !relative(join(root, 'adapters'), f).startsWith(`shared${sep}`))
      .flatMap((f) => adapterOffences(f, readFileSync(f, 'utf8')).map((spec) => `${relative(root, f)}: ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('adapters/shared imports no platform adapter and the core only through src/index.ts', () => {
    const offenders = files(join(root, 'adapters', 'shared')).flatMap((f) =>
      importsOf(readFileSync(f, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(root, resolve(dirname(f), spec)).split(sep))
        .filter((t) => (t[0] === 'src' && t.join('/') !== 'src/index.js') || (t[0] === 'adapters' && t[1] !== 'shared'))
        .map((t) => `${relative(root, f)}: ${t.join('/')}`),
    );
    expect(offenders).toEqual([]);
  });

  it('catches the imports it is meant to catch', () => {
    const slackFile = join(root, 'adapters', 'slack', 'listeners', 'x.ts');
    expect(adapterOffences(slackFile, "import { toDiscordMessage } from '../../discord/render.js';")).toEqual(['../../discord/render.js']);
    expect(adapterOffences(slackFile, "import { answer } from '../../../src/engine/answer.js';")).toEqual(['../../../src/engine/answer.js']);
    expect(adapterOffences(slackFile, "import { answer } from '../../../src/index.js';")).toEqual([]);
    expect(adapterOffences(slackFile, "import { answerFor } from '../../shared/answer.js';")).toEqual([]);
    expect(adapterOffences(slackFile, "import { ask } from '../ask.js';")).toEqual([]);
    expect(adapterOffences(slackFile, "import type { Limits } from '../../../server/limits.js';")).toEqual([]);
  });
});
