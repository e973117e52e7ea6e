/**
 * PayTrace's error envelope: `response_code` 1 with an `errors` map from a numeric string code to an
 * array of messages; several codes can come back at once. Codes marked "observed" were seen in real
 * PayTrace responses; the others are the sandbox's own choices (see README.md).
 */
export const ERROR = {
  badRequestBody: [1, 'The request body could not be read as JSON.'], // sandbox
  customerNotFound: (id: string) => [30, `Customer ID, ${id}, was not found or is incomplete.`] as const, // observed
  invalidCustomerId: [33, 'Please provide a valid Customer ID.'], // sandbox
  invalidCardNumber: [35, 'Please provide a valid Credit Card Number.'], // observed
  invalidAmount: [41, 'Please provide a valid Amount.'], // sandbox
  invalidExpirationMonth: [43, 'Please provide a valid Expiration Month.'], // observed
  invalidExpirationYear: [44, 'Please provide a valid Expiration Year.'], // sandbox
  invalidAccountNumber: [45, 'Please provide a valid Checking Account Number.'], // observed
  invalidRoutingNumber: [46, 'Please provide a valid Transit Routing Number.'], // observed
  invalidCsc: [47, 'Please provide a valid CSC.'], // sandbox
  invalidEmail: [48, 'Please provide a valid Email Address.'], // sandbox
  invalidTransactionId: [58, 'Please provide a valid Transaction ID.'], // observed
  checkNotFound: [80, 'The Check ID that you provided was not found in the PayTrace record.'], // observed
  checkNotManageable: [80, 'The Check ID that you have provided was not found in the PayTrace records. It may already be voided or settled.'], // observed
  duplicateCustomerId: [171, 'Please provide a unique customer ID.'], // observed
  transactionNotFound: [811, 'The Transaction ID that you provided was not found.'], // observed
  notCapturable: [816, 'The Transaction ID that you provided could not be captured. Only uncaptured, approved authorizations can be captured.'], // observed
  notRefundable: [817, 'The Transaction ID that you provided could not be refunded. Only settled transactions can be refunded.  Please try to void the transaction instead.'], // observed
  notVoidable: [818, 'The Transaction ID that you provided could not be voided. Only transactions that are pending settlement can be voided.'], // observed
  refundExceedsAmount: [819, 'The amount you provided exceeds the amount that can be refunded.'], // sandbox
  captureExceedsAmount: [820, 'The amount you provided exceeds the authorized amount.'], // sandbox
  invalidProtectToken: [830, 'Please provide a valid HPF token and encryption key.'], // sandbox
  invalidStartDate: [840, 'Please provide a valid Start Date.'], // sandbox
  invalidEndDate: [841, 'Please provide a valid End Date.'], // sandbox
  batchNotFound: [842, 'The Batch Number that you provided was not found.'], // sandbox
  recurrenceNotFound: [850, 'The Recurrence ID that you provided was not found.'], // sandbox
  invalidFrequency: [851, 'Please provide a valid Frequency.'], // sandbox
  invalidTotalCount: [852, 'Please provide a valid Total Count.'], // sandbox
  noApprovedRecurrence: [853, 'No approved recurring transaction was found.'], // sandbox
  invalidTransactionType: [854, 'Please provide a valid Transaction Type.'], // sandbox
  levelThreeNotAllowed: [855, 'Level 3 data can only be added to approved, unsettled sales and captures of the matching card brand.'], // sandbox
} as const;

export type ErrorEntry = readonly [number, string];
export type ErrorMap = Record<string, string[]>;

/** A request PayTrace refuses as a whole: nothing is written, HTTP 400. */
export class PayTraceError extends Error {
  constructor(readonly errors: ErrorMap) {
    super(Object.values(errors).flat().join(' '));
  }

  static of(...entries: ErrorEntry[]): PayTraceError {
    const bag = new ErrorBag();
    for (const entry of entries) bag.add(entry);
    return new PayTraceError(bag.errors);
  }
}

/** Collects every problem of a request, so that one response names them all (e.g. 35 and 43 together). */
export class ErrorBag {
  readonly errors: ErrorMap = {};

  add([code, message]: ErrorEntry): void {
    (this.errors[String(code)] ??= []).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new PayTraceError(this.errors);
  }
}

export function errorBody(errors: ErrorMap) {
  return { success: false, response_code: 1, status_message: 'One or more errors has occurred.', errors };
}

/** OAuth failures use the OAuth 2 body (PayTrace's token endpoint is a stock OAuth server). */
export class OAuthError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }

  static invalidToken(): OAuthError {
    return new OAuthError(401, 'invalid_token', 'The access token provided is invalid.');
  }

  static invalidGrant(): OAuthError {
    return new OAuthError(
      400,
      'invalid_grant',
      'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    );
  }

  static unsupportedGrantType(): OAuthError {
    return new OAuthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
  }

  static invalidRequest(): OAuthError {
    return new OAuthError(
      400,
      'invalid_request',
      'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
    );
  }

  get body() {
    return { error: this.error, error_description: this.description };
  }
}
