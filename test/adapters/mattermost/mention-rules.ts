// Mattermost's own mention rules, transcribed from server/channels/app/mention_parser.go
// (StandardMentionParser.ProcessText / checkForMention): what a posted text would notify.
// Stricter than the server in one way: code spans count as text here too.

const SYSTEM = new Set(['@here', '@channel', '@all']);

/** Without skip_slack_parsing, Mattermost rewrites Slack-style <!channel>, <!here>, <!all> to mentions. */
export function slackParsed(text: string): string {
  return text.replace(/<!(channel|here|all|everyone)(\|[^>]*)?>/gi, '@$1');
}

/** The mention keywords (lower case) and other @-words a text would notify, given the members' usernames. */
export function mentionsIn(text: string, usernames: readonly string[]): string[] {
  const keywords = new Set([...SYSTEM, ...usernames.map((u) => `@${u.toLowerCase()}`)]);
  const found: string[] = [];
  const check = (word: string) => {
    if (keywords.has(word.toLowerCase())) {
      found.push(word.toLowerCase());
      return true;
    }
    return false;
  };
  // Split on any character that is not a letter, a number, or one of : . - _ @
  for (let word of text.split(/[^:._@\p{L}\p{N}-]+/u).filter(Boolean)) {
    if (word.startsWith(':') && word.endsWith(':')) continue;
    word = word.replace(/^[:._-]+/, '');
    if (!word || check(word)) continue;
    let stripped = word;
    let foundWithoutSuffix = false;
    while (stripped && /[.\-:_]$/.test(stripped)) {
      stripped = stripped.slice(0, -1);
      if (check(stripped)) {
        foundWithoutSuffix = true;
        break;
      }
    }
    if (foundWithoutSuffix) continue;
    if (!SYSTEM.has(word) && word.startsWith('@')) {
      const w = /[.\-:]$/.test(word) ? word.slice(0, -1) : word;
      if (w.length > 1) found.push(`other:${w.slice(1)}`);
    } else if (/[.\-:]/.test(word)) {
      for (const part of word.split(/[.\-:]+/).filter(Boolean)) {
        if (check(part)) continue;
        if (!SYSTEM.has(part) && part.startsWith('@') && part.length > 1) found.push(`other:${part.slice(1)}`);
      }
    }
  }
  return found;
}
