// The Discord adapter's public surface for the host (server/) and the register script.
export { createDiscordGateway, type DiscordGatewayOptions } from './gateway.js';
export { createDiscordInteractions, INTERACTIONS_PATH, type DiscordInteractionsOptions } from './interactions-http.js';
export { toDiscordMessage, toTextMessage, NO_MENTIONS, TONE_COLORS, type DiscordMessage, type RenderOptions } from './render.js';
export { commandDefinitions } from './commands/index.js';
export { handleInteraction } from './interactions.js';
export { registerCommands, type RegisterOptions } from './register-commands.js';
