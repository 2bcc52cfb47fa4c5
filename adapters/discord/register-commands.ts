// Registers sipbot's application commands with one bulk overwrite (PUT), from the same definitions
// the bot answers with. To one server when guildId is set (instant), else globally.
import { REST, Routes } from 'discord.js';
import type { RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { commandDefinitions } from './commands/index.js';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  guildId?: string;
  /** REST base without the version, e.g. a proxy; tests point it at a fake. */
  apiUrl?: string;
}

export interface Registered {
  scope: 'guild' | 'global';
  names: string[];
}

export async function registerCommands(opts: RegisterOptions): Promise<Registered> {
  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl } : {}).setToken(opts.token);
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const result = (await rest.put(route, { body: commandDefinitions() })) as RESTPutAPIApplicationCommandsResult;
  return { scope: opts.guildId ? 'guild' : 'global', names: result.map((c) => c.name) };
}
