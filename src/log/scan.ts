// One linear pass over a paste: recognises SIP messages, status lines and the specific contexts each
// program prints codes in (never "any 3-digit number"), plus Q.850 causes, Reason/Warning headers and HTTP.
// Pure: no registry lookups, no platform code, no I/O. Every regex is bounded (no nested open quantifiers).
// Cost: linear in the paste; most lines run no regex at all (see "per-line dispatch" below).

import { detached, excerpt, isSpace, LineReader, splitLines, timeOfDay } from './lines.js';
import type { CodeRole } from './types.js';
import { csvHeader, csvRow, findEvidence, type CsvHeader, type PhraseOracle } from './formats/generic.js';

export interface RawCode {
  code: number;
  line: number;
  role: CodeRole;
  source: string;
  phrase: string | null;
  direction?: 'in' | 'out';
  peer?: string;
  method?: string;
  count?: number;
  excerpt: string;
}

export interface RawCause {
  /** A number printed as a Q.850 cause, or a cause name (USER_BUSY) to resolve later. */
  value: number | string;
  printed: string;
  line: number;
  source: string;
}

export interface RawReason {
  line: number;
  protocol: string;
  cause: number;
  text: string | null;
}

export interface RawWarning {
  line: number;
  code: number;
  agent: string;
  text: string;
}

export interface RawHttp {
  line: number;
  code: number;
  excerpt: string;
}

export interface Msg {
  line: number;
  kind: 'request' | 'response';
  method?: string;
  code?: number;
  phrase?: string | null;
  /** Source and destination addresses, when a capture tool printed them. */
  src?: string;
  dst?: string;
  /** Direction relative to the logging program, with its label and the peer address. */
  dir?: 'in' | 'out';
  local?: string;
  peer?: string;
  time?: number;
  callId?: string;
  cseqNum?: number;
  cseqMethod?: string;
  fromAor?: string;
  toAor?: string;
  ruriHost?: string;
  /** This message's code finding (responses), so a full message can complete the summary line before it. */
  finding?: RawCode;
  /** Created from a capture summary line that the full message may repeat (tcpdump -A, pjsua RX/TX). */
  embedded?: boolean;
}

export interface ScanResult {
  lineCount: number;
  /** Codes found (each passed to ScanOptions.onCode); at most MAX_CODES, see `overflow`. */
  codeCount: number;
  causes: RawCause[];
  reasons: RawReason[];
  warnings: RawWarning[];
  http: RawHttp[];
  notes: { line: number; key: string; value: string }[];
  messages: Msg[];
  programs: string[];
  /** Codes were found past MAX_CODES and dropped (counts below it stay exact). */
  overflow: boolean;
}

const MAX_CODES = 200_000;
const MAX_MESSAGES = 5_000;
/** Codes past this keep no excerpt: the report shows details for the first few hundred only. */
const MAX_EXCERPTS = 1_000;
const MAX_SMALL = 500;

// ---------- regexes (all bounded) ----------

const STATUS_RE = /SIP\/2\.0 {1,3}([1-9]\d\d)(?![\d.])(?:[ \t]+([^\r\n]{0,160}))?/;
const REQUEST_RE =
  /(?:^|[^A-Za-z_-])(INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|PRACK|SUBSCRIBE|NOTIFY|PUBLISH|INFO|REFER|MESSAGE|UPDATE) ((?:sips?|tel|urn):[^\s]{1,300}) SIP\/2\.0(?![\/\d])/;

// Envelopes: lines that announce the next message with its direction, peer or addresses.
const PJSIP_ENV_RE = /<--- (Received|Transmitting) SIP (request|response) \(\d{1,7} bytes\) (?:from|to) ([A-Za-z]{2,6}):(\S{3,80}) --->/;
const CHANSIP_READ_RE = /<--- SIP read from (?:([A-Za-z]{2,6}):)?(\S{3,80}?) --->/;
const CHANSIP_TX_RE = /<--- (?:Reliably )?Transmitting \([^)]{1,20}\) to (\S{3,80}?) --->/;
const CHANSIP_TX_OLD_RE = /(?:^|\s)(?:Reliably )?Transmitting \([^)]{1,20}\) to (\S{3,80}?):?\s*$/;
const SOFIA_ENV_RE = /\b(recv|send) \d{1,7} bytes (from|to) ([a-z]{2,5})\/\[([^\]]{1,64})\]:(\d{1,5})\S{0,40} at (\d\d:\d\d:\d\d\.\d{1,6})/;
const SIPP_ENV_RE = /^(?:UDP|TCP|TLS|SCTP|WS|WSS|Unknown) (?:control )?message (sent|received) (?:\(\d{1,7} bytes\)|\[\d{1,7}\] bytes) ?:/;
const SIPP_SEP_RE = /^-{20,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,6})\s*$/;
const NGREP_RE = /^([UT]) (?:(\d{4}\/\d\d\/\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) )?(\S{3,64}):(\d{1,5}) -> (\S{3,64}):(\d{1,5})/;
const TCPDUMP_RE = /^(\d\d:\d\d:\d\d\.\d{1,6}) IP6? ([0-9A-Za-z:.-]{3,64})\.(\d{1,5}) > ([0-9A-Za-z:.-]{3,64})\.(\d{1,5}): /;
const TCPDUMP_V_HEAD_RE = /^(\d\d:\d\d:\d\d\.\d{1,6}) IP6? \(/;
const TCPDUMP_V_ADDR_RE = /^\s+([0-9A-Fa-f:.]{3,64})\.(\d{1,5}) > ([0-9A-Fa-f:.]{3,64})\.(\d{1,5}): /;
const SNGREP_TXT_RE = /^(\d{4}\/\d\d\/\d\d) (\d\d:\d\d:\d\d\.\d{1,6}) (\S{3,80}) -> (\S{3,80})\s*$/;
const TSHARK_LINE_RE =
  /^\s*\d{1,9}\s+(-?\d{1,9}(?:\.\d{1,9})?)\s+(\S{2,64})\s+(?:(?:→|->)\s+)?(\S{2,64})\s+SIP(?:\/[\w()-]{1,20})?\s+\d{1,6}\s+(?:Request: ([A-Z]{2,12}) (\S{1,300})|Status: (\d{3})(?: ([^|\r\n]{0,100}))?)/;
const TSHARK_V_IP_RE = /\bSrc: ([0-9A-Fa-f:.]{2,64}), Dst: ([0-9A-Fa-f:.]{2,64})\s*$/;
const TSHARK_V_PORT_RE = /\bSrc Port: (\d{1,5}), Dst Port: (\d{1,5})/;
const AUDIOCODES_RE = /(Incoming|Outgoing) SIP Message (?:from|to) (\S{3,64}?):(\d{1,5})\b/;
const PJSUA_ENV_RE = /\b(RX|TX) \d{1,7} bytes (Request|Response) msg (?:(\d{3})|([A-Z]{2,12}))\/(?:([A-Z]{2,12})\/)?cseq=(\d{1,10})[^\r\n]{0,80}? (?:from|to) ([A-Za-z]{2,6}) (\S{3,64}?):?\s*$/;
const CISCO_DIR_RE = /^\s*(Sent|Received):\s*$/;

// Program-specific code contexts.
const CHANSIP_GOT_RE = /Got SIP response (\d{3}) "([^"\r\n]{0,100})" back from (\S{1,80})/;
const AST_REG_RE = /\b(Fatal|Temporal|Permanent) response '(\d{3})' received from '([^'\r\n]{1,200})'/;
const PJSUA_STATUS_RE = /\b(?:status|reason|state|code|last_status)=(\d{3}) \(([A-Za-z][^)\r\n]{0,80})\)/;
const SOFIA_STATE_RE = /entering state \[([a-z_]{2,20})\]\[(\d{1,3})\]/;
const FS_RESPONDING_RE = /Responding to INVITE with: (\d{3})\b/;
const NTA_RE = /\bnta: (sent|received) (\d{3}) ([^\r\n]{0,80}?) for ([A-Z]{2,12}) \(\d{1,10}\)/;
const FS_SIPVAR_RE =
  /\b(?:variable_)?(sip_term_status|sip_invite_failure_status|sip_hangup_status|last_bridge_sip_term_status)["']?\s*(?:=|:|=>)\s*\[?["']?(\d{3})(?!\d)/;
const FS_PROTO_RE = /\b(?:variable_)?((?:last_bridge_)?proto_specific_hangup_cause)["']?\s*(?:=|:|=>)\s*\[?["']?sip:(\d{3})(?!\d)/;
const FS_PHRASE_RE = /\b(?:variable_)?sip_(?:term|hangup)_phrase["']?\s*(?:=|:)\s*\[?["']?([^"'\]\r\n]{1,80})/;
const FS_DISPOSITION_RE = /\b(?:variable_)?sip_hangup_disposition["']?\s*(?:=|:)\s*\[?["']?([a-z_]{3,30})/;
const ACC_CODE_RE = /(?:^|[;,\s])code=(\d{3})(?!\d)/;
const ACC_REASON_RE = /(?:^|[;,\s])reason=([^;,\r\n]{0,80})/;
const ACC_METHOD_RE = /(?:^|[;,\s])method=([A-Z]{2,12})\b/;
const KAM_ERR_RE = /(?:used|reply|error|sending):? ([^()\r\n]{1,120}) \((\d{3})\/(SL|TM)\)/;
const KAM_ERR_BARE_RE = /\((\d{3})\/(SL|TM)\)/;
const KAM_CFG_RE = /\b(sl_send_reply|send_reply|t_reply|sl_reply|t_send_reply|append_to_reply)\(\s*"?(\d{3})"?\s*,\s*"([^"\r\n]{0,80})"/;
const SIPP_EXPECT_RE = /while expecting '(\d{3})'/;
const SIPP_ROW_RECV_RE = /^\s{0,20}(\d{3})\s+<-{6,}\s+(?:[A-Z]-RTD\d{1,2}\s+)?(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})(?:\s+(\d{1,12}))?/;
const SIPP_ROW_SEND_RE = /^\s{0,20}<-{6,}\s+(\d{3})\s+(?:[A-Z]-RTD\d{1,2}\s+)?(\d{1,12})/;
const TSHARK_STAT_RE = /^\s*SIP (\d{3}) ([^:\r\n]{1,60}?)\s*:\s*(\d{1,12}) Packets/;
const WIRESHARK_INFO_RE = /\b(?:SIP )?Status: (\d{3}) ([^|\r\n]{0,100}?)\s*\|/;
const TEAMS_RE = /\bFinal SIP code\s*[:=]\s*(\d{3})(?!\d)/i;
const TEAMS_PHRASE_RE = /\bFinal SIP Phrase\s*[:=]\s*([^\r\n,;]{1,80})/i;
const SNGREP_ROW_RE = /(?:^|\s)[x│|]\s{1,40}(\d{3}) ([^│|\r\n]{1,40}?)\s{1,40}[x│|](?=\s|$)/;
const SNGREP_REQ_RE = /(?:^|\s)[x│|]\s{1,40}([A-Z]{3,12})(?: \([A-Z]{2,8}\))?\s{1,40}[x│|](?=\s|$)/;
const SNGREP_ARROW_RE = /<[q─-]{3,60}|[q─-]{3,60}>/;

