/** Every example body of the PayTrace fact sheet, mapped to its outcome (HTTP statuses are UNSURE, so each is tried with several). */
import { describe, expect, it } from 'vitest';
import * as EX from '../../../../test/paytrace/fact-sheet-examples.js';
import type { HttpReply } from './http-transport.js';
import { isRetryable } from './outcome.js';
import { toOutcome, toTransactionOutcome } from './response-mapping.js';

const reply = (text: string, status = 200, retryAfter: string | null = null): HttpReply => ({ kind: 'reply', status, retryAfter, text });

describe('approvals', () => {
  it('maps the sale response field by field, keeping the approval message verbatim', () => {
    expect(toTransactionOutcome(reply(EX.SALE_APPROVED.body))).toEqual({
      kind: 'Approved',
      responseCode: 101,
      statusMessage: 'Your transaction was successfully approved.',
      transactionId: 392483066,
      approvalCode: 'TAS610',
      approvalMessage: '  NO  MATCH - Approved and completed',
      avsResponse: 'No Match',
      cscResponse: '',
      maskedCardNumber: 'xxxxxxxxxxxx5439',
      externalTransactionId: '',
    });
  });

  it.each([
    ['refund', EX.REFUNDED, 106, 105968559],
    ['refund (2017 wording)', EX.REFUNDED_2017, 106, 179066852],
    ['void', EX.VOIDED, 109, 395971574],
    ['capture', EX.CAPTURED, 112, 392442990],
  ] as const)('maps a %s (%#) to Approved with its transaction id', (_name, example, code, id) => {
    expect(toTransactionOutcome(reply(example.body))).toMatchObject({ kind: 'Approved', responseCode: code, transactionId: id });
  });

  it.each([
    [EX.CHECK_PROCESSED, 120, 981619],
    [EX.CHECK_REFUNDED, 122, 9981632],
    [EX.CHECK_MANAGED, 124, 9981614],
  ] as const)('maps check answers to Approved with the check_transaction_id (%#)', (example, code, id) => {
    const outcome = toTransactionOutcome(reply(example.body));
    expect(outcome).toMatchObject({ kind: 'Approved', responseCode: code, checkTransactionId: id, approvalMessage: '' });
    expect(outcome).not.toHaveProperty('transactionId');
  });
});

describe('declines', () => {
  it.each([200, 400, 402])('keeps the leading spaces and the transaction id of a decline (HTTP %i)', (status) => {
    expect(toTransactionOutcome(reply(EX.SALE_DECLINED.body, status))).toEqual({
      kind: 'Declined',
      responseCode: 102,
      statusMessage: 'Your transaction was not approved.',
      transactionId: 392501201,
      approvalCode: '',
      approvalMessage: '    DECLINE - Do not honor',
      avsResponse: 'No Match',
      cscResponse: '',
      maskedCardNumber: 'xxxxxxxxxxxx5439',
      autoVoided: false,
    });
  });

  it('maps the expired-card decline', () => {
    expect(toTransactionOutcome(reply(EX.SALE_EXPIRED_CARD.body))).toMatchObject({ kind: 'Declined', approvalMessage: '  EXPIRED CARD - Expired card', transactionId: 395971008 });
  });

  it('maps a refused check (125) to Declined with its ACH fields', () => {
    expect(toTransactionOutcome(reply(EX.CHECK_NOT_PROCESSED.body))).toMatchObject({
      kind: 'Declined',
      responseCode: 125,
      checkTransactionId: 981610,
      achCode: 0,
      achMessage: '',
      autoVoided: false,
    });
  });

  it('maps 103 (approved, then auto-voided on AVS/CSC) to Declined with autoVoided', () => {
    const body = JSON.parse(EX.SALE_APPROVED.body);
    const outcome = toTransactionOutcome(reply(JSON.stringify({ ...body, success: false, response_code: 103 })));
    expect(outcome).toMatchObject({ kind: 'Declined', responseCode: 103, autoVoided: true, approvalCode: 'TAS610', transactionId: 392483066 });
  });
});

