// Who asked and where, from any interaction payload (guild: member.user; DM: user). Pure.
import type { APIInteraction } from 'discord.js';
import type { Asker } from '../ask.js';

export function asker(interaction: APIInteraction): Asker {
  return {
    userId: interaction.member?.user.id ?? interaction.user?.id,
    channelId: interaction.channel?.id ?? interaction.channel_id,
  };
}
