// The one file that imports the platform adapters: builds those whose settings are present.
// Each SDK is imported only when its platform is on, so a web-only process never loads Bolt or discord.js.
import type { Config } from '../src/config.js';
import type { Adapter, Logger, Responder } from '../src/index.js';

export interface AdapterContext {
  config: Config;
  responder: Responder;
  logger: Logger;
}

export async function buildAdapters({ config, responder, logger }: AdapterContext): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  const { slack, discord } = config;
  if (slack) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    adapters.push(
      createSlackAdapter({
        botToken: slack.botToken,
        signingSecret: slack.signingSecret,
        appToken: slack.appToken,
        apiUrl: slack.apiUrl,
        answersVisible: slack.answersVisible,
        maxCaptureBytes: config.maxCaptureBytes,
        responder,
        logger,
      }),
    );
  }
  if (discord?.token || discord?.publicKey) {
    const { createDiscordGateway, createDiscordInteractions } = await import('../adapters/discord/index.js');
    if (discord.token && discord.applicationId) {
      adapters.push(createDiscordGateway({ token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl, shards: discord.shards, maxCaptureBytes: config.maxCaptureBytes, responder, logger }));
    }
    if (discord.publicKey) {
      adapters.push(createDiscordInteractions({ publicKey: discord.publicKey, applicationId: discord.applicationId, responder, logger }));
    }
  }
  return adapters;
}
