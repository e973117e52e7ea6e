/** The bodies PayTrace answers with, field for field and in PayTrace's order. */
import type { CustomerRecord, TransactionRecord } from './records.js';

export function cardTransactionResponse(t: TransactionRecord, statusMessage: string) {
  return {
    success: t.responseCode === 101,
    response_code: t.responseCode,
    status_message: statusMessage,
    transaction_id: t.id,
    approval_code: t.approvalCode,
    approval_message: t.approvalMessage,
    avs_response: t.avsResponse,
    csc_response: t.cscResponse,
    external_transaction_id: '',
    masked_card_number: t.maskedCardNumber ?? '',
  };
}

export function refundResponse(refund: TransactionRecord) {
  return {
    success: true,
    response_code: 106,
    status_message: 'Your transaction was successfully refunded.',
    transaction_id: refund.id,
    external_transaction_id: '',
    masked_card_number: refund.maskedCardNumber ?? '',
  };
}

export function voidResponse(transactionId: number) {
  return { success: true, response_code: 109, status_message: 'Your transaction was successfully voided.', transaction_id: transactionId };
}

export function captureResponse(transactionId: number) {
  return {
    success: true,
    response_code: 112,
    status_message: 'Your transaction was successfully captured.',
    transaction_id: transactionId,
    external_transaction_id: '',
  };
}

const CHECK_MESSAGES = {
  120: 'Your check was successfully processed.',
  122: 'Your check was successfully refunded.',
  124: 'Your check was successfully managed.',
} as const;

export function checkResponse(code: keyof typeof CHECK_MESSAGES, checkTransactionId: number) {
  return { success: true, response_code: code, status_message: CHECK_MESSAGES[code], check_transaction_id: checkTransactionId };
}

export function checkNotProcessedResponse(checkTransactionId: number) {
  return {
    success: false,
    response_code: 125,
    status_message: 'Your check was NOT successfully processed.',
    check_transaction_id: checkTransactionId,
    ach_code: 0,
    ach_message: '',
  };
}

const CUSTOMER_VERBS = { 160: 'created', 161: 'updated', 162: 'deleted' } as const;

export function customerResponse(code: keyof typeof CUSTOMER_VERBS, customer: CustomerRecord) {
  return {
    success: true,
    response_code: code,
    status_message: `The customer profile for ${customer.customerId}/${customer.billingAddress.name ?? ''} was successfully ${CUSTOMER_VERBS[code]}.`,
    customer_id: customer.customerId,
    masked_card_number: customer.maskedCardNumber ?? '',
  };
}
