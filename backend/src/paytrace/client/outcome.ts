/**
 * What every PayTrace call comes back as. Transaction calls (sales, authorizations, captures, voids,
 * refunds, checks) answer a TransactionOutcome; every other call an Outcome<T>. The pipeline decides
 * what to do from `kind` alone (isRetryable), never from HTTP statuses or PayTrace codes.
 */

/** PayTrace approved (101), captured (112), voided (109), refunded (106), or processed a check (120/122/124). */
export interface Approved {
  kind: 'Approved';
  responseCode: number;
  statusMessage: string;
  /** Card calls: the transaction PayTrace created or changed (a refund is a new transaction). */
  transactionId?: number;
  /** Check calls answer with a check_transaction_id instead. */
  checkTransactionId?: number;
  approvalCode: string;
  /** Verbatim, leading and double spaces included ("  NO  MATCH - Approved and completed"). */
  approvalMessage: string;
  avsResponse: string;
  cscResponse: string;
  /** `xxxxxxxxxxxx5439`; empty when PayTrace sends none (captures, voids, checks). */
  maskedCardNumber: string;
  externalTransactionId: string;
}

/** The issuer or the bank said no: 102, 103 (approved then auto-voided on AVS/CSC), 107, 110, 113, 125. */
export interface Declined {
  kind: 'Declined';
  responseCode: number;
  statusMessage: string;
  /** A declined card transaction still has an id, kept for reconciliation. */
  transactionId?: number;
  checkTransactionId?: number;
  approvalCode: string;
  /** Verbatim ("    DECLINE - Do not honor"). */
  approvalMessage: string;
  avsResponse: string;
  cscResponse: string;
  maskedCardNumber: string;
  /** 103: the issuer approved but PayTrace voided it at once because the address or CSC did not match. */
  autoVoided: boolean;
  /** ACH return details of a check that was not processed (125). */
  achCode?: number;
  achMessage?: string;
}

/** One code of PayTrace's `errors` map and all of its messages. */
export interface PayTraceErrorEntry {
  code: number;
  messages: string[];
}

/** PayTrace refused the request as a whole (response_code 1 with an `errors` map): fix the input, do not retry. */
export interface ValidationError {
  kind: 'ValidationError';
  httpStatus: number;
  responseCode: number;
  statusMessage: string;
  /** Every code and every message, in PayTrace's order, card numbers scrubbed. */
  errors: PayTraceErrorEntry[];
}

export type AuthFailure = 'invalid_grant' | 'invalid_token' | 'permission' | 'oauth_error';

/** The credentials are wrong or lack permission: a person has to act (reconnect the account). */
export interface AuthError {
  kind: 'AuthError';
  reason: AuthFailure;
  httpStatus?: number;
  /** The OAuth `error` value or PayTrace code, e.g. "invalid_grant" or "981". */
  code: string;
  description: string;
}

export type TransientReason =
  | 'timeout'
  | 'network'
  | 'server_error'
  | 'rate_limited'
  | 'invalid_body'
  | 'local_rate_limit'
  | 'token_unavailable';

/** Worth retrying later: PayTrace or the way to it had a problem. */
export interface TransientError {
  kind: 'TransientError';
  reason: TransientReason;
  httpStatus?: number;
  /** From a Retry-After header, when PayTrace sent one. */
  retryAfterMs?: number;
  /**
   * Whether PayTrace may have processed the request even though no usable answer came back (a timeout
   * after sending, a 5xx or a cut-off body). Before retrying a sale on such an error, look the
   * transaction up (exports) so that a customer is never charged twice.
   */
  maybeProcessed: boolean;
  /** What went wrong, for logs; never contains a card number or a credential. */
  detail: string;
}

/** A successful non-transaction call (exports, vault, recurrence, receipts, level 3, ping). */
export interface Ok<T> {
  kind: 'Ok';
  value: T;
  responseCode: number;
  statusMessage: string;
}

export type FailureOutcome = ValidationError | AuthError | TransientError;
export type TransactionOutcome = Approved | Declined | FailureOutcome;
export type Outcome<T> = Ok<T> | FailureOutcome;
export type AnyOutcome = TransactionOutcome | Outcome<unknown>;
export type OutcomeKind = AnyOutcome['kind'];

/** Only transient failures are worth another attempt; a decline, bad input or bad credentials are final. */
export function isRetryable(outcome: AnyOutcome): outcome is TransientError {
  return outcome.kind === 'TransientError';
}

/** Whether PayTrace answered with error `code` (e.g. 817: refund of an unsettled transaction). */
export function hasErrorCode(outcome: AnyOutcome, code: number): boolean {
  return outcome.kind === 'ValidationError' && outcome.errors.some((entry) => entry.code === code);
}

export function transientError(reason: TransientReason, detail: string, extra: Partial<TransientError> = {}): TransientError {
  return { kind: 'TransientError', reason, detail, maybeProcessed: false, ...extra };
}
