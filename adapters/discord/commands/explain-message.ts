// Message context-menu command "Explain SIP codes": explains the codes in any message, including
// alerts other bots post as embeds. Answered ephemerally: the user is exploring someone else's
// message, and an incident channel should not fill with explanations nobody asked to share
// (/sip shares one). Definition and handler in one module, read by the register script too.
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionResponseType,
} from 'discord.js';
import type {
  APIInteractionResponseChannelMessageWithSource,
  APIMessage,
  APIMessageApplicationCommandInteraction,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { ask, type AskContext } from '../ask.js';
import { toTextMessage } from '../render.js';
import { asker } from './asker.js';

export const definition = {
  type: ApplicationCommandType.Message,
  name: 'Explain SIP codes',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** The readable text of a message: its content, then the text of its embeds (monitoring alerts). */
export function messageText(m: Pick<APIMessage, 'content' | 'embeds'>): string {
  const parts = [m.content];
  for (const e of m.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) parts.push(`${f.name}: ${f.value}`);
    if (e.footer?.text) parts.push(e.footer.text);
  }
  return parts.filter((p) => p && p.trim()).join('\n');
}

export async function run(interaction: APIMessageApplicationCommandInteraction, ctx: AskContext): Promise<APIInteractionResponseChannelMessageWithSource> {
  const target = interaction.data.resolved.messages[interaction.data.target_id];
  const text = target ? messageText(target) : '';
  if (!text.trim()) {
    return {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: toTextMessage('That message has no text I can read (attachments and images are not read). Try /sip with a code or a pasted log line.', { ephemeral: true }),
    };
  }
  return { type: InteractionResponseType.ChannelMessageWithSource, data: await ask(text, asker(interaction), ctx, 'context-menu', { ephemeral: true }) };
}
