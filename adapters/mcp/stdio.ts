// `sipbot mcp`: the MCP server on stdin/stdout for a local MCP client. stdout carries nothing but
// MCP messages: logs go to stderr. Exits with code 0 when stdin closes (the client went away).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { LOG_LEVELS, type LogLevel } from '../../server/config.js';
import { NO_LIMITS } from '../../server/limits.js';
import { createLogger } from '../../server/logger.js';
import { createMcpServer } from './server.js';

export async function serveStdio(): Promise<void> {
  const asked = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  const level: LogLevel = (LOG_LEVELS as readonly string[]).includes(asked) ? (asked as LogLevel) : 'warn';
  const logger = createLogger(level, process.stderr);
  // One person at their own machine: no rate limit.
  const server = createMcpServer({ limits: NO_LIMITS, logger });
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
