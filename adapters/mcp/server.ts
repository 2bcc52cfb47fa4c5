// sipbot as an MCP server: four tools over the core, each returning the same Answer JSON as
// `sipbot --json` (structuredContent) and the plain-text reply. Transport-neutral: stdio.ts and
// server/mcp.ts connect it. Only tools/call reaches answerFor, so only it counts against the limits.
import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { answerFor, logAnswer, type Asker, type FrontDeps } from '../shared/answer.js';

export const SERVER_NAME = 'sipbot';

/** sipbot's version from package.json (two levels up from source, three from dist). */
export const VERSION: string = (() => {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // the other layout
    }
  }
  return '0.0.0';
})();

/** Longest text a tool accepts: a 1 MB pasted log, like POST /api/explain. */
const MAX_TEXT = 1024 * 1024;

export interface McpOptions extends FrontDeps {
  /** Who is asking (the HTTP client's address); counted by the limits. Absent on stdio. */
  asker?: Asker;
}

export function createMcpServer(opts: McpOptions): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: VERSION });
  const deps: FrontDeps = { limits: opts.limits, logger: opts.logger };
  const asker = opts.asker ?? {};

  async function run(tool: string, text: string, check?: (a: NonNullable<Awaited<ReturnType<typeof answerFor>>['answer']>) => string | undefined): Promise<CallToolResult> {
    const a = await answerFor(deps, 'mcp', tool, asker, text);
    logAnswer(deps, a, asker.userId ? { client: asker.userId } : {});
    if (!a.answer) return { isError: true, content: [{ type: 'text', text: a.reply.text }] };
    const problem = check?.(a.answer);
    if (problem) return { isError: true, content: [{ type: 'text', text: problem }] };
    return { structuredContent: a.answer as unknown as Record<string, unknown>, content: [{ type: 'text', text: a.reply.text }] };
  }

  server.registerTool(
    'explain',
    {
      title: 'Explain SIP',
      description:
        'Explain anything about SIP signalling in one call: a SIP response code ("603"), several codes ("486 vs 600"), a class ("6xx"), a Q.850 cause ("cause 17"), a symptom or question in words ("one-way audio", "calls drop after 32 seconds"), or a pasted SIP log or trace. Returns the structured answer (intent, matches best first, causes, log findings) and a readable summary. Use this when unsure which tool fits.',
      inputSchema: { query: z.string().min(1).max(MAX_TEXT).describe('The question, code(s) or pasted log, as the user wrote it.') },
    },
    async ({ query }) => run('explain', query),
  );

  server.registerTool(
    'lookup_code',
    {
      title: 'Look up a SIP response code',
      description:
        'Look up one SIP response code (100-699): its reason phrase, what it means, common causes, what to check, and the RFC that defines it. Use for a single numeric status such as 486 or 503.',
      inputSchema: { code: z.number().int().min(100).max(699).describe('The SIP status code, e.g. 486.') },
    },
    async ({ code }) => run('lookup_code', String(code)),
  );

  server.registerTool(
    'explain_log',
    {
      title: 'Explain a SIP log or trace',
      description:
        'Explain a pasted SIP log, sipp/sngrep/Wireshark text trace or PBX log: the responses seen, Reason/Q.850 headers, the call flow as a ladder and a diagnosis of what went wrong. Pass the raw text unchanged (up to 1 MB).',
      inputSchema: { text: z.string().min(1).max(MAX_TEXT).describe('The raw log or trace text.') },
    },
    async ({ text }) => run('explain_log', text),
  );

  server.registerTool(
    'q850',
    {
      title: 'Explain a Q.850 cause',
      description:
        'Explain an ITU-T Q.850 release cause value (0-127) as seen in ISDN/SS7 hangups, Reason: Q.850;cause=N headers or FreeSWITCH/Asterisk hangup causes, with the SIP response it maps to (RFC 3398 / RFC 4497).',
      inputSchema: { cause: z.number().int().min(0).max(127).describe('The Q.850 cause value, e.g. 17 for User busy.') },
    },
    async ({ cause }) =>
      run('q850', `Q.850 cause ${cause}`, (a) => (a.causes?.[0]?.cause === cause ? undefined : `Q.850 cause ${cause} is not a cause sipbot knows (see ITU-T Q.850 Table 1).`)),
  );

  return server;
}
