// Downloads a capture a user uploaded in chat (a Slack file, a Discord attachment): only from the
// platform's own hosts, under MAX_CAPTURE_BYTES, checked by magic bytes. Shared by the adapters; the
// token (Slack) goes only to an allowed host and never into an error message.
import { isCapture, type Reply } from '../../src/index.js';

/** File names people give captures (the content still decides: magic bytes, not names). */
const CAPTURE_NAME_RE = /\.(?:pcap|pcapng|cap|dmp)$/i;
const CAPTURE_MIME = ['application/vnd.tcpdump.pcap', 'application/x-pcapng', 'application/x-pcap'];

export function looksLikeCaptureFile(name: string | undefined | null, mimetype?: string | null): boolean {
  return (!!name && CAPTURE_NAME_RE.test(name)) || (!!mimetype && CAPTURE_MIME.includes(mimetype.toLowerCase()));
}

export type Download = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

export interface DownloadOptions {
  /** Hosts the URL may point at (exact host names, e.g. "files.slack.com"). */
  allowedHosts: readonly string[];
  maxBytes: number;
  headers?: Record<string, string>;
  /** Declared size, when the platform says (checked before downloading). */
  size?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function mib(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1)} MiB`;
  return n >= 10240 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`;
}

export async function downloadCapture(url: string, opts: DownloadOptions): Promise<Download> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'the file link is not a URL' };
  }
  if (!opts.allowedHosts.includes(u.host) || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
    return { ok: false, reason: `files are only downloaded from ${opts.allowedHosts.join(', ')}` };
  }
  if (opts.size !== undefined && opts.size > opts.maxBytes) {
    return { ok: false, reason: `the file is ${mib(opts.size)}, over the ${mib(opts.maxBytes)} limit for captures (MAX_CAPTURE_BYTES)` };
  }
  const f = opts.fetch ?? fetch;
  let res: Response;
  try {
    // No redirects: a redirect would carry the token elsewhere (and Slack redirects to a login page without files:read).
    res = await f(u, { headers: opts.headers, redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000) });
  } catch {
    return { ok: false, reason: 'the download failed' };
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => {});
    return { ok: false, reason: `the download answered HTTP ${res.status}${res.status >= 300 && res.status < 400 ? ' (a redirect: for Slack, the app needs the files:read scope)' : ''}` };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch {
      return { ok: false, reason: 'the download was cut off' };
    }
    if (r.done) break;
    total += r.value.length;
    if (total > opts.maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: `the file is over the ${mib(opts.maxBytes)} limit for captures (MAX_CAPTURE_BYTES)` };
    }
    chunks.push(r.value);
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  if (!isCapture(bytes)) return { ok: false, reason: 'the file is not a pcap or pcapng capture (no magic number; for Slack, check the files:read scope)' };
  return { ok: true, bytes };
}

/** The reply when an uploaded capture could not be read: what failed, and how to get an answer anyway. */
export function captureProblemReply(name: string | null | undefined, reason: string): Reply {
  const file = name ? `"${name.slice(0, 80)}"` : 'the file';
  const lead = `I could not read ${file}: ${reason}.`;
  const how = 'You can also run `sipbot explain FILE` on the capture, POST it to /api/explain, or paste the SIP messages as text.';
  return {
    title: 'Capture not read',
    lead,
    tone: 'warning',
    blocks: [{ type: 'context', text: how }],
    actions: [],
    text: `Capture not read: ${lead}\n${how}`,
  };
}
