import { describe, expect, it } from 'vitest';
import { paymentResult } from './payment-result.js';

const base = { responseCode: 101, statusMessage: 'Your transaction was successfully approved.', approvalCode: 'TAS610', avsResponse: '', cscResponse: '', maskedCardNumber: '', externalTransactionId: '' };

describe('payment result', () => {
  it('keeps the transaction id and the approval text of approvals and declines', () => {
    expect(paymentResult({ kind: 'Approved', transactionId: 77, approvalMessage: '  NO  MATCH - Approved and completed', ...base })).toMatchObject({ status: 'approved', transactionId: 77, approvalMessage: '  NO  MATCH - Approved and completed' });
    expect(paymentResult({ kind: 'Declined', transactionId: 78, approvalMessage: '  EXPIRED CARD - Expired card', autoVoided: false, ...base, responseCode: 102 })).toMatchObject({ status: 'declined', transactionId: 78 });
  });

  it('says whether a failed call may still have charged the customer', () => {
    const unsure = paymentResult({ kind: 'TransientError', reason: 'timeout', detail: 'no answer', maybeProcessed: true });
    expect(unsure.status).toBe('failed');
    expect(unsure.message).toContain('Do not retry blindly');
    expect(paymentResult({ kind: 'TransientError', reason: 'network', detail: 'refused', maybeProcessed: false }).message).toContain('nothing was charged');
  });

  it('lists every PayTrace validation error', () => {
    const result = paymentResult({ kind: 'ValidationError', httpStatus: 400, responseCode: 1, statusMessage: 'One or more errors has occurred.', errors: [{ code: 30, messages: ['Customer ID, x, was not found or is incomplete.'] }, { code: 41, messages: ['Please provide a valid amount.'] }] });
    expect(result).toMatchObject({ status: 'rejected' });
    expect(result.message).toBe('30: Customer ID, x, was not found or is incomplete.; 41: Please provide a valid amount.');
  });
});
