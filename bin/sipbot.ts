#!/usr/bin/env node
// The `sipbot` command's entry point: `sipbot mcp` starts the MCP server (adapters/mcp), anything
// else is the core's CLI (src/cli.ts). It lives outside src/ so the core never imports an adapter.
if (process.argv[2] === 'mcp') {
  const { serveStdio } = await import('../adapters/mcp/stdio.js');
  await serveStdio();
} else {
  await import('../src/cli.js');
}
