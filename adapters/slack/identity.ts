// Who the bot is (auth.test): Bolt needs the bot's user and bot ids to ignore its own messages, and
// a rejected token must show in /healthz. Known ids skip the call; a failure is retried lazily.
import type { webApi } from '@slack/bolt';
import { describeError } from './errors.js';

/** A failed auth.test is retried at most this often, from incoming requests, until it succeeds. */
const IDENTITY_RETRY_MS = 60_000;

/** The bot's identity from auth.test: known ids skip it; a failure is reported, then retried lazily. */
export class BotIdentity {
  botUserId?: string;
  botId?: string;
  name?: string;
  error?: string;
  private lastTry = 0;
  private pending?: Promise<void>;

  constructor(
    private readonly client: InstanceType<typeof webApi.WebClient>,
    private readonly token: string,
    known: { botUserId?: string; botId?: string },
  ) {
    this.botUserId = known.botUserId;
    this.botId = known.botId;
  }

  get known(): boolean {
    return this.botUserId !== undefined;
  }

  /** Runs auth.test once at a time; throws what Slack said. */
  verify(): Promise<void> {
    this.pending ??= (async () => {
      this.lastTry = Date.now();
      try {
        const r = await this.client.auth.test({ token: this.token });
        this.botUserId = r.user_id;
        this.botId = r.bot_id;
        this.name = r.user;
        this.error = undefined;
      } catch (e) {
        const d = describeError(e);
        this.error = String(d.slackError ?? d.code ?? d.err);
        throw e;
      }
    })().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** For incoming requests: retries a failed check now and then, never throws. */
  async settle(): Promise<void> {
    if (this.known || Date.now() - this.lastTry < IDENTITY_RETRY_MS) return this.pending?.catch(() => {});
    await this.verify().catch(() => {});
  }
}
