/**
 * PayTrace's answers → outcomes. The JSON body is read whatever the HTTP status (PayTrace's statuses
 * for declines and errors are not documented), and the body decides, in this order: an OAuth `error`,
 * an `errors` map, then `success`. Only 5xx, 408, 429, network failures and unreadable bodies are
 * transient.
 */
import { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';
import { type HttpReply, retryAfterMs } from './http-transport.js';
import {
  type Approved,
  type AuthError,
  type Declined,
  type FailureOutcome,
  type Ok,
  type Outcome,
  type PayTraceErrorEntry,
  type TransactionOutcome,
  transientError,
  type ValidationError,
} from './outcome.js';

export type Body = Record<string, unknown>;

/** A reply whose body is a JSON object and is not a failure every call shares. */
export interface ReadableReply {
  status: number;
  body: Body;
}

/** Error codes that mean "the API user may not do this": permission, not input. */
const PERMISSION_CODES = new Set([981, 998]);

/** The failures every PayTrace call shares; a ReadableReply when the body has to decide the rest. */
export function readReply(reply: HttpReply): FailureOutcome | ReadableReply {
  if (reply.kind === 'failed') {
    return transientError(reply.reason, reply.detail, { maybeProcessed: reply.maybeSent });
  }
  const { status } = reply;
  if (status >= 500 || status === 429 || status === 408) {
    const reason = status === 429 ? 'rate_limited' : 'server_error';
    return transientError(reason, `HTTP ${status}${bodyHint(reply.text)}`, {
      httpStatus: status,
      retryAfterMs: retryAfterMs(reply.retryAfter),
      // 429 and 503 say the request was turned away; other 5xx may come after the work was done.
      maybeProcessed: status !== 429 && status !== 503 && status !== 408,
    });
  }
  const body = parseObject(reply.text);
  if (!body) {
    return transientError('invalid_body', `HTTP ${status} with a body that is not a complete JSON object${bodyHint(reply.text)}`, {
      httpStatus: status,
      maybeProcessed: true,
    });
  }
  return oauthFailure(status, body) ?? errorsMapFailure(status, body) ?? statusOnlyFailure(status, body) ?? { status, body };
}

/** Sales, authorizations, captures, voids, refunds and check calls. */
export function toTransactionOutcome(reply: HttpReply): TransactionOutcome {
  const read = readReply(reply);
  if ('kind' in read) return read;
  const { status, body } = read;
  const transactionId = optionalId(body.transaction_id);
  const checkTransactionId = optionalId(body.check_transaction_id);
  const common = {
    responseCode: responseCode(body),
    statusMessage: textOf(body.status_message),
    ...(transactionId !== undefined ? { transactionId } : {}),
    ...(checkTransactionId !== undefined ? { checkTransactionId } : {}),
    approvalCode: textOf(body.approval_code),
    approvalMessage: textOf(body.approval_message),
    avsResponse: textOf(body.avs_response),
    cscResponse: textOf(body.csc_response),
    maskedCardNumber: textOf(body.masked_card_number),
  };
  if (body.success === true || body.success === 'true') {
    if (transactionId === undefined && checkTransactionId === undefined) {
      return transientError('invalid_body', `HTTP ${status}: approved without a transaction id`, { httpStatus: status, maybeProcessed: true });
    }
    const approved: Approved = { kind: 'Approved', ...common, externalTransactionId: textOf(body.external_transaction_id) };
    return approved;
  }
  if (body.success === false || body.success === 'false') {
    const declined: Declined = { kind: 'Declined', ...common, autoVoided: common.responseCode === 103 };
    if (body.ach_code !== undefined) declined.achCode = Number(body.ach_code);
    if (body.ach_message !== undefined) declined.achMessage = textOf(body.ach_message);
    return declined;
  }
  return transientError('invalid_body', `HTTP ${status}: no success flag in the answer`, { httpStatus: status, maybeProcessed: true });
}

/**
 * Every other call. `read` turns a successful body into the typed value and throws when the body does
 * not have the expected shape (which becomes a TransientError: the answer was unusable).
 */
export function toOutcome<T>(reply: HttpReply, read: (body: Body) => T): Outcome<T> {
  const readable = readReply(reply);
  if ('kind' in readable) return readable;
  const { status, body } = readable;
  if (body.success === false || body.success === 'false') {
    return validationError(status, body, []);
  }
  if (body.success !== true && body.success !== 'true') {
    return transientError('invalid_body', `HTTP ${status}: no success flag in the answer`, { httpStatus: status, maybeProcessed: true });
  }
  try {
    const ok: Ok<T> = { kind: 'Ok', value: read(body), responseCode: responseCode(body), statusMessage: textOf(body.status_message) };
    return ok;
  } catch (error) {
    const detail = scrubCardNumbers(`HTTP ${status}: unexpected answer: ${(error as Error).message}`).slice(0, 500);
    return transientError('invalid_body', detail, { httpStatus: status, maybeProcessed: true });
  }
}

/** `{"error":"invalid_grant","error_description":"..."}`: PayTrace's token endpoint is a stock OAuth server. */
function oauthFailure(status: number, body: Body): AuthError | undefined {
  if (typeof body.error !== 'string' || body.errors !== undefined) return undefined;
  const code = body.error;
  const reason = code === 'invalid_grant' || code === 'invalid_token' ? code : 'oauth_error';
  return { kind: 'AuthError', reason, httpStatus: status, code, description: scrubCardNumbers(textOf(body.error_description)) };
}

function errorsMapFailure(status: number, body: Body): ValidationError | AuthError | undefined {
  const entries = errorEntries(body.errors);
  if (!entries) return undefined;
  const permission = entries.find((entry) => PERMISSION_CODES.has(entry.code));
  if (permission) {
    return { kind: 'AuthError', reason: 'permission', httpStatus: status, code: String(permission.code), description: permission.messages.join(' ') };
  }
  return validationError(status, body, entries);
}

/** A 401/403 whose body says nothing PayTrace-shaped still says what the status says. */
function statusOnlyFailure(status: number, body: Body): AuthError | undefined {
  if (body.success !== undefined) return undefined;
  if (status === 401) return { kind: 'AuthError', reason: 'invalid_token', httpStatus: status, code: 'invalid_token', description: 'HTTP 401' };
  if (status === 403) return { kind: 'AuthError', reason: 'permission', httpStatus: status, code: '403', description: 'HTTP 403' };
  return undefined;
}

function validationError(status: number, body: Body, errors: PayTraceErrorEntry[]): ValidationError {
  return { kind: 'ValidationError', httpStatus: status, responseCode: responseCode(body), statusMessage: scrubCardNumbers(textOf(body.status_message)), errors };
}

/** `{"35":["..."],"43":["..."]}` → entries in PayTrace's order; undefined when there is no non-empty map. */
function errorEntries(value: unknown): PayTraceErrorEntry[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>).map(([code, messages]) => ({
    code: Number(code),
    messages: (Array.isArray(messages) ? messages : [messages]).map((message) => scrubCardNumbers(textOf(message))),
  }));
  return entries.length ? entries : undefined;
}

function parseObject(text: string): Body | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined;
  } catch {
    return undefined;
  }
}

function responseCode(body: Body): number {
  const code = Number(body.response_code);
  return Number.isInteger(code) ? code : 0;
}

/** Strings verbatim (card numbers scrubbed), numbers as text, anything else as ''. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return scrubCardNumbers(value);
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

function optionalId(value: unknown): number | undefined {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * What a non-JSON body was, for the error text: an HTML error page's title, otherwise only its size
 * (a cut-off JSON body may hold customer data, which must not end up in logs).
 */
function bodyHint(text: string): string {
  const title = /<title>([^<]{1,80})<\/title>|<h1>([^<]{1,80})<\/h1>/i.exec(text);
  if (title) return `: ${scrubCardNumbers((title[1] ?? title[2]).trim())}`;
  return ` (${text.length} characters)`;
}
