// Discord attachments: a .pcap/.pcapng attached to a message that mentions the bot, or sent in a DM,
// downloaded from Discord's CDN (no token needed) under MAX_CAPTURE_BYTES. No discord.js runtime here.
import { downloadCapture, looksLikeCaptureFile, type Download } from '../shared/capture-download.js';

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
