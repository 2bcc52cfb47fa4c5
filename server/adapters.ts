// The one file that imports the platform adapters: builds those whose settings are present.
// Each SDK is imported only when its platform is on, so a web-only process never loads Bolt or discord.js.
import type { Adapter, Logger } from './adapter.js';
import type { Config } from './config.js';
import type { Limits } from './limits.js';
import type { SharedState } from './state/types.js';

export interface AdapterContext {
  config: Config;
  /** Answers per person and per channel, counted in `state`. */
  limits: Limits;
  /** Dedupe, limits and parked questions shared across instances (memory by default). */
  state: SharedState;
  logger: Logger;
}

export async function buildAdapters({ config, limits, state, logger }: AdapterContext): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  const { slack, discord, mattermost } = config;
  const shared = { limits, state, logger };
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
        ...shared,
      }),
    );
  }
  if (discord?.token || discord?.publicKey) {
    const { createDiscordGateway, createDiscordInteractions } = await import('../adapters/discord/index.js');
    if (discord.token && discord.applicationId) {
      adapters.push(createDiscordGateway({ token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl, shards: discord.shards, maxCaptureBytes: config.maxCaptureBytes, ...shared }));
    }
    if (discord.publicKey) {
      adapters.push(createDiscordInteractions({ publicKey: discord.publicKey, applicationId: discord.applicationId, ...shared }));
    }
  }
  if (mattermost) {
    const { createMattermostAdapter } = await import('../adapters/mattermost/index.js');
    adapters.push(createMattermostAdapter({ token: mattermost.token, answersVisible: mattermost.answersVisible, ...shared }));
  }
  return adapters;
}
