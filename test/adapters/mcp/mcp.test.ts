// The MCP server driven by the SDK's own client: over stdio (`sipbot mcp`, the real launcher as a
// child process) and over Streamable HTTP at POST /mcp of the real server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { answer } from '../../../src/index.js';
import { startSipbot, type Sipbot } from '../../../server/app.js';
import { testConfig } from '../../server/helpers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TRACE = readFileSync(`${root}test/fixtures/logs/asterisk-pjsip-logger-486.txt`, 'utf8');
/** What `sipbot --json` prints: the answer as JSON. */
const asJson = (q: string) => JSON.parse(JSON.stringify(answer(q)));
const TOOLS = ['explain', 'explain_log', 'lookup_code', 'q850'];

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** The behaviour both transports must show. */
async function checkTools(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
  for (const t of tools) {
    expect(t.description!.length, t.name).toBeGreaterThan(80);
    expect(t.inputSchema.type).toBe('object');
  }
  expect(tools.find((t) => t.name === 'lookup_code')!.inputSchema.properties).toHaveProperty('code');

  const explained = await call(client, 'explain', { query: '603' });
  expect(explained.isError).toBeFalsy();
  expect(explained.structuredContent).toEqual(asJson('603'));
  expect(textOf(explained)).toMatch(/^603 Decline: /);

  // Whatever intent the core gives (symptoms and identities included) comes back as it is.
  for (const q of ['one-way audio after answer', 'what is sipbot', '486 vs 600', '6xx']) {
    expect((await call(client, 'explain', { query: q })).structuredContent, q).toEqual(asJson(q));
  }

  const code = await call(client, 'lookup_code', { code: 486 });
  expect(code.structuredContent).toEqual(asJson('486'));
  expect((code.structuredContent as any).matches[0].code).toBe(486);

  const log = await call(client, 'explain_log', { text: TRACE });
  expect((log.structuredContent as any).intent).toBe('log');
  expect(log.structuredContent).toEqual(asJson(TRACE));

  const cause = await call(client, 'q850', { cause: 17 });
  expect((cause.structuredContent as any).causes[0].cause).toBe(17);
  expect(textOf(cause)).toMatch(/486/);

  // Bad arguments: an error for that call, and the server keeps serving.
  for (const [name, args] of [
    ['lookup_code', { code: 'abc' }],
    ['lookup_code', { code: 99 }],
    ['q850', { cause: 1.5 }],
    ['explain', {}],
    ['explain_log', { text: 42 }],
  ] as [string, Record<string, unknown>][]) {
    const outcome = await call(client, name, args).then(
      (r) => (r.isError ? 'tool error' : 'answered'),
      (e: { code?: number }) => (e.code === -32602 ? 'invalid params' : `other ${String(e)}`),
    );
    expect(['tool error', 'invalid params'], `${name} ${JSON.stringify(args)}`).toContain(outcome);
  }
  expect((await call(client, 'lookup_code', { code: 404 })).structuredContent).toEqual(asJson('404'));
}

describe('sipbot mcp (stdio)', () => {
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', 'bin/sipbot.ts', 'mcp'], cwd: root, stderr: 'pipe' });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'sipbot-test', version: '1.0.0' });
    await client.connect(transport);
  }, 30_000);
  afterAll(() => client?.close());

  it('is the server named sipbot with the four tools', async () => {
    expect(client.getServerVersion()?.name).toBe('sipbot');
    await checkTools(client);
    expect(stderr).not.toMatch(/Error|at .*\.ts:\d+/);
  }, 30_000);

  it('writes nothing but MCP messages to stdout and exits with 0 when stdin closes', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sipbot.ts', 'mcp'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'debug' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.resume();
    const rpc = (id: number, method: string, params: object) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
    child.stdin.write(rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }));
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    child.stdin.write(rpc(2, 'tools/call', { name: 'explain', arguments: { query: '486' } }));
    await new Promise<void>((resolve) => {
      const check = () => (out.includes('"id":2') ? resolve() : setTimeout(check, 20));
      check();
    });
    child.stdin.end();
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    const lines = out.split('\n').filter(Boolean);
    expect(lines.length).toBe(2);
    for (const l of lines) expect(JSON.parse(l).jsonrpc).toBe('2.0');
  }, 30_000);
});

describe('POST /mcp (Streamable HTTP, stateless)', () => {
  let app: Sipbot;
  beforeAll(async () => {
    app = await startSipbot(testConfig({ RATE_LIMIT_PER_USER: '30' }));
  });
  afterAll(() => app?.stop());

  it('serves the same tools to the SDK client', async () => {
    const client = new Client({ name: 'sipbot-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)));
    expect(client.getServerVersion()?.name).toBe('sipbot');
    await checkTools(client);
    await client.close();
  }, 30_000);

  it('needs no session id: a lone tools/call is answered', async () => {
    const res = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'lookup_code', arguments: { code: 603 } } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    const body = (await res.json()) as { id: number; result: CallToolResult };
    expect(body.id).toBe(7);
    expect(body.result.structuredContent).toEqual(asJson('603'));
  });

  it('answers a body that is not JSON with a JSON-RPC parse error', async () => {
    const res = await fetch(`${app.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe(-32700);
  });
});

describe('POST /mcp rate limit', () => {
  let app: Sipbot;
  beforeAll(async () => {
    app = await startSipbot(testConfig({ RATE_LIMIT_PER_USER: '3' }));
  });
  afterAll(() => app?.stop());

  it('counts only tools/call: the handshake and listings are free, the fourth call is refused', async () => {
    const client = new Client({ name: 'sipbot-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)));
    for (let i = 0; i < 5; i++) await client.listTools();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await call(client, 'lookup_code', { code: 486 }));
    expect(results.slice(0, 3).map((r) => r.isError ?? false)).toEqual([false, false, false]);
    expect(results[3]!.isError).toBe(true);
    expect(textOf(results[3]!)).toMatch(/Too many questions in a short time: try again in \d+ s/);
    // Still serving: listing tools is not limited.
    expect((await client.listTools()).tools).toHaveLength(4);
    await client.close();
  }, 30_000);
});
