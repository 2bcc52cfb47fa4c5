// What explainLog() finds in a pasted log or SIP trace: plain JSON-serialisable data (no Maps, no classes).
// Must not depend on platform code, the engine or I/O; the engine relies on `codes`, `q850` and `outcome`.

import type { Status } from '../registry/schema.js';

/**
 * How a code was found.
 * - response: a SIP response on the wire (status line, tshark/ngrep/tcpdump line, a stack's "sent/received 486").
 * - reported: a program reporting a status after the fact (acc record, sip_term_status, JSON field, stats counter).
 * - expected: a code a program names as expected or accepted (sipp "while expecting '183'", a scenario row never received).
 * - reason-header: the SIP cause of a Reason header (RFC 3326), e.g. `Reason: SIP;cause=480`.
 * - configured: a reply a proxy script is written to send (Kamailio `sl_send_reply("403", ...)`).
 */
export type CodeRole = 'response' | 'reported' | 'expected' | 'reason-header' | 'configured';

/** How the reason phrase as sent compares with the registry's. */
export type PhraseCheck =
  | 'match' // same as the registry's reason (case and spacing ignored)
  | 'variant' // a known variant listed in the registry (e.g. "Session in Progress" for 183)
  | 'truncated' // a cut-off prefix of the registry's reason (tools that clip columns)
  | 'different' // another phrase: worth flagging ("Busy" for 486)
  | 'none' // no phrase in this context
  | 'unknown'; // the registry has no record for the code

export interface CodeFinding {
  code: number;
  /** 1-based line number in the paste. */
  line: number;
  role: CodeRole;
  /** Which recogniser found it, e.g. "status-line", "kamailio-acc", "freeswitch-sofia-state". */
  source: string;
  /** The reason phrase exactly as it appeared (trimmed), when the context carries one. */
  phrase: string | null;
  phraseCheck: PhraseCheck;
  /** 'in' = received by the program that wrote the log, 'out' = sent by it. */
  direction?: 'in' | 'out';
  /** Remote address or party, when the log says. */
  peer?: string;
  /** Method from CSeq, when known. */
  method?: string;
  /** For counters (tshark stats, sipp screen): how many times the program counted it. */
  count?: number;
  /** The line, cut to a readable length. */
  excerpt: string;
  /** Likely causes of this code, from the registry (the same list a code answer gives). */
  causes?: string[];
  /** What to check for this code, from the registry. */
  checks?: string[];
  /** The Q.850 cause the paste's stack sets when it receives this code (RFC 3398 unless the program is FreeSWITCH or Asterisk). */
  cause?: { cause: number; name: string; stack: 'rfc3398' | 'freeswitch' | 'asterisk'; direction: 'sip-to-cause' };
}

export interface CodeSummary {
  code: number;
  /** Registry reason phrase, or null when the registry has no record. */
  reason: string | null;
  /** Registry status, or 'unregistered' when the registry has no record. */
  status: Status | 'unregistered';
  /** Not an IANA-registered response: stack-internal codes (pjsip 701), stats buckets, unknown numbers. */
  nonstandard: boolean;
  /** One-sentence meaning from the registry. */
  meaning: string | null;
  /** Findings of this code (including ones past the detail cap). */
  count: number;
  firstLine: number;
  lastLine: number;
  /** Up to 10 line numbers, in order. */
  lines: number[];
  roles: CodeRole[];
  /** Distinct phrases as sent (up to 5). */
  phrases: string[];
  /** The worst phrase check seen: 'different' beats 'variant' beats 'match'. */
  phraseCheck: PhraseCheck;
}

export interface Q850Mapping {
  rfc3398: number | null;
  freeswitch: number | null;
  asterisk: number | null;
  /** Set when the programs map the cause to different SIP codes. */
  differs: boolean;
  /** Which way the mapping reads: an ISUP/Q.850 cause to the SIP response a stack sends for it. */
  direction: 'cause-to-sip';
}

export interface CauseFinding {
  /** Q.850 number, or the program's own number for internal causes (FreeSWITCH ORIGINATOR_CANCEL = 487). */
  cause: number | null;
  /** The Q.850 name, or the program's cause name for internal causes. */
  name: string;
  /** The token as printed, e.g. "USER_BUSY", "cause=17", "Cause: 34". */
  printed: string;
  /** True for real Q.850 causes; false for program-internal ones (FreeSWITCH LOSE_RACE, MEDIA_TIMEOUT...). */
  q850: boolean;
  line: number;
  source: string;
  /** SIP status this cause maps to (Q.850 causes). */
  sip?: Q850Mapping;
  /** For internal causes: the SIP status the program sends for it, if any. */
  internalSip?: number | null;
  /** Short explanation in our words, when the data has one. */
  note?: string;
}

export interface ReasonHeaderFinding {
  line: number;
  /** "SIP", "Q.850", or another protocol token as written. */
  protocol: string;
  cause: number;
  text: string | null;
}

export interface WarningFinding {
  line: number;
  code: number;
  agent: string;
  text: string;
  /** In the IANA warn-code registry. */
  registered: boolean;
  /** Registry text for the code (null when unregistered). */
  registeredText: string | null;
  meaning: string | null;
  /** A known vendor reuse of the code with another meaning. */
  clash?: string;
}

export interface HttpFinding {
  line: number;
  code: number;
  excerpt: string;
}

export interface FlowMessage {
  line: number;
  /** Participant indexes into Flow.participants. */
  from: number;
  to: number;
  /** "INVITE" or "486 Busy Here". */
  label: string;
  kind: 'request' | 'response';
  method?: string;
  code?: number;
  /** Seconds (time of day or capture-relative) when the log gives it. */
  time?: number;
  callId?: string;
}

export interface Flow {
  participants: string[];
  messages: FlowMessage[];
  /** Distinct Call-IDs seen (0 when the paste has none). */
  calls: number;
  /** Monospace ladder, at most ~60 columns wide. */
  ladder: string;
  /** One line: what happened, e.g. "INVITE challenged with 407, retried with credentials, then 486 Busy Here ...". */
  diagnosis: string;
}

export interface LogReport {
  /** Distinct SIP status codes found, in order of first appearance (SIP only: never HTTP). */
  codes: number[];
  /** Distinct Q.850 causes found, in order of first appearance (real Q.850 numbers only). */
  q850: { cause: number; name: string }[];
  /** One-line diagnosis that leads with the outcome, e.g. "final 487 after CANCEL: the caller hung up before answer". */
  outcome: string;
  /** Lines in the paste (after splitting CRLF, LF or lone CR). */
  lineCount: number;
  /** Programs whose formats were recognised, e.g. ["sipp", "tshark"]. */
  programs: string[];
  /** Per distinct code, in order of first appearance. */
  summary: CodeSummary[];
  /** Individual findings, capped at MAX_FINDINGS (see `truncated`). */
  findings: CodeFinding[];
  /** Total findings before the cap. */
  findingCount: number;
  truncated: boolean;
  /** Q.850 and program-internal causes, in order of appearance (capped). */
  causes: CauseFinding[];
  reasons: ReasonHeaderFinding[];
  warnings: WarningFinding[];
  http: HttpFinding[];
  /** Small facts worth telling, e.g. what sip_hangup_disposition=recv_cancel means. */
  notes: string[];
  flow: Flow | null;
}
