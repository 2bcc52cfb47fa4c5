// The neutral reply every platform renders natively (Block Kit, embeds, terminal text).
// All strings are plain text: renderers escape them and add their own markup. No platform code here.

/** The RFC 3261 class of what the reply is about, or neutral/warning for help and no-match replies. */
export type Tone =
  | 'provisional'
  | 'success'
  | 'redirection'
  | 'client-failure'
  | 'server-failure'
  | 'global-failure'
  | 'neutral'
  | 'warning';

export interface Link {
  label: string;
  url: string;
}

export interface Field {
  label: string;
  value: string;
  /** When set, the value is shown as a link to this URL. */
  url?: string;
}

export type Block =
  /** A sub-heading that starts a new part of the reply (one code of a comparison, a log finding). */
  | { type: 'heading'; text: string; tone?: Tone }
  /** A paragraph. */
  | { type: 'text'; text: string }
  /** Short label/value pairs shown side by side where the platform can. */
  | { type: 'fields'; fields: Field[] }
  /** A titled bullet list (causes, what to check). */
  | { type: 'list'; title: string; items: string[] }
  /** Monospace text: a ladder diagram, a quoted log line. */
  | { type: 'code'; text: string }
  /** Small print: sources, confidence, hints. */
  | { type: 'context'; text: string };

/** A follow-up the user can click: the adapter runs `query` through the core and shows the answer. */
export interface Action {
  label: string;
  query: string;
}

export interface Reply {
  /** Headline, e.g. "603 Decline", "486 Busy Here vs 600 Busy Everywhere", "6xx Global Failure". */
  title: string;
  /** The one-line meaning that leads the reply; renderers show it as "**title**: lead". */
  lead: string;
  tone: Tone;
  blocks: Block[];
  /** Related codes and search alternatives, best first. */
  actions: Action[];
  /** Complete plain-text rendering: the fallback for notifications, screen readers and terminals. */
  text: string;
}
