// Test helpers for the Discord adapter: a logger that records, a tiny node:http host for the
// interactions route (the same contract as server/: raw body read first, then route.handle).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, Route } from '../../../server/adapter.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

export function recordingLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, obj: obj as Record<string, unknown>, msg });
  };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => entries.map((e) => `${e.level} ${e.msg ?? ''} ${JSON.stringify(e.obj)}`).join('\n'),
  };
}

export async function serveRoutes(routes: readonly Route[]): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const route = routes.find((r) => r.method === req.method && r.path === req.url);
    if (!route) {
      res.writeHead(404);
      res.end();
      return;
    }
    await route.handle(req, res, Buffer.concat(chunks));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Every Discord limit a sipbot message must respect, checked on a plain API payload. */
export function limitViolations(msg: { content?: string; embeds?: any[]; components?: any[] }): string[] {
  const v: string[] = [];
  const embeds = msg.embeds ?? [];
  if ((msg.content ?? '').length > 2000) v.push(`content ${msg.content!.length} > 2000`);
  if (embeds.length > 10) v.push(`${embeds.length} embeds > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    if ((e.title ?? '').length > 256) v.push(`embed ${i} title ${e.title.length} > 256`);
    if ((e.description ?? '').length > 4096) v.push(`embed ${i} description ${e.description.length} > 4096`);
    if ((e.footer?.text ?? '').length > 2048) v.push(`embed ${i} footer > 2048`);
    if ((e.fields ?? []).length > 25) v.push(`embed ${i} has ${e.fields.length} fields > 25`);
    for (const f of e.fields ?? []) {
      if (f.name.length > 256 || f.name.length === 0) v.push(`embed ${i} field name length ${f.name.length}`);
      if (f.value.length > 1024 || f.value.length === 0) v.push(`embed ${i} field value length ${f.value.length}`);
      total += f.name.length + f.value.length;
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  });
  if (total > 6000) v.push(`embeds total ${total} > 6000`);
  const rows = msg.components ?? [];
  if (rows.length > 5) v.push(`${rows.length} action rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.components.length > 5) v.push(`row with ${row.components.length} buttons > 5`);
    for (const b of row.components) {
      if (b.label.length > 80 || b.label.length === 0) v.push(`button label length ${b.label.length}`);
      if (b.custom_id.length > 100) v.push(`custom_id length ${b.custom_id.length} > 100`);
      if (ids.has(b.custom_id)) v.push(`duplicate custom_id ${b.custom_id}`);
      ids.add(b.custom_id);
    }
  }
  return v;
}
