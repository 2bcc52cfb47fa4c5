// Discord attachments: a .pcap/.pcapng attached to a message that mentions the bot, or sent in a DM,
// downloaded from Discord's CDN (no token needed) under MAX_CAPTURE_BYTES. No discord.js runtime here.
import type { Logger, Reply, Responder } from '../../src/index.js';
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
 * A message that came with a capture: download it, then answer it through the responder (rate limits
 * included); a file that cannot be read gets a reply saying why. Returns the neutral Reply to render.
 */
export async function answerAttachment(
  a: AttachmentLike,
  who: { userId?: string; channelId?: string },
  ctx: { responder: Responder; logger: Logger },
  opts: { maxBytes: number; apiUrl?: string },
): Promise<{ reply: Reply; limited: boolean }> {
  const got = await downloadDiscordCapture(a, opts);
  if (!got.ok) {
    ctx.logger.info({ platform: 'discord', kind: 'capture', reason: got.reason, bytes: a.size }, 'discord capture not read');
    return { reply: captureProblemReply(a.name, got.reason), limited: false };
  }
  const o = ctx.responder.respond({ text: '', platform: 'discord', userId: who.userId, channelId: who.channelId, capture: got.bytes });
  ctx.logger.info(
    { platform: 'discord', kind: 'capture', intent: o.answer?.intent, outcome: o.limited ? 'limited' : 'answered', codes: o.answer?.matches.slice(0, 10).map((m) => m.code), bytes: got.bytes.length, ms: Math.round(o.ms * 100) / 100, channelId: who.channelId },
    'discord answer',
  );
  return { reply: o.reply, limited: o.limited };
}
