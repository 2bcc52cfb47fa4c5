// /sip query:<text> [private:<bool>]: the definition Discord registers and its handler, in one
// module so the register script and the bot cannot drift. Autocomplete on `query` comes from the
// registry; answers come from the core.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionResponseType,
} from 'discord.js';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandAutocompleteResponse,
  APIApplicationCommandInteractionDataBasicOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponseChannelMessageWithSource,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { allCodes } from '../../../src/index.js';
import { ask, type AskContext } from '../ask.js';
import { suggestCodes, type Choice } from '../suggest.js';
import { asker } from './asker.js';

export const definition = {
  type: ApplicationCommandType.ChatInput,
  name: 'sip',
  description: 'Explain a SIP response code, a comparison (486 vs 600), a class (6xx) or a symptom',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'A code (603), codes (486 vs 600), a class (6xx), a symptom or a log line',
      required: true,
      autocomplete: true,
      max_length: 6000,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'private',
      description: 'Show the answer only to you',
      required: false,
    },
  ],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type Option = APIApplicationCommandInteractionDataBasicOption;

function option(options: readonly Option[] | undefined, name: string): Option | undefined {
  return options?.find((o) => o.name === name);
}

export async function run(interaction: APIChatInputApplicationCommandInteraction, ctx: AskContext): Promise<APIInteractionResponseChannelMessageWithSource> {
  const options = interaction.data.options as Option[] | undefined;
  const query = option(options, 'query');
  const priv = option(options, 'private');
  const text = query?.type === ApplicationCommandOptionType.String ? query.value : '';
  const ephemeral = priv?.type === ApplicationCommandOptionType.Boolean ? priv.value : false;
  return { type: InteractionResponseType.ChannelMessageWithSource, data: await ask(text, asker(interaction), ctx, 'command', { ephemeral }) };
}

export function autocomplete(interaction: APIApplicationCommandAutocompleteInteraction): APIApplicationCommandAutocompleteResponse {
  const focused = (interaction.data.options as Option[] | undefined)?.find((o) => 'focused' in o && o.focused);
  const typed = focused && focused.type === ApplicationCommandOptionType.String ? focused.value : '';
  const choices: Choice[] = focused?.name === 'query' || !focused ? suggestCodes(typed, allCodes()) : [];
  return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } };
}
