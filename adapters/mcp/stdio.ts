// `sipbot mcp`: the MCP server on stdin/stdout for a local MCP client. stdout carries nothing but
// MCP messages: logs go to stderr. Exits with code 0 when stdin closes (the client went away).
import { readFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { LOG_LEVELS, type LogLevel } from '../../server/config.js';
import { NO_LIMITS } from '../../server/limits.js';
import { createLogger } from '../../server/logger.js';
import { createMcpServer } from './server.js';

function version(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // the other layout (source or dist)
    }
  }
  return '0.0.0';
}

export async function serveStdio(): Promise<void> {
  const asked = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  const level: LogLevel = (LOG_LEVELS as readonly string[]).includes(asked) ? (asked as LogLevel) : 'warn';
  const logger = createLogger(level, process.stderr);
  // One person at their own machine: no rate limit.
  const server = createMcpServer({ limits: NO_LIMITS, logger, version: version() });
  const transport = new StdioServerTransport();
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    void server.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', close);
  process.stdin.on('close', close);
  await server.connect(transport);
}
