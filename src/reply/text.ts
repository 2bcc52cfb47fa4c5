// Plain-text rendering of a Reply for terminals and as every platform's fallback text. ANSI colour
// only when asked (the CLI asks on a TTY without NO_COLOR). No platform code.
import { createColors } from 'picocolors';
import type { Reply, Tone } from './types.js';

type Colors = ReturnType<typeof createColors>;
type Paint = (s: string) => string;

/** The colour of each tone, after the RFC 3261 class it stands for. */
const TONE_COLOR: Record<Tone, (c: Colors) => Paint> = {
  provisional: (c) => c.cyan,
  success: (c) => c.green,
  redirection: (c) => c.blue,
  'client-failure': (c) => c.yellow,
  'server-failure': (c) => c.red,
  'global-failure': (c) => c.magenta,
  neutral: () => (s) => s,
  warning: (c) => c.yellow,
};

export interface TextOptions {
  color?: boolean;
}

export function renderText(reply: Reply, opts: TextOptions = {}): string {
  const c = createColors(opts.color === true);
  const paint = (tone: Tone, s: string) => TONE_COLOR[tone](c)(s);
  const { bold, dim } = c;

  const out: string[] = [`${paint(reply.tone, bold(reply.title))}: ${reply.lead}`];
  for (const b of reply.blocks) {
    switch (b.type) {
      case 'heading':
        out.push('', paint(b.tone ?? reply.tone, bold(b.text)));
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
