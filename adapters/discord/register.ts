// `npm run discord:register`: reads the settings with loadConfig() and registers the commands.
// A thin main around registerCommands(); exits non-zero with a message that says how to fix it.
import { loadConfig, loadEnvFile } from '../../server/config.js';
import { registerCommands } from './register-commands.js';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const d = config.discord;
  if (!d?.token || !d.applicationId) {
    throw new Error(
      'DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands (Developer Portal > Bot > Reset Token, and General Information > Application ID). Set DISCORD_GUILD_ID too for instant registration in one server.',
    );
  }
  const done = await registerCommands({ token: d.token, applicationId: d.applicationId, guildId: d.guildId, apiUrl: d.apiUrl });
  const where = done.scope === 'guild' ? `server ${d.guildId} (available now)` : 'every server the bot is in (global: open Discord clients may need a reload, Ctrl+R, to show them)';
  console.log(`Registered ${done.names.map((n) => `"${n}"`).join(', ')} for ${where}.`);
}

main().catch((err: unknown) => {
  console.error(`discord:register failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
