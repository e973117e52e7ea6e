import { describe, expect, it } from 'vitest';
import type { TransactionRecord } from './records.js';
import { cardTransactionResponse, checkNotProcessedResponse, refundResponse } from './responses.js';

const approved = {
  id: 392483066,
  responseCode: 101,
  approvalCode: 'TAS610',
  approvalMessage: '  NO  MATCH - Approved and completed',
  avsResponse: 'No Match',
  cscResponse: '',
  maskedCardNumber: 'xxxxxxxxxxxx5439',
} as TransactionRecord;

describe('responses', () => {
  it('serialises an approval byte for byte like PayTrace', () => {
    expect(JSON.stringify(cardTransactionResponse(approved, 'Your transaction was successfully approved.'))).toBe(
      '{"success":true,"response_code":101,"status_message":"Your transaction was successfully approved.","transaction_id":392483066,' +
        '"approval_code":"TAS610","approval_message":"  NO  MATCH - Approved and completed","avs_response":"No Match","csc_response":"",' +
        '"external_transaction_id":"","masked_card_number":"xxxxxxxxxxxx5439"}',
    );
  });

  it('marks declines and auto-voids as unsuccessful', () => {
    expect(cardTransactionResponse({ ...approved, responseCode: 102 }, 'Your transaction was not approved.').success).toBe(false);
    expect(cardTransactionResponse({ ...approved, responseCode: 103 }, '…').success).toBe(false);
  });

  it('answers refunds and failed checks in their own shapes', () => {
    expect(refundResponse({ ...approved, id: 105968559 })).toEqual({
      success: true,
      response_code: 106,
      status_message: 'Your transaction was successfully refunded.',
      transaction_id: 105968559,
      external_transaction_id: '',
      masked_card_number: 'xxxxxxxxxxxx5439',
    });
    expect(checkNotProcessedResponse(981610)).toEqual({
      success: false,
      response_code: 125,
      status_message: 'Your check was NOT successfully processed.',
      check_transaction_id: 981610,
      ach_code: 0,
      ach_message: '',
    });
  });
});
