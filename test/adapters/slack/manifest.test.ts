// The app manifests must ask for exactly what the adapter uses: the same command, shortcut and
// action ids, the two bot events and the fewest scopes (each justified in README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMAND, SHORTCUT_CALLBACK_ID } from '../../../adapters/slack/ids.js';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/index.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../../adapters/slack/${name}`, import.meta.url), 'utf8'));
const http = load('manifest.json');
const socket = load('manifest.socket.json');
const docs = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe.each([
  ['manifest.json', http],
  ['manifest.socket.json', socket],
])('%s', (_name, m) => {
  it('declares the slash command and the message shortcut the adapter listens for', () => {
    expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([DEFAULT_COMMAND]);
    expect(m.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: SHORTCUT_CALLBACK_ID, name: 'Explain SIP codes' })]);
  });

  it('subscribes to mentions and DMs only, with the fewest scopes that work', () => {
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im']);
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:read', 'im:history']);
    expect(m.oauth_config.scopes.user).toBeUndefined();
    expect(m.features.app_home.messages_tab_enabled).toBe(true);
    expect(m.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(m.settings.interactivity.is_enabled).toBe(true);
  });

  it('has every scope explained in README.md', () => {
    for (const scope of m.oauth_config.scopes.bot) expect(docs).toContain(`\`${scope}\``);
  });
});

describe('HTTP and Socket Mode manifests', () => {
  it('point HTTP mode at /slack/events and leave the URLs out for Socket Mode', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    for (const url of [http.features.slash_commands[0].url, http.settings.event_subscriptions.request_url, http.settings.interactivity.request_url]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
    expect(socket.features.slash_commands[0].url).toBeUndefined();
  });

  it('differ in nothing else', () => {
    const strip = (m: any) => {
      const c = structuredClone(m);
      delete c.features.slash_commands[0].url;
      delete c.settings.event_subscriptions.request_url;
      delete c.settings.interactivity.request_url;
      delete c.settings.socket_mode_enabled;
      return c;
    };
    expect(strip(socket)).toEqual(strip(http));
  });
});
