// Mention neutralisers, one per markup dialect, for user text (a question, a pasted log) that goes
// back into a chat. U+2060 WORD JOINER is invisible and, being neither a letter nor a digit, splits
// what a server reads as a mention word. Discord keeps U+200B, which its clients render as nothing.

const WJ = '\u2060';
const ZWSP = '\u200b';

/**
 * Slack, after `<`, `>` and `&` are escaped (which already makes `<!channel>` and `<@U123>` plain
 * text): bare `@channel`, `@here`, `@everyone` get a word joiner as a second guard, in case a client
 * or a future default reads them as a broadcast.
 */
export function neutraliseSlack(text: string): string {
  return text.replace(/(^|[^\w@])@(channel|here|everyone)\b/gi, `$1@${WJ}$2`);
}

/** Discord: `@everyone`, `@here`, `<@id>`, `<@!id>` and `<@&role>` lose their meaning (allowed_mentions already stops the ping). */
export function neutraliseDiscord(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<@/g, `<@${ZWSP}`);
}

/**
 * Mattermost: the server splits text on every character that is not a letter, digit, `:`, `.`,
 * `-`, `_` or `@`, trims leading `:.-_`, and treats a word starting with `@` as a mention
 * (`@channel`, `@all`, `@here`, `@username`, `@group`): server/channels/app/mention_parser.go.
 * A backslash or an HTML entity does not stop it; a character that ends the word does. So a word
 * joiner after every `@` that a name could follow, and Slack-style `<!channel>`/`<!here>`/`<!all>`
 * (which Mattermost rewrites into mentions unless skip_slack_parsing is set) lose their `<!`.
 */
export function neutraliseMattermost(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}:._-])/gu, `@${WJ}`).replace(/<!/g, `<${WJ}!`);
}