const JSON_SIP_KEY_RE =
  /"(sip_?status|sip_?response_?code|final_?sip_?code|sip_?code|sip_?term_?status|sip_invite_failure_status|(?:ingress|egress)?_?sip_?(?:trm|term)_?reason)"\s*:\s*"?(\d{3})(?![\d.])/i;
const JSON_GENERIC_KEY_RE = /"(status|code|status_?code|response_?code|statusCode|responseCode)"\s*:\s*"?(\d{3})(?![\d.])/;
const JSON_PHRASE_RE =
  /"(?:reason|sip_?reason|reason_?phrase|final_?sip_?code_?phrase|sip_status_text|status_?text)"\s*:\s*"([^"\\\r\n]{0,80})"/i;

// Q.850 causes.
const REASON_HDR_RE = /\bReason\s*:\s*([^\r\n]{1,400})/i;
const REASON_ITEM_RE = /(SIP|Q\.850|[A-Za-z][\w.-]{0,19})\s*;\s*cause\s*=\s*(\d{1,4})(?:\s*;\s*text\s*=\s*"([^"\r\n]{0,200})")?/gi;
const WARNING_HDR_RE = /\bWarning\s*:\s*([^\r\n]{1,400})/i;
const WARNING_ITEM_RE = /(?:^|,)\s*(\d{3}) ([^\s",]{1,100}) "([^"\r\n]{0,200})"/g;
const Q850_NUM_VAR_RE =
  /\b(?:variable_)?(hangup_cause_q850|last_bridge_hangup_cause_q850|q850_cause|sip_term_cause|q850cause)["']?\s*(?:=|:|=>)\s*\[?["']?(\d{1,3})(?!\d)/i;
const HANGUPCAUSE_RE = /\bhangup[ _-]?cause["']?\s*(?:=|:|is)\s*\[?["']?(\d{1,3})(?![\d.])/i;
const Q850_TEXT_RE = /\bQ\.?850[ ;]{0,3}cause\s*(?:=|:)?\s*(\d{1,3})(?![\d.])/i;
const AMI_CAUSE_RE = /^\s*Cause: (\d{1,3})\s*$/;
const CAUSE_NAME_CTX_RE =
  /(?:\bcause:? \[?|\bCause: |-ERR |hangup_cause["']?\s*(?:=|:)\s*\[?["']?|originate_disposition["']?\s*(?:=|:)\s*\[?["']?|Hangup-Cause: )([A-Z][A-Z_]{2,40})\b/;
const FS_HANGUP_RE = /\bHangup \S{1,200} \[CS_[A-Z_]{2,30}\] \[([A-Z][A-Z_]{2,40})\]/;
const CAUSE_TOKEN_RE = /\b[A-Z][A-Z0-9]{1,20}(?:_[A-Z0-9]{1,20}){1,6}\b/g;

// HTTP.
const HTTP_STATUS_RE = /\bHTTP\/\d(?:\.\d)? (\d{3})(?!\d)/;
const HTTP_ACCESS_RE = /"(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE|PROPFIND) [^"\s]{1,2048} HTTP\/\d(?:\.\d)?" (\d{3})(?!\d)/;
const HTTP_CTX_RE = /HTTP\/\d|"(?:method|verb)"\s*:\s*"(?:GET|POST|PUT|DELETE|PATCH|HEAD)"|\b(?:GET|POST|PUT|DELETE|PATCH|HEAD) \/|"url"\s*:|"req"\s*:\s*\{|https?:\/\//;
const LINE_SIP_CTX_RE = /sip|invite|drachtio|jambonz|call[-_]?id|kamailio|opensips/i;
const PASTE_SIP_CTX_RE = /sip|invite|kamailio|opensips|freeswitch|asterisk|sofia|drachtio|jambonz/i;

// Generic "code + its exact registry phrase" (checked against the registry later).
const CODE_PHRASE_RE = /(?:^|[\s"'=(\[{,;|>])([1-6]\d\d) ([A-Z][A-Za-z'\/-]{0,24}(?: [A-Za-z'\/-]{1,24}){0,6})/;

const AOR_RE = /<?(?:sips?|tel):([^>;,\s]{1,200})/i;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const URI_HOST_RE = /^(?:sips?|tel|urn):(?:[^@;>\s]{1,200}@)?([^;>?\s]{1,200})/i;
const TRAILING_BRACKETS_RE = /\s+\[[^\]]{0,60}\]\s*$/;
const TRAILING_QUOTE_RE = /\s*'\s*$/;
const TSHARK_METHOD_SUFFIX_RE = /^(.*?)\s*\(([A-Z]{3,12})\)\s*$/;
const SNGREP_ADDR_RE = /(\S{3,60}):(\d{1,5})(?=\s|$)/g;
const SNGREP_BORDER_RE = /[x│|]/;
const SIP_PROTOCOL_RE = /^sip$/i;
const Q850_PROTOCOL_RE = /^q\.850$/i;
const PREFIXED_CAUSE_RE = /^(?:GWAPP|AST_CAUSE|SWITCH_CAUSE)_/;

// Whole-paste hints, tested on the first 64 KiB.
const AMI_PASTE_RE = /^[ \t]{0,20}Event: [A-Za-z]/m;
const NGREP_PASTE_RE = /^[UT] (?:\d{4}\/\d\d\/\d\d \S{1,20} )?\S{1,64}:\d{1,5} -> \S{1,64}:\d{1,5}/m;

export interface ScanOptions {
  /** Code+phrase matcher from the registry: returns the matched phrase when `phrase` starts with the registry reason or a variant. */
  matchPhrase?: (code: number, candidate: string) => string | null;
  /** Receives every code found, in the order found (so by line), once final. */
  onCode?: (c: RawCode) => void;
  /** Registry phrases for the generic evidence layer (formats/generic.ts); without it that layer is off. */
  oracle?: PhraseOracle;
}

interface Envelope {
  line: number;
  src?: string;
  dst?: string;
  dir?: 'in' | 'out';
  local?: string;
  peer?: string;
  time?: number;
}

// ---------- per-line dispatch ----------
//
// Most lines of a paste are headers or plain log text that no recogniser below matches. Before running any
// of them, one pass over the line records which of a few characters it holds. Each group of recognisers is
// guarded by a character that its trigger string (or every regex in the group) requires, so a skipped
// group is one that could not have matched: the guards change the cost, never the result.

const CH_LT = 1 << 0; // <
const CH_GT = 1 << 1; // >
const CH_LPAREN = 1 << 2; // (
const CH_RPAREN = 1 << 3; // )
const CH_EQ = 1 << 4; // =
const CH_UNDERSCORE = 1 << 5; // _
const CH_DQUOTE = 1 << 6; // "
const CH_SQUOTE = 1 << 7; // '
const CH_COLON = 1 << 8; // :
const CH_PIPE = 1 << 9; // |
const CH_SLASH = 1 << 10; // /
const CH_LBRACKET = 1 << 11; // [
const CH_DASH = 1 << 12; // -
const CH_DIGIT = 1 << 13;
/** A run of exactly three digits followed by a space: what CODE_PHRASE_RE needs ("486 Busy Here"). */
const CH_CODE_SPACE = 1 << 14;

const CHAR_CLASS = new Uint16Array(128);
for (const [ch, bit] of [
  ['<', CH_LT],
  ['>', CH_GT],
  ['(', CH_LPAREN],
  [')', CH_RPAREN],
  ['=', CH_EQ],
  ['_', CH_UNDERSCORE],
  ['"', CH_DQUOTE],
  ["'", CH_SQUOTE],
  [':', CH_COLON],
  ['|', CH_PIPE],
  ['/', CH_SLASH],
  ['[', CH_LBRACKET],
  ['-', CH_DASH],
] as const) {
  CHAR_CLASS[ch.charCodeAt(0)] = bit;
}

function charClasses(line: string): number {
  let mask = 0;
  let digits = 0;
  for (let k = 0; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      digits++;
      continue;
    }
    if (digits !== 0) {
      mask |= CH_DIGIT;
      if (digits === 3 && c === 32) mask |= CH_CODE_SPACE;
      digits = 0;
    }
    if (c < 128) mask |= CHAR_CLASS[c] as number;
  }
  return digits !== 0 ? mask | CH_DIGIT : mask;
}

/** HTTP_CTX_RE needs "/" or a double quote; the substring tests are the cheap filter it always had. */
function isHttpContext(line: string, mask: number): boolean {
  if ((mask & (CH_SLASH | CH_DQUOTE)) === 0) return false;
  return line.includes('HTTP') || line.includes('http') || line.includes('"') || line.includes('GET') || line.includes('POST')
    ? HTTP_CTX_RE.test(line)
    : false;
}

/** A line source: physical lines, or ngrep payload lines rejoined, each with the number of the line it starts on. */
interface Lines {
  /** The next line, or null after the last one. */
  next(): string | null;
  /** The line after the last one returned (without moving), or null. */
  peek(): string | null;
  /** Line number of the last line next() returned. */
  readonly no: number;
  /** Physical lines in the paste (valid once next() has returned null). */
  readonly physicalCount: number;
}

class PhysicalLines implements Lines {
  private readonly r: LineReader;
  constructor(text: string) {
    this.r = new LineReader(text);
  }
  next(): string | null {
    return this.r.next();
  }
  peek(): string | null {
    return this.r.peek();
  }
  get no(): number {
    return this.r.count;
  }
  get physicalCount(): number {
    return this.r.count;
  }
}

class JoinedLines implements Lines {
  private i = -1;
  constructor(
    private readonly lines: string[],
    private readonly nos: number[],
    readonly physicalCount: number,
  ) {}
  next(): string | null {
    if (this.i + 1 >= this.lines.length) return null;
    this.i++;
    return this.lines[this.i] as string;
  }
  peek(): string | null {
    return this.i + 1 < this.lines.length ? (this.lines[this.i + 1] as string) : null;
  }
  get no(): number {
    return this.nos[this.i] as number;
  }
}

/** What a "SIP/2.0" start line may repeat: the summary line (pjsua RX/TX, tcpdump) counted just before it. */
interface Embedded {
  msg: Msg;
  line: number;
  /** The response code, or the request method. */
  key: number | string;
}

export function scan(text: string, opts: ScanOptions = {}): ScanResult {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  const pasteSip = PASTE_SIP_CTX_RE.test(head);
  const ami = AMI_PASTE_RE.test(head);
  const ngrep = NGREP_PASTE_RE.test(head);
  const cisco = head.includes('ccsip');
  const sngrepScreen = head.includes('Call flow for ');
  let src: Lines;
  if (ngrep) {
    const physical = splitLines(text);
    const { lines, nos } = joinNgrep(physical);
    src = new JoinedLines(lines, nos, physical.length);
  } else {
    src = new PhysicalLines(text);
  }

  const res: ScanResult = {
    lineCount: 0,
    codeCount: 0,
    causes: [],
    reasons: [],
    warnings: [],
    http: [],
    notes: [],
    messages: [],
    programs: [],
    overflow: false,
  };
  const programs = new Set<string>();

  let env: Envelope | null = null;
  let current: Msg | null = null;
  let currentStart = 0;
  let inHeaders = false;
  let lastEmbedded: Embedded | null = null;
  let sippTime: number | undefined;
  let tcpdumpTime: number | undefined;
  let tsharkIp: { src: string; dst: string; line: number } | null = null;
  let sngrepParticipants: { name: string; pos: number }[] = [];
  let sngrepPending: { line: number; kind: 'request' | 'response'; label: string; code?: number; method?: string; time?: number } | null = null;
  let sngrepTime: number | undefined;
  /** Cause names already reported on the current line (reused: most lines have none). */
  const seen = new Set<string>();
  let csv: CsvHeader | null = null;
  let csvTried = 0;

  const ex = (text: string): string => (res.codeCount < MAX_EXCERPTS ? excerpt(text) : '');
  // Codes go to the caller rather than into an array: a paste can hold 100k of them, and keeping that many
  // objects alive costs more than finding them. A code is passed on once no later line can change it (a
  // full message fills in the phrase of the summary line counted up to 3 lines before it), in order.
  const onCode = opts.onCode;
  const pending: RawCode[] = [];
  let pendingHead = 0;
  const passOn = (beforeLine: number) => {
    while (pendingHead < pending.length && (pending[pendingHead] as RawCode).line < beforeLine) {
      const c = pending[pendingHead] as RawCode;
      pendingHead++;
      if (onCode) onCode(c);
    }
    if (pendingHead === pending.length) {
      pending.length = 0;
      pendingHead = 0;
    } else if (pendingHead >= 1024) {
      pending.splice(0, pendingHead);
      pendingHead = 0;
    }
  };
  const addCode = (c: RawCode): RawCode | undefined => {
    if (res.codeCount >= MAX_CODES) {
      res.overflow = true;
      return undefined;
    }
    res.codeCount++;
    pending.push(c);
    return c;
  };
  const addCause = (c: RawCause) => {
    if (res.causes.length < MAX_SMALL) res.causes.push(c);
  };
  const addMessage = (m: Msg) => {
    if (res.messages.length < MAX_MESSAGES) res.messages.push(m);
  };

  const startMessage = (m: Msg, lineNo: number) => {
    if (env && lineNo - env.line <= 8) {
      if (env.src) m.src = env.src;
      if (env.dst) m.dst = env.dst;
      if (env.dir) m.dir = env.dir;
      if (env.local) m.local = env.local;
      if (env.peer) m.peer = env.peer;
      if (env.time !== undefined && m.time === undefined) m.time = env.time;
      env = null;
    }
    addMessage(m);
    current = m;
    currentStart = lineNo;
    inHeaders = true;
  };

  /** The previous line as read (before any ngrep clean-up), for formats that print a message's context above it. */
  let prev: string | null = null;
  for (let raw = src.next(); raw !== null; prev = raw, raw = src.next()) {
    const lineNo = src.no;
    if (pendingHead < pending.length) passOn(lineNo - 3);
    if (raw.length === 0) {
      inHeaders = false;
      continue;
    }
    let line = raw;
    // ngrep prints CR as "." and, in its default layout, CRLF as ".." inside one wrapped line.
    if (ngrep && line.endsWith('.') && !line.endsWith('..')) line = line.slice(0, -1);
    // Bounds of the line without surrounding white space (what line.trim() keeps), without copying it.
    let first = 0;
    while (first < line.length && isSpace(line.charCodeAt(first))) first++;
    if (first === line.length) {
      inHeaders = false;
      continue;
    }
    let last = line.length - 1;
    while (isSpace(line.charCodeAt(last))) last--;
    const c0 = line.charCodeAt(first);
    if ((ngrep && first === last && c0 === 46) || ((c0 === 91 || c0 === 62) && isBlank(line, prefixEnd(line)))) {
      inHeaders = false;
      continue;
    }
    // Inside a message's header block: a header line carries nothing but its own value, so handle it
    // and move on (most of a trace is headers; this keeps the pass cheap).
    if (current && inHeaders && !sngrepScreen && lineNo - currentStart <= 80) {
      const name = applyHeaderLine(current, line);
      if (name !== null && name !== 'reason' && name !== 'warning') continue;
    } else if (current && !inHeaders && c0 >= 97 && c0 <= 122 && line.charCodeAt(first + 1) === 61) {
      continue; // an SDP line ("v=0", "a=rtpmap:...") in a message body
    }
    let mask = charClasses(line);
    let foundCodeOnLine = false;
    const hasSip20 = (mask & CH_SLASH) !== 0 && line.includes('SIP/2.0');
    let httpCtx: boolean | undefined; // computed when first needed

    // The module a line names says which Asterisk channel driver wrote it (res_pjsip is not chan_sip).
    if ((mask & CH_UNDERSCORE) !== 0) {
      if (line.includes('res_pjsip')) programs.add('asterisk-pjsip');
      else if (line.includes('chan_sip.c')) programs.add('asterisk-chan_sip');
    }

    // ---- envelopes ----
    if ((mask & CH_LT) !== 0 && line.includes('<---')) {
      let m = PJSIP_ENV_RE.exec(line);
      if (m) {
        programs.add('asterisk-pjsip');
        env = { line: lineNo, dir: m[1] === 'Received' ? 'in' : 'out', local: 'Asterisk', peer: m[4] as string, time: timeOfDay(line) };
      } else if ((m = CHANSIP_READ_RE.exec(line))) {
        programs.add('asterisk-chan_sip');
        env = { line: lineNo, dir: 'in', local: 'Asterisk', peer: m[2] as string, time: timeOfDay(line) };
      } else if ((m = CHANSIP_TX_RE.exec(line))) {
        programs.add('asterisk-chan_sip');
        env = { line: lineNo, dir: 'out', local: 'Asterisk', peer: m[1] as string, time: timeOfDay(line) };
      }
    } else if ((mask & CH_LPAREN) !== 0 && line.includes('Transmitting (')) {
      const m = CHANSIP_TX_OLD_RE.exec(line);
      if (m) {
        programs.add('asterisk-chan_sip');
        env = { line: lineNo, dir: 'out', local: 'Asterisk', peer: m[1] as string, time: timeOfDay(line) };
      }
    }
    // Both regexes need "/" ("udp/[" and "486/INVITE/cseq=").
    if ((mask & CH_SLASH) !== 0 && line.includes(' bytes ')) {
      let m = SOFIA_ENV_RE.exec(line);
      if (m) {
        programs.add('freeswitch');
        env = { line: lineNo, dir: m[1] === 'recv' ? 'in' : 'out', local: 'FreeSWITCH', peer: `${m[4]}:${m[5]}`, time: timeOfDay(m[6] as string) };
      } else if ((m = PJSUA_ENV_RE.exec(line))) {
        programs.add('pjsip');
        const dir = m[1] === 'RX' ? 'in' : 'out';
        env = { line: lineNo, dir, local: 'pjsua', peer: m[8] as string, time: timeOfDay(line) };
        const msg: Msg = { line: lineNo, kind: m[2] === 'Request' ? 'request' : 'response', embedded: true };
        if (m[3]) {
          msg.code = Number(m[3]);
          msg.cseqMethod = m[5];
          msg.finding = addCode({ code: msg.code, line: lineNo, role: 'response', source: 'pjsip-msg-log', phrase: null, direction: dir, peer: env.peer, method: m[5], excerpt: ex(line) });
          foundCodeOnLine = true;
        } else {
          msg.method = m[4];
          msg.cseqMethod = m[4];
        }
        msg.cseqNum = Number(m[6]);
        startMessage(msg, lineNo);
        lastEmbedded = { msg, line: lineNo, key: msg.code !== undefined ? msg.code : (msg.method ?? '') };
      }
    }
    // SIPP_ENV_RE needs the ":" that ends "... bytes :".
    if ((mask & CH_COLON) !== 0 && line.includes(' message ')) {
      const m = SIPP_ENV_RE.exec(first === 0 && last === line.length - 1 ? line : line.slice(first, last + 1));
      if (m) {
        programs.add('sipp');
        env = { line: lineNo, dir: m[1] === 'sent' ? 'out' : 'in', local: 'sipp', time: sippTime };
      }
    }
    if (c0 === 45 && line.startsWith('-----')) {
      const m = SIPP_SEP_RE.exec(line);
      if (m) sippTime = timeOfDay(m[1] as string);
    }
    if ((mask & CH_GT) !== 0 && line.includes('->')) {
      let m = ngrep ? NGREP_RE.exec(line) : null;
      if (m) {
        programs.add('ngrep');
        env = { line: lineNo, src: `${m[4]}:${m[5]}`, dst: `${m[6]}:${m[7]}`, time: m[3] ? timeOfDay(m[3]) : undefined };
      } else if ((m = SNGREP_TXT_RE.exec(line))) {
        programs.add('sngrep');
        env = { line: lineNo, src: m[3] as string, dst: m[4] as string, time: timeOfDay(m[2] as string) };
      }
    }
    if ((mask & CH_GT) !== 0 && line.includes(' > ')) {
      const m = TCPDUMP_RE.exec(line);
      if (m) {
        programs.add('tcpdump');
        env = { line: lineNo, src: `${m[2]}:${m[3]}`, dst: `${m[4]}:${m[5]}`, time: timeOfDay(m[1] as string) };
      } else {
        const v = TCPDUMP_V_ADDR_RE.exec(line);
        if (v && prev !== null && TCPDUMP_V_HEAD_RE.test(prev)) {
          programs.add('tcpdump');
          env = { line: lineNo, src: `${v[1]}:${v[2]}`, dst: `${v[3]}:${v[4]}`, time: tcpdumpTime };
        }
      }
      const h = TCPDUMP_V_HEAD_RE.exec(line);
      if (h) tcpdumpTime = timeOfDay(h[1] as string);
    } else if (c0 >= 48 && c0 <= 57 && (mask & CH_LPAREN) !== 0 && TCPDUMP_V_HEAD_RE.test(line)) {
      tcpdumpTime = timeOfDay(line);
    }
    // Both tshark -V regexes need the ":" of "Src: " / "Src Port: ".
    if ((mask & CH_COLON) !== 0 && line.includes('Src')) {
      const m = TSHARK_V_IP_RE.exec(line);
      if (m) tsharkIp = { src: m[1] as string, dst: m[2] as string, line: lineNo };
      else if (tsharkIp && lineNo - tsharkIp.line <= 3) {
        const p = TSHARK_V_PORT_RE.exec(line);
        if (p) {
          programs.add('tshark');
          env = { line: lineNo, src: `${tsharkIp.src}:${p[1]}`, dst: `${tsharkIp.dst}:${p[2]}` };
        }
      }
    }
    if ((mask & CH_COLON) !== 0 && line.includes('SIP Message')) {
      const m = AUDIOCODES_RE.exec(line);
      if (m) {
        programs.add('audiocodes');
        env = { line: lineNo, dir: m[1] === 'Incoming' ? 'in' : 'out', local: 'SBC', peer: `${m[2]}:${m[3]}`, time: timeOfDay(line) };
      }
    }
    if (cisco && (mask & CH_COLON) !== 0 && (line.includes('Sent:') || line.includes('Received:'))) {
      const m = CISCO_DIR_RE.exec(line);
      if (m) {
        programs.add('cisco-cube');
        env = { line: lineNo, dir: m[1] === 'Sent' ? 'out' : 'in', local: 'CUBE', time: prev !== null ? timeOfDay(prev) : undefined };
      }
    }

    // ---- tshark one-line summary (message and addresses on one line) ----
    if ((mask & CH_COLON) !== 0 && (line.includes('Status: ') || line.includes('Request: '))) {
      const m = TSHARK_LINE_RE.exec(line);
      if (m) {
        programs.add('tshark');
        const msg: Msg = { line: lineNo, kind: m[6] ? 'response' : 'request', src: m[2], dst: m[3], time: Number(m[1]) };
        if (m[6]) {
          msg.code = Number(m[6]);
          // tshark appends the method a response answers: "200 OK (CANCEL)".
          const pm = TSHARK_METHOD_SUFFIX_RE.exec(m[7] ?? '');
          if (pm) msg.cseqMethod = pm[2];
          msg.phrase = cleanPhrase(pm ? (pm[1] as string) : (m[7] ?? ''), false);
          msg.finding = addCode({ code: msg.code, line: lineNo, role: 'response', source: 'tshark-summary', phrase: msg.phrase, method: msg.cseqMethod, excerpt: ex(line) });
          foundCodeOnLine = true;
        } else {
          msg.method = m[4];
          msg.ruriHost = uriHost(m[5] as string);
        }
        addMessage(msg);
        current = null;
        inHeaders = false;
      }
    }

    // ---- SIP start lines ----
    if (hasSip20 && !(sngrepScreen && sngrepParticipants.length > 0)) {
      const sm = STATUS_RE.exec(line);
      // A request line needs the ":" of its URI scheme.
      const rm = sm || (mask & CH_COLON) === 0 ? null : REQUEST_RE.exec(line);
      if (sm) {
        const code = Number(sm[1]);
        const phrase = cleanPhrase(sm[2] ?? '', ngrep);
        if (lastEmbedded && lastEmbedded.key === code && lineNo - lastEmbedded.line <= 3 && lastEmbedded.line !== lineNo) {
          // The full message repeats the summary line we already counted.
          const msg: Msg = lastEmbedded.msg;
          const f = msg.finding;
          if (f && f.phrase === null) f.phrase = phrase;
          if (msg.phrase == null) msg.phrase = phrase;
          current = msg;
          currentStart = lineNo;
          inHeaders = true;
          lastEmbedded = null;
        } else {
          const msg: Msg = { line: lineNo, kind: 'response', code, phrase };
          const isEnvLine = env !== null && env.line === lineNo;
          startMessage(msg, lineNo);
          msg.finding = addCode({
            code,
            line: lineNo,
            role: 'response',
            source: 'status-line',
            phrase,
            direction: msg.dir,
            peer: msg.dir === 'in' ? msg.peer : msg.dir === 'out' ? msg.peer : undefined,
            excerpt: ex(line),
          });
          if (isEnvLine) {
            msg.embedded = true;
            lastEmbedded = { msg, line: lineNo, key: code };
          }
        }
        foundCodeOnLine = true;
      } else if (rm) {
        const method = rm[1] as string;
        if (lastEmbedded && lastEmbedded.key === method && lineNo - lastEmbedded.line <= 3 && lastEmbedded.line !== lineNo) {
          current = lastEmbedded.msg;
          currentStart = lineNo;
          inHeaders = true;
          lastEmbedded = null;
        } else {
          const msg: Msg = { line: lineNo, kind: 'request', method, ruriHost: uriHost(rm[2] as string) };
          const isEnvLine = env !== null && env.line === lineNo;
          startMessage(msg, lineNo);
          if (isEnvLine) {
            msg.embedded = true;
            lastEmbedded = { msg, line: lineNo, key: method };
          }
        }
      }
    }

    // ---- sngrep call-flow screen ----
    if (sngrepScreen) {
      if (sngrepParticipants.length === 0) {
        const addrs = [...line.matchAll(SNGREP_ADDR_RE)];
        if (addrs.length >= 2 && !SNGREP_BORDER_RE.test(line.slice(0, Math.max(0, addrs[0]?.index ?? 0)))) {
          sngrepParticipants = addrs.map((a) => ({ name: a[0], pos: (a.index ?? 0) + a[0].length / 2 }));
          programs.add('sngrep');
        }
      } else {
        const t = timeOfDay(line.slice(0, 24));
        if (t !== undefined) sngrepTime = t;
        const row = SNGREP_ROW_RE.exec(line);
        const req = row ? null : SNGREP_REQ_RE.exec(line);
        if (row) {
          const code = Number(row[1]);
          addCode({ code, line: lineNo, role: 'response', source: 'sngrep-flow', phrase: cleanPhrase(row[2] ?? '', false), excerpt: ex(line) });
          sngrepPending = { line: lineNo, kind: 'response', label: `${code} ${(row[2] ?? '').trim()}`, code, time: sngrepTime };
          foundCodeOnLine = true;
        } else if (req && !hasSip20) {
          sngrepPending = { line: lineNo, kind: 'request', label: req[1] as string, method: req[1], time: sngrepTime };
        } else if (sngrepPending) {
          const run = SNGREP_ARROW_RE.exec(line);
          if (run && run.index !== undefined) {
            const lo = run.index;
            const hi = run.index + run[0].length - 1;
            const toRight = run[0].endsWith('>');
            const a = nearest(sngrepParticipants, lo);
            const b = nearest(sngrepParticipants, hi);
            addMessage({
              line: sngrepPending.line,
              kind: sngrepPending.kind,
              code: sngrepPending.code,
              method: sngrepPending.method,
              phrase: sngrepPending.kind === 'response' ? sngrepPending.label.slice(4) : undefined,
              src: toRight ? a : b,
              dst: toRight ? b : a,
              time: sngrepPending.time,
            });
          }
          sngrepPending = null;
        }
      }
    }

    // ---- program contexts that name SIP codes ----
    // Each guard is a character the regex after it needs: the quoted phrase, the "'" around the code,
    // the ":" after "with", the "[" of the state, and so on.
    if ((mask & CH_DQUOTE) !== 0 && line.includes('SIP response')) {
      const m = CHANSIP_GOT_RE.exec(line);
      if (m) {
        programs.add('asterisk-chan_sip');
        addCode({ code: Number(m[1]), line: lineNo, role: 'response', source: 'asterisk-chan_sip', phrase: m[2] ?? null, direction: 'in', peer: m[3], excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_SQUOTE) !== 0 && line.includes("response '")) {
      const m = AST_REG_RE.exec(line);
      if (m) {
        programs.add('asterisk-pjsip');
        addCode({ code: Number(m[2]), line: lineNo, role: 'response', source: 'asterisk-outbound-registration', phrase: null, direction: 'in', peer: m[3], method: 'REGISTER', excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if (!foundCodeOnLine && (mask & (CH_EQ | CH_LPAREN)) === (CH_EQ | CH_LPAREN) && line.includes(' (')) {
      const m = PJSUA_STATUS_RE.exec(line);
      if (m) {
        programs.add('pjsip');
        addCode({ code: Number(m[1]), line: lineNo, role: 'reported', source: 'pjsua-status', phrase: (m[2] ?? '').trim(), excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_LBRACKET) !== 0 && line.includes('entering state')) {
      const m = SOFIA_STATE_RE.exec(line);
      if (m) {
        programs.add('freeswitch');
        const code = Number(m[2]);
        if (code >= 100) {
          addCode({ code, line: lineNo, role: 'response', source: 'freeswitch-sofia-state', phrase: null, excerpt: ex(line) });
          foundCodeOnLine = true;
        }
      }
    }
    if ((mask & CH_COLON) !== 0 && line.includes('Responding to INVITE')) {
      const m = FS_RESPONDING_RE.exec(line);
      if (m) {
        programs.add('freeswitch');
        addCode({ code: Number(m[1]), line: lineNo, role: 'response', source: 'freeswitch-responding', phrase: null, direction: 'out', method: 'INVITE', excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_COLON) !== 0 && line.includes('nta: ')) {
      const m = NTA_RE.exec(line);
      if (m) {
        programs.add('freeswitch');
        addCode({ code: Number(m[2]), line: lineNo, role: 'response', source: 'sofia-nta', phrase: (m[3] ?? '').trim() || null, direction: m[1] === 'sent' ? 'out' : 'in', method: m[4], excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_UNDERSCORE) !== 0) {
      let m = FS_SIPVAR_RE.exec(line);
      if (m) {
        programs.add('freeswitch');
        const p = FS_PHRASE_RE.exec(line);
        addCode({ code: Number(m[2]), line: lineNo, role: 'reported', source: `freeswitch-${m[1]}`, phrase: p ? (p[1] ?? '').trim() : null, excerpt: ex(line) });
        foundCodeOnLine = true;
      }
      if ((m = FS_PROTO_RE.exec(line))) {
        programs.add('freeswitch');
        addCode({ code: Number(m[2]), line: lineNo, role: 'reported', source: `freeswitch-${m[1]}`, phrase: null, excerpt: ex(line) });
        foundCodeOnLine = true;
      }
      if ((m = FS_DISPOSITION_RE.exec(line))) {
        programs.add('freeswitch');
        if (res.notes.length < MAX_SMALL) res.notes.push({ line: lineNo, key: 'sip_hangup_disposition', value: m[1] as string });
      }
    }
    if ((mask & CH_EQ) !== 0 && line.includes('code=')) {
      const m = ACC_CODE_RE.exec(line);
      if (m && (line.includes('ACC:') || line.includes(';reason=') || line.includes('method='))) {
        programs.add(line.includes('ACC:') ? 'kamailio-acc' : 'kamailio');
        const r = ACC_REASON_RE.exec(line);
        const meth = ACC_METHOD_RE.exec(line);
        addCode({ code: Number(m[1]), line: lineNo, role: 'reported', source: 'kamailio-acc', phrase: r ? (r[1] ?? '').trim() : null, method: meth?.[1], excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_RPAREN) !== 0 && (line.includes('/SL)') || line.includes('/TM)'))) {
      const m = KAM_ERR_RE.exec(line);
      const b = m ? null : KAM_ERR_BARE_RE.exec(line);
      if ((m || b) && !hasSip20) {
        programs.add('kamailio');
        const code = Number(m ? m[2] : (b as RegExpExecArray)[1]);
        addCode({ code, line: lineNo, role: 'response', source: 'kamailio-error-reply', phrase: m ? (m[1] ?? '').trim() : null, direction: 'out', excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_LPAREN) !== 0 && line.includes('reply(')) {
      const m = KAM_CFG_RE.exec(line);
      if (m) {
        programs.add('kamailio');
        addCode({ code: Number(m[2]), line: lineNo, role: 'configured', source: 'kamailio-script', phrase: m[3] ?? null, excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_SQUOTE) !== 0 && line.includes('expecting')) {
      const m = SIPP_EXPECT_RE.exec(line);
      if (m) {
        programs.add('sipp');
        addCode({ code: Number(m[1]), line: lineNo, role: 'expected', source: 'sipp-expecting', phrase: null, excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_LT) !== 0 && line.includes('<------')) {
      let m = SIPP_ROW_RECV_RE.exec(line);
      if (m) {
        programs.add('sipp');
        const count = Number(m[2]);
        const unexpected = m[5] ? Number(m[5]) : 0;
        addCode({ code: Number(m[1]), line: lineNo, role: count > 0 ? 'response' : 'expected', source: 'sipp-screen', phrase: null, direction: 'in', count, excerpt: ex(line) });
        if (unexpected > 0 && res.notes.length < MAX_SMALL) res.notes.push({ line: lineNo, key: 'sipp-unexpected', value: `${m[1]}:${unexpected}` });
        foundCodeOnLine = true;
      } else if ((m = SIPP_ROW_SEND_RE.exec(line))) {
        programs.add('sipp');
        const count = Number(m[2]);
        addCode({ code: Number(m[1]), line: lineNo, role: count > 0 ? 'response' : 'configured', source: 'sipp-screen', phrase: null, direction: 'out', count, excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & CH_COLON) !== 0 && line.includes('Packets')) {
      const m = TSHARK_STAT_RE.exec(line);
      if (m) {
        programs.add('tshark');
        addCode({ code: Number(m[1]), line: lineNo, role: 'reported', source: 'tshark-sip-stat', phrase: (m[2] ?? '').trim(), count: Number(m[3]), excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if (!foundCodeOnLine && (mask & (CH_COLON | CH_PIPE)) === (CH_COLON | CH_PIPE) && line.includes('Status: ')) {
      const m = WIRESHARK_INFO_RE.exec(line);
      if (m) {
        programs.add('wireshark');
        addCode({ code: Number(m[1]), line: lineNo, role: 'response', source: 'wireshark-info', phrase: cleanPhrase(m[2] ?? '', false), excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & (CH_COLON | CH_EQ)) !== 0 && (line.includes('SIP code') || line.includes('SIP Code') || line.includes('sip code'))) {
      const m = TEAMS_RE.exec(line);
      if (m) {
        programs.add('teams');
        let p = TEAMS_PHRASE_RE.exec(line);
        if (!p) {
          const next = src.peek();
          p = next !== null ? TEAMS_PHRASE_RE.exec(next) : null;
        }
        addCode({ code: Number(m[1]), line: lineNo, role: 'reported', source: 'teams-final-sip-code', phrase: p ? (p[1] ?? '').trim() : null, excerpt: ex(line) });
        foundCodeOnLine = true;
      }
    }
    if ((mask & (CH_DQUOTE | CH_COLON)) === (CH_DQUOTE | CH_COLON)) {
      let m = JSON_SIP_KEY_RE.exec(line);
      if (!m && !(httpCtx ??= isHttpContext(line, mask)) && LINE_SIP_CTX_RE.test(line)) m = JSON_GENERIC_KEY_RE.exec(line);
      if (m && !foundCodeOnLine) {
        programs.add('json');
        const p = JSON_PHRASE_RE.exec(line);
        const code = Number(m[2]);
        if (code >= 100 && code <= 699) {
          addCode({ code, line: lineNo, role: 'reported', source: `json-${m[1]}`, phrase: p ? (p[1] ?? '').trim() : null, excerpt: ex(line) });
          foundCodeOnLine = true;
        }
      }
    }

    // ---- Reason and Warning headers (anywhere: a pasted header line is enough) ----
    // Every regex of this group needs a digit (the cause), so a line without one has nothing to give.
    let headerLine = false;
    // A folded Reason or Warning header (RFC 3261 §7.3.1: the value continues on lines that start with
    // white space) is read whole.
    let hdr = line;
    const c1 = line.charCodeAt(first);
    if (c1 === 82 || c1 === 114 || c1 === 87 || c1 === 119) {
      const next = src.peek();
      if (next !== null && next.length > 1 && (next.charCodeAt(0) === 32 || next.charCodeAt(0) === 9) && /^\s{0,20}(?:Reason|Warning)\s{0,3}:/i.test(line.slice(first, first + 40))) {
        hdr = `${line} ${next.trim()}`;
        mask |= charClasses(next);
      }
    }
    const ause = hdr.includes('ause');
    if ((mask & CH_DIGIT) !== 0 && (ause || line.includes('AUSE'))) {
      const rh = hdr.includes('eason') ? REASON_HDR_RE.exec(hdr) : null;
      if (rh) {
        headerLine = true;
        for (const item of (rh[1] as string).matchAll(REASON_ITEM_RE)) {
          const protocol = item[1] as string;
          const cause = Number(item[2]);
          const text = item[3] ?? null;
          if (res.reasons.length < MAX_SMALL) res.reasons.push({ line: lineNo, protocol, cause, text });
          if (SIP_PROTOCOL_RE.test(protocol) && cause >= 100 && cause <= 699) {
            addCode({ code: cause, line: lineNo, role: 'reason-header', source: 'reason-header', phrase: text, excerpt: ex(line) });
          } else if (Q850_PROTOCOL_RE.test(protocol) && cause <= 127) {
            addCause({ value: cause, printed: `Q.850;cause=${cause}`, line: lineNo, source: 'reason-header' });
          }
        }
      } else {
        let m = Q850_NUM_VAR_RE.exec(line);
        if (m) addCause({ value: Number(m[2]), printed: `${m[1]}=${m[2]}`, line: lineNo, source: 'variable' });
        else if ((m = HANGUPCAUSE_RE.exec(line))) addCause({ value: Number(m[1]), printed: m[0].trim(), line: lineNo, source: 'hangupcause' });
        else if ((m = Q850_TEXT_RE.exec(line))) addCause({ value: Number(m[1]), printed: m[0].trim(), line: lineNo, source: 'q850-text' });
        else if (ami && (m = AMI_CAUSE_RE.exec(line))) {
          programs.add('asterisk-ami');
          addCause({ value: Number(m[1]), printed: `Cause: ${m[1]}`, line: lineNo, source: 'asterisk-ami' });
        }
      }
    }
    // A Warning needs its quoted text.
    if ((mask & CH_DQUOTE) !== 0 && hdr.includes('arning')) {
      const wh = WARNING_HDR_RE.exec(hdr);
      if (wh) {
        headerLine = true;
        for (const item of (wh[1] as string).matchAll(WARNING_ITEM_RE)) {
          if (res.warnings.length < MAX_SMALL) res.warnings.push({ line: lineNo, code: Number(item[1]), agent: item[2] as string, text: item[3] as string });
        }
      }
    }

    // ---- cause names (FreeSWITCH, Asterisk constants, AudioCodes) ----
    if ((mask & CH_UNDERSCORE) !== 0 || ((mask & CH_DASH) !== 0 && line.includes('-ERR')) || ause) {
      seen.clear();
      let m = FS_HANGUP_RE.exec(line);
      if (m) {
        programs.add('freeswitch');
        seen.add(m[1] as string);
        addCause({ value: m[1] as string, printed: m[1] as string, line: lineNo, source: 'freeswitch-hangup' });
      }
      m = CAUSE_NAME_CTX_RE.exec(line);
      if (m && !seen.has(m[1] as string)) {
        seen.add(m[1] as string);
        addCause({ value: m[1] as string, printed: m[1] as string, line: lineNo, source: 'cause-name' });
      }
      if ((mask & CH_UNDERSCORE) !== 0 && !(httpCtx ??= isHttpContext(line, mask))) {
        for (const t of line.matchAll(CAUSE_TOKEN_RE)) {
          const tok = t[0];
          if (seen.has(tok)) continue;
          // Bare names like SERVICE_UNAVAILABLE also occur outside telephony; prefixed constants do not.
          if (!pasteSip && !PREFIXED_CAUSE_RE.test(tok)) continue;
          seen.add(tok);
          addCause({ value: tok, printed: tok, line: lineNo, source: 'cause-token' });
        }
      }
    }

    // ---- HTTP (recognised so it is never taken for SIP) ----
    if ((mask & CH_SLASH) !== 0 && line.includes('HTTP/')) {
      const m = HTTP_ACCESS_RE.exec(line) ?? HTTP_STATUS_RE.exec(line);
      if (m && res.http.length < MAX_SMALL) res.http.push({ line: lineNo, code: Number(m[1]), excerpt: ex(line) });
    }

    // ---- a code followed by its exact registry phrase, in a SIP context ----
    if (
      !foundCodeOnLine &&
      (mask & CH_CODE_SPACE) !== 0 &&
      opts.matchPhrase &&
      !(httpCtx ??= isHttpContext(line, mask)) &&
      (pasteSip || LINE_SIP_CTX_RE.test(line))
    ) {
      const m = CODE_PHRASE_RE.exec(line);
      if (m) {
        const code = Number(m[1]);
        // "200 OK" and "100 Trying" are too common outside SIP to trust without SIP on the same line.
        const phrase = (code === 200 || code === 100) && !LINE_SIP_CTX_RE.test(line) ? null : opts.matchPhrase(code, m[2] as string);
        if (phrase) {
          addCode({ code, line: lineNo, role: 'reported', source: 'code-and-phrase', phrase, excerpt: ex(line) });
          foundCodeOnLine = true;
        }
      }
    }

    // ---- the generic evidence layer: unclaimed lines (formats/generic.ts) ----
    if (!foundCodeOnLine && !headerLine && opts.oracle && !hasSip20) {
      // A CSV/TSV export: its header row (one of the first lines tried) names the status columns.
      if (csv === null && csvTried < 5 && lineNo <= 20) {
        csvTried++;
        csv = csvHeader(line);
        if (csv) continue;
      }
      if ((mask & CH_DIGIT) !== 0 && !(httpCtx ??= isHttpContext(line, mask))) {
        if (csv) {
          for (const code of csvRow(line, csv, pasteSip)) {
            addCode({ code, line: lineNo, role: 'reported', source: 'csv-column', phrase: null, excerpt: ex(line) });
            foundCodeOnLine = true;
          }
        }
        if (!foundCodeOnLine) {
          for (const e of findEvidence(line, pasteSip, opts.oracle)) {
            programs.add('generic');
            addCode({ code: e.code, line: lineNo, role: 'reported', source: 'generic-evidence', phrase: e.phrase, excerpt: ex(line) });
          }
        }
      }
    }
  }

  passOn(Infinity);
  res.lineCount = src.physicalCount;
  res.programs = [...programs];
  return res;
}

/**
 * ngrep's default layout prints each packet's payload as fixed-width lines indented by two spaces, with
 * CR and LF shown as "." (so CRLF is ".."). Rejoin the payload and split it back into message lines,
 * each keeping the number of the physical line it starts on.
 */
function joinNgrep(physical: readonly string[]): { lines: string[]; nos: number[] } {
  const lines: string[] = [];
  const nos: number[] = [];
  let i = 0;
  while (i < physical.length) {
    const l = physical[i] as string;
    lines.push(l);
    nos.push(i + 1);
    i++;
    if ((l.charCodeAt(0) !== 85 && l.charCodeAt(0) !== 84) || !NGREP_RE.test(l)) continue;
    const next = physical[i];
    if (next === undefined || !next.startsWith('  ') || !next.includes('..')) continue;
    let joined = '';
    const starts: number[] = [];
    while (i < physical.length && (physical[i] as string).startsWith('  ') && joined.length < 65_536) {
      starts.push(joined.length);
      joined += (physical[i] as string).slice(2);
      i++;
    }
    joined = joined.trimEnd();
    const first = i - starts.length;
    let pos = 0;
    for (const seg of joined.split('..')) {
      let k = 0;
      while (k + 1 < starts.length && (starts[k + 1] as number) <= pos) k++;
      lines.push(seg);
      nos.push(first + k + 1);
      pos += seg.length + 2;
    }
  }
  return { lines, nos };
}

/** A header name is a letter, then up to 30 letters, digits or "-": longer words before a colon are log text. */
const HEADER_NAME_MAX = 31;
const SIP_HEADERS = new Set(
  (
    'accept accept-contact accept-encoding accept-language accept-resource-priority alert-info allow allow-events ' +
    'answer-mode authentication-info authorization call-id call-info contact content-disposition content-encoding ' +
    'content-id content-language content-length content-type cseq date diversion error-info event expires feature-caps ' +
    'flow-timer from geolocation geolocation-error geolocation-routing history-info identity identity-info in-reply-to ' +
    'info-package join max-breadth max-forwards mime-version min-expires min-se organization path priority ' +
    'priv-answer-mode privacy proxy-authenticate proxy-authorization proxy-require rack reason reason-phrase ' +
    'record-route recv-info refer-sub refer-to referred-by reject-contact remote-party-id replaces reply-to ' +
    'request-disposition require resource-priority retry-after route rseq security-client security-server ' +
    'security-verify server service-route session-expires session-id sip-etag sip-if-match subject ' +
    'subscription-state supported suppress-if-match target-dialog timestamp to trigger-consent unsupported ' +
    'user-agent user-to-user via warning www-authenticate ms-diagnostics ' +
    'a b c d e f i j k l m n o r s t u v x y ' +
    'status-line status-code request-line method message header message body'
  ).split(' '),
);

/**
 * Header names as printed ("Call-ID", "CSeq") to their lower-cased SIP name, or null when the name is not one
 * SIP uses. A trace repeats the same few spellings thousands of times; bounded because x- headers are open-ended.
 */
const headerNames = new Map<string, string | null>();
const HEADER_NAMES_MAX = 2000;

function sipHeaderName(printed: string): string | null {
  const hit = headerNames.get(printed);
  if (hit !== undefined) return hit;
  const lower = printed.toLowerCase();
  // Only names SIP uses: "ACC: ..." or "Cause: 34" after a message are log lines, not headers.
  const name = SIP_HEADERS.has(lower) || lower.startsWith('x-') || lower.startsWith('p-') ? lower : null;
  if (headerNames.size < HEADER_NAMES_MAX) headerNames.set(detached(printed), name === null ? null : detached(name));
  return name;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * When the line is a "Name: value" header (after logger prefixes) with a name SIP uses, records what the
 * message needs from it and returns the lower-cased name; else null. Works on offsets into the line: the
 * value is only cut out for the four headers a message keeps, and only the first time each is seen.
 */
function applyHeaderLine(msg: Msg, line: string): string | null {
  const p = prefixEnd(line);
  const colonAt = line.indexOf(':', p);
  const colon = colonAt < 0 ? -1 : colonAt - p;
  if (colon < 1 || colon > 32) return null;
  let end = colonAt;
  while (end > p && isSpace(line.charCodeAt(end - 1))) end--;
  // The name: a letter, then letters, digits and "-", at most 31 characters.
  if (end - p < 1 || end - p > HEADER_NAME_MAX || !isLetter(line.charCodeAt(p))) return null;
  for (let k = p + 1; k < end; k++) {
    const c = line.charCodeAt(k);
    if (!(isLetter(c) || isDigit(c) || c === 45)) return null;
  }
  const name = sipHeaderName(line.slice(p, end));
  if (name === null) return null;
  switch (name) {
    case 'call-id':
    case 'i':
      if (!msg.callId) msg.callId = callIdOf(line, colonAt);
      break;
    case 'cseq':
      if (msg.cseqNum === undefined) applyCSeq(msg, line, colonAt);
      break;
    case 'from':
    case 'f':
      if (!msg.fromAor) msg.fromAor = aor(headerValue(line, colonAt));
      break;
    case 'to':
    case 't':
      if (!msg.toAor) msg.toAor = aor(headerValue(line, colonAt));
      break;
    default:
      break;
  }
  return name;
}

/** A header's value: up to 1000 characters after the colon, trimmed. */
function headerValue(line: string, colonAt: number): string {
  return line.slice(colonAt + 1, colonAt + 1001).trim();
}

/** The Call-ID: the value's first word (what headerValue(...).split(/\s/)[0] gives, cut out once). */
function callIdOf(line: string, colonAt: number): string {
  const end = Math.min(line.length, colonAt + 1001);
  let start = colonAt + 1;
  while (start < end && isSpace(line.charCodeAt(start))) start++;
  let stop = start;
  while (stop < end && !isSpace(line.charCodeAt(stop))) stop++;
  return line.slice(start, stop);
}

/** "CSeq: 102 INVITE": what CSEQ_RE (/^(\d{1,10})\s+([A-Za-z]{2,12})/) takes from the value, read in place. */
function applyCSeq(msg: Msg, line: string, colonAt: number): void {
  const end = Math.min(line.length, colonAt + 1001);
  let k = colonAt + 1;
  while (k < end && isSpace(line.charCodeAt(k))) k++;
  const numStart = k;
  while (k < end && isDigit(line.charCodeAt(k))) k++;
  const numEnd = k;
  if (numEnd === numStart || numEnd - numStart > 10 || k >= end || !isSpace(line.charCodeAt(k))) return;
  while (k < end && isSpace(line.charCodeAt(k))) k++;
  const methodStart = k;
  while (k < end && k - methodStart < 12 && isLetter(line.charCodeAt(k))) k++;
  if (k - methodStart < 2) return;
  msg.cseqNum = Number(line.slice(numStart, numEnd));
  msg.cseqMethod = line.slice(methodStart, k).toUpperCase();
}

/**
 * Where a message line starts after what loggers put before it: indentation, quote marks (">"), "[timestamp] "
 * prefixes, up to two of them. An offset rather than a copy, since it runs on most lines of a trace.
 */
function prefixEnd(s: string): number {
  let p = 0;
  while (p < s.length && isSpace(s.charCodeAt(p))) p++;
  for (let k = 0; k < 2; k++) {
    if (s.charCodeAt(p) === 62) {
      // ">" quote marks, then at most one white-space character.
      while (s.charCodeAt(p) === 62) p++;
      if (p < s.length && isSpace(s.charCodeAt(p))) p++;
    }
    if (s.charCodeAt(p) === 91) {
      const close = s.indexOf(']', p);
      if (close > p && close - p < 64 && s.charCodeAt(close + 1) === 32) {
        p = close + 2;
        while (p < s.length && isSpace(s.charCodeAt(p))) p++;
      }
    }
  }
  return p;
}

/** True when s holds nothing but white space from `from` on. */
function isBlank(s: string, from: number): boolean {
  for (let k = from; k < s.length; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

function aor(value: string): string | undefined {
  const m = AOR_RE.exec(value);
  return m ? (m[1] as string) : undefined;
}

function uriHost(uri: string): string | undefined {
  const m = URI_HOST_RE.exec(uri);
  return m ? (m[1] as string) : undefined;
}

/** Cleans a reason phrase as printed: ngrep "..", tab-separated columns, glued log lines, "[Time:..]" suffixes. */
export function cleanPhrase(rawPhrase: string, ngrepDots: boolean): string | null {
  let p = rawPhrase;
  if (ngrepDots) {
    const dd = p.indexOf('..');
    if (dd >= 0) p = p.slice(0, dd);
  }
  const tab = p.indexOf('\t');
  if (tab >= 0) p = p.slice(0, tab);
  // FreeSWITCH interleaves log lines into siptrace output: cut at a glued UUID.
  // (Each clean-up below needs a character most phrases lack: test for it before running the regex.)
  if (p.length >= 36 && p.includes('-')) {
    const u = UUID_RE.exec(p);
    if (u) p = p.slice(0, u.index);
  }
  if (p.includes(']')) p = p.replace(TRAILING_BRACKETS_RE, '');
  if (p.includes("'")) p = p.replace(TRAILING_QUOTE_RE, '');
  p = p.trim();
  if (p.length > 80) p = p.slice(0, 80);
  return p.length ? p : null;
}

function nearest(ps: { name: string; pos: number }[], x: number): string {
  let best = ps[0]?.name ?? '?';
  let d = Infinity;
  for (const p of ps) {
    const dd = Math.abs(p.pos - x);
    if (dd < d) {
      d = dd;
      best = p.name;
    }
  }
  return best;
}
