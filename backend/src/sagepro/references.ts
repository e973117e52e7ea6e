/**
 * The Settle reference every Sage Pro write carries in arcash.refno (char(20)), by which the write is
 * found again and never repeated. It starts with 'PT' so that it cannot be mistaken for a check
 * number a Sage Pro user typed ('10452'), and it carries the PayTrace transaction id so a user can
 * find the payment in PayTrace. A refund is its own PayTrace transaction; a void and a chargeback act
 * on the original one, so they get a suffix that keeps them apart from the receipt.
 */
export type PayTraceEvent = 'payment' | 'refund' | 'void' | 'chargeback';

const SUFFIX: Record<PayTraceEvent, string> = { payment: '', refund: '', void: '-V', chargeback: '-CB' };

/** payTraceReference(123456789, 'void') → 'PT123456789-V'. */
export function payTraceReference(transactionId: number | string, event: PayTraceEvent = 'payment'): string {
  const id = String(transactionId).trim();
  if (!/^\d{1,15}$/.test(id)) throw new RangeError(`Not a PayTrace transaction id: ${JSON.stringify(transactionId)}`);
  return `PT${id}${SUFFIX[event]}`;
}
