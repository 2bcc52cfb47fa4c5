// GET/POST /api/explain: the core's Answer as JSON (the same object as `sipbot --json`), optionally
// with the neutral Reply the page renders. Rate-limited per client address through the shared limits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFor, logAnswer } from '../adapters/shared/answer.js';
import type { Logger, Route } from './adapter.js';
import type { Limits } from './limits.js';
import { sendJson } from './http-host.js';
import { isCapture } from '../src/index.js';

export interface ExplainOptions {
  limits: Limits;
  logger: Logger;
  /** Take the client address from the last X-Forwarded-For entry (one trusted proxy in front). */
  trustProxy: boolean;
  /** Cap for a capture body (MAX_CAPTURE_BYTES); default 20 MiB. */
  maxCaptureBytes?: number;
}

/** Body types that carry a pcap/pcapng file rather than text. */
const CAPTURE_TYPES = ['application/vnd.tcpdump.pcap', 'application/octet-stream', 'application/x-pcapng'];

function isCaptureType(req: IncomingMessage): boolean {
  return CAPTURE_TYPES.includes((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase());
}

const HOW_TO_ASK =
  'Ask something: GET /api/explain?q=603, or POST the question or a pasted SIP log as the body (text/plain, or JSON {"q": "..."}).';

class BadRequest extends Error {}

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').pop()?.trim();
    if (last) return last;
  }
  const addr = req.socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '';
  const i = url.indexOf('?');
  return new URLSearchParams(i === -1 ? '' : url.slice(i + 1));
}

function wantsReply(params: URLSearchParams): boolean {
  return params.getAll('include').some((v) => v.split(',').some((s) => s.trim() === 'reply'));
}

/** The question from a POST body: JSON {"q"}, a form with q=, or the body itself as text. */
function questionFromBody(req: IncomingMessage, body: Buffer, params: URLSearchParams): string {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const text = body.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadRequest('The body is not valid JSON. Send {"q": "603"}, or send plain text with Content-Type: text/plain.');
    }
    const q = parsed && typeof parsed === 'object' ? (parsed as { q?: unknown }).q : undefined;
    if (q !== undefined && typeof q !== 'string') throw new BadRequest('"q" must be a string, e.g. {"q": "603"}.');
    return q ?? '';
  }
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(text).get('q') ?? '';
  return text.trim() === '' ? (params.get('q') ?? '') : text;
}

export function createExplainRoutes(opts: ExplainOptions): Route[] {
  const { logger, trustProxy } = opts;
  const deps = { limits: opts.limits, logger };

  async function explain(req: IncomingMessage, res: ServerResponse, body: Buffer | null): Promise<void> {
    const params = queryOf(req);
    let capture: Uint8Array | undefined;
    if (body !== null && isCaptureType(req)) {
      if (!isCapture(body)) {
        return sendJson(res, 400, { error: 'not_a_capture', message: 'The body is not a pcap or pcapng file (no magic number). Send a capture as application/vnd.tcpdump.pcap, or text as text/plain.' });
      }
      capture = body;
    }
    let text: string;
    try {
      text = capture ? '' : body === null ? (params.get('q') ?? '') : questionFromBody(req, body, params);
    } catch (e) {
      if (!(e instanceof BadRequest)) throw e;
      return sendJson(res, 400, { error: 'bad_request', message: e.message });
    }
    if (!capture && text.trim() === '') return sendJson(res, 400, { error: 'missing_q', message: HOW_TO_ASK });

    const outcome = await answerFor(deps, 'http', 'explain', { userId: clientAddress(req, trustProxy) }, text, capture);
    logAnswer(deps, outcome, { bytes: capture ? capture.length : Buffer.byteLength(text) }, 'explain');

    if (outcome.limited || !outcome.answer) {
      const retryAfter = String(outcome.retryAfterS ?? 60);
      return sendJson(
        res,
        429,
        { error: 'rate_limited', message: outcome.reply.lead, ...(wantsReply(params) ? { reply: outcome.reply } : {}) },
        { 'retry-after': retryAfter },
      );
    }
    sendJson(res, 200, wantsReply(params) ? { ...outcome.answer, reply: outcome.reply } : outcome.answer);
  }

  return [
    { method: 'GET', path: '/api/explain', handle: (req, res) => explain(req, res, null) },
    {
      method: 'POST',
      path: '/api/explain',
      handle: (req, res, body) => explain(req, res, body),
      bodyLimit: (req) => (isCaptureType(req) ? { bytes: opts.maxCaptureBytes ?? 20 * 1024 * 1024, setting: 'MAX_CAPTURE_BYTES' } : undefined),
    },
  ];
}
