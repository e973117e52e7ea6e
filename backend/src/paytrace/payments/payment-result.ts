import type { TransactionOutcome } from '../client/outcome.js';

export type PaymentStatus = 'approved' | 'declined' | 'rejected' | 'failed';

export interface PaymentResult {
  status: PaymentStatus;
  transactionId: number | null;
  approvalMessage: string | null;
  message: string;
}

/** What an operator (or the pipeline) needs to know of a charge Settle made. */
export function paymentResult(outcome: TransactionOutcome): PaymentResult {
  switch (outcome.kind) {
    case 'Approved':
      return { status: 'approved', transactionId: outcome.transactionId ?? null, approvalMessage: outcome.approvalMessage, message: outcome.statusMessage };
    case 'Declined':
      return { status: 'declined', transactionId: outcome.transactionId ?? null, approvalMessage: outcome.approvalMessage, message: outcome.statusMessage };
    case 'ValidationError':
      return { status: 'rejected', transactionId: null, approvalMessage: null, message: outcome.errors.map((e) => `${e.code}: ${e.messages.join(' ')}`).join('; ') };
    case 'AuthError':
      return { status: 'failed', transactionId: null, approvalMessage: null, message: `PayTrace refused the credentials (${outcome.code})` };
    case 'TransientError':
      return {
        status: 'failed',
        transactionId: null,
        approvalMessage: null,
        message: outcome.maybeProcessed
          ? `No clear answer from PayTrace (${outcome.detail}); the change feed will show whether it went through. Do not retry blindly.`
          : `PayTrace was not reached (${outcome.detail}); nothing was charged.`,
      };
  }
}
