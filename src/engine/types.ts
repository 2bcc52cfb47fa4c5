// The structured answer: the public JSON of `sipbot --json` and GET /api/explain (documented in the
// README; keep it stable). Pure data, no platform code.
import type { Status } from '../registry/schema.js';
import type { LogReport } from '../log/types.js';

export type Intent = 'code' | 'codes' | 'class' | 'search' | 'symptom' | 'log' | 'identity' | 'help' | 'none';

export interface Match {
  code: number;
  reason: string;
  /** "6xx" */
  class: string;
  /** "Global Failure" */
  className: string;
  status: Status | 'unregistered';
  /** In IANA's registry (current, deprecated or reserved). */
  registered: boolean;
  /** Final response (2xx-6xx) rather than provisional (1xx). */
  final: boolean;
  summary: string;
  rfc: string | null;
  section: string | null;
  url: string | null;
  /** Search only: 0..1, higher is surer. */
  confidence?: number;
  /** Unregistered codes in 100-699: the x00 code a UA treats it as (RFC 3261 §8.1.3.2). */
  treatAs?: number;
}

/** A symptom the question describes (data/symptoms.json). */
export interface SymptomMatch {
  id: string;
  name: string;
  /** What it usually means, one line. */
  summary: string;
  /** Why it happens, a short paragraph. */
  means: string;
  /** SIP codes involved, most likely first (empty: no SIP code describes it). */
  codes: number[];
  /** Q.850 causes involved. */
  causes: number[];
  /** What to check, per stack ("any" for all). */
  checks: { stack: string; check: string }[];
  /** ids of related symptoms */
  related: string[];
}

export interface ClassInfo {
  class: string;
  name: string;
  meaning: string;
  codes: number[];
}

export interface Answer {
  intent: Intent;
  /** The text as received (trimmed, capped). */
  query: string;
  /** The codes the answer is about, best first. For a log: every distinct SIP status code found, in order of first appearance. */
  matches: Match[];
  /** What the engine understood, in one plain sentence. */
  understood: string;
  /** class intent */
  classInfo?: ClassInfo;
  /** codes intent: how the codes differ, one sentence each. */
  differences?: string[];
  /** search intent: how sure the best guess is. */
  confidence?: 'high' | 'medium' | 'low';
  /** Numbers in the text that are not SIP codes (out of range) and words that matched nothing. */
  notices?: string[];
  /** help/none: example questions to try. */
  examples?: string[];
  /** Q.850 causes and hangup-cause names in a question, each with how it maps to SIP. */
  causes?: { as: string; cause: number; name: string; internal: boolean; sip: number | null; description: string }[];
  /** Q.850 causes found (in a log, or named in a question), in order of first appearance. */
  q850?: { cause: number; name: string }[];
  /** symptom intent (and code/search answers that also name a symptom): best first. */
  symptoms?: SymptomMatch[];
  /** none intent: the question is not about a SIP response (a how-to, configuration or media question). */
  notSip?: boolean;
  /** log intent: the full report (findings with line numbers, warnings, call flow). */
  log?: LogReport & { capture?: CaptureInfo };
  /** STIR/SHAKEN Identity headers (RFC 8224) or PASSporTs found, decoded (log and identity intents). */
  identity?: IdentityFinding[];
}

/** log intent from a pcap/pcapng: what was read. */
export interface CaptureInfo {
  format: 'pcap' | 'pcapng';
  /** Whole packet records read (a record cut by truncation is not counted). */
  packets: number;
  /** SIP messages decoded (not segments; retransmissions counted). */
  sipMessages: number;
  /** The file ended or broke inside a record. */
  truncated: boolean;
}

/** One decoded Identity header or PASSporT. Claims a compact-form token does not carry are null. */
export interface IdentityFinding {
  /** 1-based line of the paste (for a capture: of its text rendering). */
  line: number;
  /** "shaken", "div", "rcd"... (the ppt header parameter or the token's ppt). */
  ppt: string | null;
  alg: string | null;
  x5u: string | null;
  attest: string | null;
  origTn: string | null;
  destTn: string[] | null;
  iat: number | null;
  /** Date header minus iat, in seconds (positive when iat is earlier); null without a Date header or iat. */
  ageS: number | null;
  origid: string | null;
  /** In words; empty for a clean, fresh, A-attested token. */
  problems: string[];
  /** Captures: the 1-based number of the packet where the message carrying it starts (as Wireshark counts). */
  packet?: number;
  /** "full" (header.payload.signature) or "compact" (header..signature, RFC 8224 §3). */
  form?: 'full' | 'compact';
}
