// Mention neutralisers, one per markup dialect, for user text (a question, a pasted log) that goes
// back into a chat. U+2060 WORD JOINER is invisible and, being neither a letter nor a digit, splits
// what a server reads as a mention word.

const WJ = '\u2060';

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