describe('validation errors', () => {
  it.each([200, 400, 422])('keeps every code and every message of errors 35 and 43 together (HTTP %i)', (status) => {
    const outcome = toTransactionOutcome(reply(EX.ERRORS_35_AND_43.body, status));
    expect(outcome).toEqual({
      kind: 'ValidationError',
      httpStatus: status,
      responseCode: 1,
      statusMessage: 'One or more errors has occurred.',
      errors: [
        { code: 35, messages: ['Please provide a valid Credit Card Number.'] },
        { code: 43, messages: ['Please provide a valid Expiration Month.'] },
      ],
    });
    expect(isRetryable(outcome)).toBe(false);
  });

  it('maps 817 (refund before settlement) with its message verbatim, double space included', () => {
    expect(toTransactionOutcome(reply(EX.ERROR_817.body, 400))).toMatchObject({
      kind: 'ValidationError',
      errors: [
        {
          code: 817,
          messages: ['The Transaction ID that you provided could not be refunded. Only settled transactions can be refunded.  Please try to void the transaction instead.'],
        },
      ],
    });
  });

  it('keeps all three codes of the ACH error example (30, 45, 46)', () => {
    const outcome = toTransactionOutcome(reply(EX.ERRORS_30_45_46.body, 400));
    expect(outcome.kind === 'ValidationError' && outcome.errors.map((e) => e.code)).toEqual([30, 45, 46]);
    expect(outcome).toMatchObject({ errors: [{ messages: ['Customer ID, customerid123, was not found or is incomplete.'] }, {}, {}] });
  });

  it.each([
    [EX.ERROR_58, 58],
    [EX.ERROR_171, 171],
    [EX.ERROR_811, 811],
    [EX.ERROR_816, 816],
    [EX.ERROR_818, 818],
    [EX.ERROR_80_NOT_FOUND, 80],
    [EX.ERROR_80_NOT_MANAGEABLE, 80],
  ] as const)('maps the error example %# to its code', (example, code) => {
    const message = Object.values(JSON.parse(example.body).errors as Record<string, string[]>)[0][0];
    expect(toTransactionOutcome(reply(example.body, 400))).toMatchObject({ kind: 'ValidationError', errors: [{ code, messages: [message] }] });
    expect(toOutcome(reply(example.body, 200), () => 'never')).toMatchObject({ kind: 'ValidationError', errors: [{ code, messages: [message] }] });
  });

  it('keeps several messages under one code and scrubs card numbers from them', () => {
    const body = JSON.stringify({ success: false, response_code: 1, status_message: 'One or more errors has occurred.', errors: { '35': ['Card 4111111111111111 is invalid.', 'Second message.'] } });
    expect(toTransactionOutcome(reply(body, 400))).toMatchObject({ errors: [{ code: 35, messages: ['Card [card number redacted] is invalid.', 'Second message.'] }] });
  });
});

describe('authentication errors', () => {
  it.each([400, 401])('maps invalid_grant (HTTP %i)', (status) => {
    const outcome = toOutcome(reply(EX.INVALID_GRANT.body, status), () => null);
    expect(outcome).toMatchObject({ kind: 'AuthError', reason: 'invalid_grant', code: 'invalid_grant', httpStatus: status });
    expect(outcome.kind === 'AuthError' && outcome.description).toContain('The provided authorization grant is invalid');
    expect(isRetryable(outcome)).toBe(false);
  });

  it.each([401, 200])('maps invalid_token (HTTP %i)', (status) => {
    expect(toTransactionOutcome(reply(EX.INVALID_TOKEN.body, status))).toMatchObject({ kind: 'AuthError', reason: 'invalid_token' });
  });

  it('maps error 981 (insufficient permissions) to AuthError, not ValidationError', () => {
    expect(toTransactionOutcome(reply(EX.ERROR_981.body, 400))).toMatchObject({
      kind: 'AuthError',
      reason: 'permission',
      code: '981',
      description: 'Log in failed for insufficient permissions.',
    });
  });

  it('maps a bare 401 and 403 by their status', () => {
    expect(toTransactionOutcome(reply('{}', 401))).toMatchObject({ kind: 'AuthError', reason: 'invalid_token' });
    expect(toTransactionOutcome(reply('{}', 403))).toMatchObject({ kind: 'AuthError', reason: 'permission' });
  });
});

