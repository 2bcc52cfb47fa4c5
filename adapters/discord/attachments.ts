// Discord attachments: a .pcap/.pcapng attached to a message that mentions the bot, or sent in a DM,
// downloaded from Discord's CDN (no token needed) under MAX_CAPTURE_BYTES. No discord.js runtime here.
import type { Reply } from '../../src/index.js';
import { answerFor, logAnswer, type Asker, type FrontDeps } from '../shared/answer.js';
import { captureProblemReply, downloadCapture, looksLikeCaptureFile, type Download } from '../shared/capture-download.js';

/** What we read of a discord.js Attachment. */
export interface AttachmentLike {
  name: string | null;
  url: string;
  size: number;
  contentType?: string | null;
}

export function captureAttachmentOf(attachments: Iterable<AttachmentLike>): AttachmentLike | undefined {
  for (const a of attachments) if (looksLikeCaptureFile(a.name, a.contentType)) return a;
  return undefined;
}

export function downloadDiscordCapture(a: AttachmentLike, opts: { maxBytes: number; apiUrl?: string }): Promise<Download> {
  const hosts = ['cdn.discordapp.com', 'media.discordapp.net'];
  if (opts.apiUrl) {
    try {
      hosts.push(new URL(opts.apiUrl).host);
    } catch {
      // the config rejects a bad DISCORD_API_URL; the CDN hosts stay allowed
    }
  }
  return downloadCapture(a.url, { allowedHosts: hosts, maxBytes: opts.maxBytes, size: a.size });
}

/**
 * A message that came with a capture: download it, then answer it through the shared answerFor
 * (limits, core, log line); a file that cannot be read gets a reply saying why.
 */
export async function answerAttachment(
  a: AttachmentLike,
  who: Asker,
  ctx: FrontDeps & { via?: string },
  kind: string,
  opts: { maxBytes: number; apiUrl?: string },
): Promise<Reply> {
  const got = await downloadDiscordCapture(a, opts);
  if (!got.ok) {
    ctx.logger.info({ platform: 'discord', kind, reason: got.reason, bytes: a.size }, 'discord capture not read');
    return captureProblemReply(a.name, got.reason);
  }
  const answered = await answerFor(ctx, 'discord', kind, who, '', got.bytes);
  logAnswer(ctx, answered, { via: ctx.via, channelId: who.channelId });
  return answered.reply;
}
