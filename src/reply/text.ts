// Plain-text rendering of a Reply for terminals and as every platform's fallback text. ANSI colour
// only when asked (the CLI asks on a TTY without NO_COLOR). No platform code.
import type { Reply, Tone } from './types.js';

const ANSI: Record<Tone, string> = {
  provisional: '36', // cyan
  success: '32', // green
  redirection: '34', // blue
  'client-failure': '33', // yellow
  'server-failure': '31', // red
  'global-failure': '35', // magenta
  neutral: '0',
  warning: '33',
};

export interface TextOptions {
  color?: boolean;
}

export function renderText(reply: Reply, opts: TextOptions = {}): string {
  const paint = (code: string, s: string) => (opts.color && code !== '0' ? `\x1b[${code}m${s}\x1b[0m` : s);
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[22m` : s);

  const out: string[] = [`${paint(ANSI[reply.tone], bold(reply.title))}: ${reply.lead}`];
  for (const b of reply.blocks) {
    switch (b.type) {
      case 'heading':
        out.push('', paint(ANSI[b.tone ?? reply.tone], bold(b.text)));
        break;
      case 'text':
        out.push(b.text);
        break;
      case 'fields':
        for (const f of b.fields) out.push(`  ${bold(`${f.label}:`)} ${f.value}${f.url ? dim(` <${f.url}>`) : ''}`);
        break;
      case 'list':
        out.push(bold(`${b.title}:`), ...b.items.map((i) => `  • ${i}`));
        break;
      case 'code':
        out.push(...b.text.split('\n').map((l) => `    ${l}`));
        break;
      case 'context':
        out.push(dim(b.text));
        break;
    }
  }
  return out.join('\n');
}
