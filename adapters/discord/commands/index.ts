// Every application command sipbot registers, from the same modules the bot answers with: the
// register script PUTs `commandDefinitions()`, the interaction router dispatches on the same names.
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import * as sip from './sip.js';
import * as explainMessage from './explain-message.js';

export { sip, explainMessage };

export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [sip.definition, explainMessage.definition];
}
