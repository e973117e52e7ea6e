/**
 * One HTTP exchange with PayTrace over global fetch, bounded by AbortSignal.timeout (which also covers
 * reading the body). Answers what came back or how it failed; never throws, never logs a body.
 */
import { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';

export type FetchFn = typeof fetch;

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type HttpReply =
  | { kind: 'reply'; status: number; retryAfter: string | null; text: string }
  | {
      kind: 'failed';
      reason: 'timeout' | 'network';
      /** False only when the request certainly never reached PayTrace (no connection was made). */
      maybeSent: boolean;
      detail: string;
    };

/** Errors that mean no connection was ever made, so PayTrace cannot have seen the request (EGRESS_REFUSED: the egress guard refused the address). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL', 'EGRESS_REFUSED']);

export async function postOnce(fetchFn: FetchFn, request: HttpRequest): Promise<HttpReply> {
  try {
    const response = await fetchFn(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    return { kind: 'reply', status: response.status, retryAfter: response.headers.get('retry-after'), text };
  } catch (error) {
    return describeFailure(error, request.timeoutMs);
  }
}

function describeFailure(error: unknown, timeoutMs: number): HttpReply {
  const err = error as Error & { cause?: { code?: string; message?: string }; code?: string };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { kind: 'failed', reason: 'timeout', maybeSent: true, detail: `no complete answer within ${timeoutMs} ms` };
  }
  const code = err?.cause?.code ?? err?.code;
  const message = [err?.message, err?.cause?.message].filter(Boolean).join(': ');
  return {
    kind: 'failed',
    reason: 'network',
    maybeSent: !(code && NOT_SENT_CODES.has(code)),
    detail: scrubCardNumbers(`${code ? `${code} ` : ''}${message || String(error)}`).slice(0, 300),
  };
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
