// Discord's limits on what a bot may send, as named constants so the renderer can truncate on
// purpose. Platform facts only: no sipbot logic here.

/** Message content. https://docs.discord.com/developers/resources/message#create-message */
export const MAX_CONTENT = 2000;

// Embed limits. https://docs.discord.com/developers/resources/message#embed-object-embed-limits
export const MAX_EMBEDS = 10;
export const MAX_EMBED_TITLE = 256;
export const MAX_EMBED_DESCRIPTION = 4096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_FIELD_NAME = 256;
export const MAX_FIELD_VALUE = 1024;
export const MAX_FOOTER_TEXT = 2048;
/** Title, description, field names and values, footer text and author name of every embed in one message. */
export const MAX_EMBED_TOTAL = 6000;

// Components. https://docs.discord.com/developers/components/reference#action-row and #button
export const MAX_ACTION_ROWS = 5;
export const MAX_BUTTONS_PER_ROW = 5;
export const MAX_BUTTON_LABEL = 80;
export const MAX_CUSTOM_ID = 100;

// Autocomplete. https://docs.discord.com/developers/interactions/receiving-and-responding#interaction-response-object-autocomplete
export const MAX_CHOICES = 25;
export const MAX_CHOICE_NAME = 100;
export const MAX_CHOICE_VALUE = 100;

/** An interaction must be answered within 3 s or the user sees "The application did not respond".
 * https://docs.discord.com/developers/interactions/receiving-and-responding#responding-to-an-interaction */
export const INTERACTION_DEADLINE_MS = 3000;

/** Message flag that shows a reply only to the user who asked. https://docs.discord.com/developers/resources/message#message-object-message-flags */
export const EPHEMERAL = 1 << 6;