describe('transient errors', () => {
  it.each([500, 502, 504])('maps an HTML %i page to a retryable TransientError that may have been processed', (status) => {
    const outcome = toTransactionOutcome(reply(EX.SERVER_ERROR_HTML.body, status));
    expect(outcome).toMatchObject({ kind: 'TransientError', reason: 'server_error', httpStatus: status, maybeProcessed: true });
    expect(outcome.kind === 'TransientError' && outcome.detail).toBe(`HTTP ${status}: 500 Internal Server Error`);
    expect(isRetryable(outcome)).toBe(true);
  });

  it('maps 5xx even when the body is PayTrace JSON', () => {
    expect(toTransactionOutcome(reply(EX.ERROR_58.body, 500))).toMatchObject({ kind: 'TransientError', reason: 'server_error' });
  });

  it('maps 503 and 429 as turned away (not processed), with Retry-After', () => {
    expect(toTransactionOutcome(reply('<h1>503 Service Temporarily Unavailable</h1>', 503))).toMatchObject({ reason: 'server_error', maybeProcessed: false });
    expect(toTransactionOutcome(reply('{"error":"rate_limited"}', 429, '2'))).toMatchObject({
      kind: 'TransientError',
      reason: 'rate_limited',
      retryAfterMs: 2000,
      maybeProcessed: false,
    });
  });

  it('maps a truncated approval to invalid_body: retryable, but it may have been processed', () => {
    const outcome = toTransactionOutcome(reply(EX.TRUNCATED_APPROVAL.body, 200));
    expect(outcome).toMatchObject({ kind: 'TransientError', reason: 'invalid_body', httpStatus: 200, maybeProcessed: true });
    // The cut-off body (which may carry customer data) is not copied into the error text.
    expect(outcome.kind === 'TransientError' && outcome.detail).not.toContain('392483066');
  });

  it.each(['', 'null', '[]', '"ok"', '<html></html>'])('maps the non-object body %j to invalid_body', (text) => {
    expect(toOutcome(reply(text), () => null)).toMatchObject({ kind: 'TransientError', reason: 'invalid_body' });
  });

  it('maps network failures and timeouts', () => {
    expect(toTransactionOutcome({ kind: 'failed', reason: 'timeout', maybeSent: true, detail: 'no complete answer within 10 ms' })).toMatchObject({
      kind: 'TransientError',
      reason: 'timeout',
      maybeProcessed: true,
    });
    expect(toTransactionOutcome({ kind: 'failed', reason: 'network', maybeSent: false, detail: 'ECONNREFUSED' })).toMatchObject({ reason: 'network', maybeProcessed: false });
  });

  it('treats an approval without any id as unusable', () => {
    expect(toTransactionOutcome(reply('{"success":true,"response_code":101}'))).toMatchObject({ kind: 'TransientError', reason: 'invalid_body', maybeProcessed: true });
  });
});

describe('Ok outcomes', () => {
  it.each([
    [EX.CUSTOMER_CREATED, 160],
    [EX.CUSTOMER_UPDATED, 161],
    [EX.LEVEL_THREE_ADDED, 170],
    [EX.RECEIPT_EMAILED, 149],
    [EX.EXPORT_BY_DATE_RANGE, 1],
  ] as const)('maps the success example %# with its response code', (example, code) => {
    const outcome = toOutcome(reply(example.body), (body) => Object.keys(body).length);
    expect(outcome).toMatchObject({ kind: 'Ok', responseCode: code, statusMessage: JSON.parse(example.body).status_message });
  });

  it('turns a reader failure into invalid_body', () => {
    const outcome = toOutcome(reply(EX.CUSTOMER_CREATED.body), () => {
      throw new Error('missing recurrence.id');
    });
    expect(outcome).toMatchObject({ kind: 'TransientError', reason: 'invalid_body', detail: 'HTTP 200: unexpected answer: missing recurrence.id' });
  });
});
