// Slack file shares: the capture a user uploaded in a DM or with an @sipbot mention, downloaded from
// url_private with the bot token (needs the files:read scope). Bolt-free; the token never leaves Slack's hosts.
import { captureProblemReply, downloadCapture, looksLikeCaptureFile, type Download } from '../shared/capture-download.js';
import { answerFor } from '../shared/answer.js';
import type { Asked, SlackDeps } from './ask.js';

/** The fields of a Slack file object we read (https://api.slack.com/types/file). */
export interface SlackFile {
  id?: string;
  name?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export function captureFileOf(files: readonly SlackFile[] | undefined): SlackFile | undefined {
  return files?.find((f) => looksLikeCaptureFile(f.name, f.mimetype) || f.filetype === 'pcap' || f.filetype === 'pcapng');
}

export interface SlackFileOptions {
  token: string;
  maxBytes: number;
  /** The Web API base (tests point it at a fake); its host may serve files too. */
  apiUrl?: string;
}

export function downloadSlackCapture(file: SlackFile, opts: SlackFileOptions): Promise<Download> {
  const url = file.url_private_download ?? file.url_private;
  if (!url) return Promise.resolve({ ok: false, reason: 'Slack sent no download link for the file' });
  const hosts = ['files.slack.com'];
  if (opts.apiUrl) {
    try {
      hosts.push(new URL(opts.apiUrl).host);
    } catch {
      // an invalid apiUrl is caught by the config; files.slack.com stays allowed
    }
  }
  return downloadCapture(url, { allowedHosts: hosts, maxBytes: opts.maxBytes, size: file.size, headers: { authorization: `Bearer ${opts.token}` } });
}

/**
 * A question that came with a capture: download it, then answer it through the shared answerFor
 * (limits, core, log line) as the bytes of a pcap/pcapng. A file that cannot be read gets a reply saying why.
 */
export async function askWithCapture(deps: SlackDeps, file: SlackFile, q: { userId?: string; channelId?: string }, kind = 'capture'): Promise<Asked> {
  const started = performance.now();
  const got = deps.files ? await downloadSlackCapture(file, deps.files) : { ok: false as const, reason: 'file uploads are not set up' };
  if (!got.ok) {
    deps.logger.info({ platform: 'slack', kind, reason: got.reason, bytes: file.size }, 'slack capture not read');
    const reply = captureProblemReply(file.name, got.reason);
    return { platform: 'slack', kind, reply, limited: false, help: false, audience: 'channel', chars: 0, coreMs: 0, started, private: false };
  }
  const a = await answerFor(deps, 'slack', kind, { userId: q.userId, channelId: q.channelId }, '', got.bytes);
  return { ...a, private: a.audience === 'asker' };
}
