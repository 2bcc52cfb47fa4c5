// The register script's core against the fake REST: one bulk PUT of the same definitions the bot
// answers with, to one guild or globally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions, registerCommands } from '../../../adapters/discord/index.js';
import { sip } from '../../../adapters/discord/commands/index.js';
import { APP_ID, GUILD_ID, TOKEN, startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.stop();
});

describe('registerCommands', () => {
  it('PUTs /applications/:id/guilds/:gid/commands with the command definitions for one guild', async () => {
    const done = await registerCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.apiUrl });
    expect(done).toEqual({ scope: 'guild', names: ['sip', 'Explain SIP codes'] });
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(put.body).toEqual(commandDefinitions());
  });

  it('PUTs /applications/:id/commands globally without a guild', async () => {
    const done = await registerCommands({ token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl });
    expect(done.scope).toBe('global');
    expect(fake.requests.filter((r) => r.method === 'PUT').at(-1)!.path).toBe(`/applications/${APP_ID}/commands`);
  });

  it('defines /sip with a required autocompleted query and an optional private flag, and the message command', () => {
    expect(commandDefinitions()).toEqual([
      {
        type: 1,
        name: 'sip',
        description: sip.definition.description,
        options: [
          { type: 3, name: 'query', description: expect.any(String), required: true, autocomplete: true, max_length: 6000 },
          { type: 5, name: 'private', description: 'Show the answer only to you', required: false },
        ],
        contexts: [0, 1],
        integration_types: [0],
      },
      { type: 3, name: 'Explain SIP codes', contexts: [0, 1], integration_types: [0] },
    ]);
    // Discord's limits on definitions: name 1-32, description 1-100.
    for (const d of commandDefinitions()) {
      expect(d.name.length).toBeLessThanOrEqual(32);
      if ('description' in d && d.description !== undefined) expect(d.description.length).toBeLessThanOrEqual(100);
      for (const o of ('options' in d ? d.options : undefined) ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('fails with Discord\'s error when the token is rejected', async () => {
    fake.failNext('PUT', /commands$/, 401, { message: '401: Unauthorized', code: 0 });
    await expect(registerCommands({ token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl })).rejects.toThrow(/Unauthorized/);
  });
});
