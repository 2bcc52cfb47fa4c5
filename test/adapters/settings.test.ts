// Each adapter validates its own variables: its schema alone turns the environment into its typed
// settings (or undefined when the platform is off) or one message naming the variable and the fix.
import { describe, expect, it } from 'vitest';
import { discordSettings } from '../../adapters/discord/settings.js';
import { mattermostSettings } from '../../adapters/mattermost/settings.js';
import { slackSettings } from '../../adapters/slack/settings.js';

const firstError = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);

describe('adapter settings', () => {
  it('is off (undefined) when none of the platform variables is set, ignoring other variables', () => {
    const env = { PORT: '3000', OTHER: 'x', SLACK_ANSWERS_VISIBLE: 'true' };
    expect(slackSettings.parse(env)).toBeUndefined();
    expect(discordSettings.parse(env)).toBeUndefined();
    expect(mattermostSettings.parse({ MATTERMOST_ANSWERS_VISIBLE: 'true' })).toBeUndefined();
  });

  it('gives each platform its typed settings', () => {
    expect(slackSettings.parse({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1', SLACK_ANSWERS_VISIBLE: 'yes' })).toEqual({
      botToken: 'xoxb-1-2',
      appToken: 'xapp-1',
      signingSecret: undefined,
      apiUrl: undefined,
      answersVisible: true,
    });
    const key = 'AB'.repeat(32);
    expect(discordSettings.parse({ DISCORD_PUBLIC_KEY: key, DISCORD_SHARDS: 'auto' })).toMatchObject({ publicKey: key.toLowerCase(), shards: 'auto' });
    expect(mattermostSettings.parse({ MATTERMOST_TOKEN: 'abcdefghijklmnop1234' })).toEqual({ token: 'abcdefghijklmnop1234', answersVisible: false });
  });

  it('names the variable and the fix in one line, never echoing a token', () => {
    const slack = firstError(slackSettings.safeParse({ SLACK_BOT_TOKEN: 'xoxb-secret-1' }));
    expect(slack).toMatch(/^SLACK_SIGNING_SECRET is not set: .*SLACK_APP_TOKEN/);
    expect(slack).not.toContain('secret-1');
    const discord = firstError(discordSettings.safeParse({ DISCORD_TOKEN: 'Bot aaa.bbb.ccc' }));
    expect(discord).toMatch(/^DISCORD_TOKEN must be the bot token alone/);
    expect(discord).not.toContain('aaa.bbb');
    const mm = firstError(mattermostSettings.safeParse({ MATTERMOST_TOKEN: 'not a token!' }));
    expect(mm).toMatch(/^MATTERMOST_TOKEN must be the slash command token alone/);
    expect(mm).not.toContain('not a token');
    for (const m of [slack, discord, mm]) expect(m).not.toContain('\n');
  });
});
