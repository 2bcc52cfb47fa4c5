// Credentials in URLs (http://user:pass@proxy/) never reach a log line or an error message: every
// URL's user-info part is replaced before the text leaves the process. Linear: one pass, no backtracking.

const USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^/\s@?#]{0,512}@/gi;

/** `text` with the user:password of every URL in it replaced by "[redacted]". */
export function redactUrls(text: string): string {
  return text.replace(USERINFO, '$1[redacted]@');
}
