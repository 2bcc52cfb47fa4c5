// POST /mcp: the MCP server over Streamable HTTP, stateless (no session id: each request gets a
// fresh server and transport), answered as JSON. Always on; tools/call is rate-limited per client
// address like /api/explain, the handshake and tools/list are not (only tool handlers ask the limits).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpServer } from '../adapters/mcp/server.js';
import type { Logger, Route } from './adapter.js';
import { clientAddress } from './api.js';
import { sendJson } from './http-host.js';
import type { Limits } from './limits.js';

export const MCP_PATH = '/mcp';

export interface McpRouteOptions {
  limits: Limits;
  logger: Logger;
  trustProxy: boolean;
}

const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

export function createMcpRoutes(opts: McpRouteOptions): Route[] {
  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, rpcError(-32700, 'Parse error: the body must be a JSON-RPC message'));
    }
    const server = createMcpServer({ limits: opts.limits, logger: opts.logger, asker: { userId: clientAddress(req, opts.trustProxy) } });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, parsed);
    } catch (e) {
      opts.logger.error({ platform: 'mcp', err: e instanceof Error ? e.message : String(e) }, 'mcp request failed');
      if (!res.headersSent) sendJson(res, 500, rpcError(-32603, 'Internal error'));
    }
  }
  return [{ method: 'POST', path: MCP_PATH, handle }];
}
