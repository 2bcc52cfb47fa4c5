// Related-code buttons under an answer: the custom_id carries the query, so any instance can answer
// the click with no stored state. The answer goes to the clicker only (ephemeral): the original
// answer stays as it was for everyone else in the channel.
import { InteractionResponseType } from 'discord.js';
import type { APIInteractionResponseChannelMessageWithSource, APIMessageComponentInteraction } from 'discord.js';
import { ask, type AskContext } from '../ask.js';
import { decodeQuery } from '../custom-id.js';
import { asker } from './asker.js';

/** True for the buttons this module answers. */
export function owns(customId: string): boolean {
  return decodeQuery(customId) !== undefined;
}

export async function run(interaction: APIMessageComponentInteraction, ctx: AskContext): Promise<APIInteractionResponseChannelMessageWithSource> {
  const query = decodeQuery(interaction.data.custom_id) ?? '';
  return { type: InteractionResponseType.ChannelMessageWithSource, data: await ask(query, asker(interaction), ctx, 'button', { ephemeral: true }) };
}
