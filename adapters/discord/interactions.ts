// Routes one interaction payload (raw API JSON) to its command module and returns the response
// body. Shared by the gateway (posted back over REST) and the HTTP endpoint (returned as the HTTP
// response), so both answer identically. Holds the interaction catch-all.
import { ApplicationCommandType, ComponentType, InteractionResponseType, InteractionType } from 'discord.js';
import type { APIInteraction, APIInteractionResponse } from 'discord.js';
import { failure, type AskContext, type Kind } from './ask.js';
import { sip, explainMessage } from './commands/index.js';
import * as relatedButton from './commands/related-button.js';
import { toTextMessage } from './render.js';

function kindOf(raw: APIInteraction): Kind {
  switch (raw.type) {
    case InteractionType.Ping:
      return 'ping';
    case InteractionType.ApplicationCommandAutocomplete:
      return 'autocomplete';
    case InteractionType.MessageComponent:
      return 'button';
    case InteractionType.ApplicationCommand:
      return raw.data?.type === ApplicationCommandType.Message ? 'context-menu' : 'command';
    default:
      return 'command';
  }
}

/**
 * The response for `raw`, undefined for interaction types sipbot does not use (modals), or null
 * for an interaction already answered (send nothing).
 */
export async function handleInteraction(raw: APIInteraction, ctx: AskContext): Promise<APIInteractionResponse | undefined | null> {
  const kind = kindOf(raw);
  try {
    // Discord can deliver one interaction twice (a gateway resume, an HTTP retry): answered once.
    // Autocomplete is not an answer, and a ping has nothing to repeat.
    if (ctx.seen && kind !== 'autocomplete' && kind !== 'ping' && !(await ctx.seen.firstTime(`interaction:${raw.id}`))) {
      ctx.logger.debug({ platform: 'discord', via: ctx.via, kind, interactionId: raw.id }, 'discord duplicate interaction ignored');
      return null;
    }
    switch (raw.type) {
      case InteractionType.Ping:
        return { type: InteractionResponseType.Pong };
      case InteractionType.ApplicationCommandAutocomplete:
        return sip.autocomplete(raw);
      case InteractionType.ApplicationCommand: {
        const d = raw.data;
        if (d.type === ApplicationCommandType.ChatInput && d.name === sip.definition.name) {
          return await sip.run(raw as Parameters<typeof sip.run>[0], ctx);
        }
        if (d.type === ApplicationCommandType.Message && d.name === explainMessage.definition.name) {
          return await explainMessage.run(raw as Parameters<typeof explainMessage.run>[0], ctx);
        }
        ctx.logger.warn({ platform: 'discord', via: ctx.via, kind, command: d.name }, 'unknown Discord command: registered commands are out of date, run npm run discord:register');
        return {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: toTextMessage(`sipbot does not know the command "${d.name}" any more. Use /sip.`, { ephemeral: true }),
        };
      }
      case InteractionType.MessageComponent:
        if (raw.data.component_type === ComponentType.Button && relatedButton.owns(raw.data.custom_id)) {
          return await relatedButton.run(raw, ctx);
        }
        ctx.logger.warn({ platform: 'discord', via: ctx.via, kind, customId: raw.data.custom_id.slice(0, 100) }, 'unknown Discord component');
        return { type: InteractionResponseType.DeferredMessageUpdate };
      default:
        return undefined;
    }
  } catch (err) {
    if (raw.type === InteractionType.ApplicationCommandAutocomplete) {
      failure(ctx, kind, err, { interactionId: raw.id });
      return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
    }
    return { type: InteractionResponseType.ChannelMessageWithSource, data: failure(ctx, kind, err, { interactionId: raw.id, channelId: raw.channel?.id }) };
  }
}
