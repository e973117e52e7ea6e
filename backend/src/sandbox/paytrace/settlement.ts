/**
 * Settlement and chargebacks. Settling puts every approved, unvoided, unsettled sale, capture and
 * refund of the merchant into a new batch (uncaptured authorizations wait for their capture); checks
 * settle at the same time but belong to no card batch. A chargeback is a new, already-settled
 * transaction that belongs to no batch (the processor takes it out of the merchant's funding).
 */
import type { TransactionRecord } from './records.js';
import { findTransaction, insertTransaction, takenBackCents } from './transactions.store.js';
import type { Work } from './work.js';

export async function settleMerchant(work: Work): Promise<{ batchNumber: number | null; transactionIds: number[] }> {
  const { db, merchant, now } = work;
  const settleable = `merchant_id = $1 AND settled_at IS NULL AND voided_at IS NULL AND approved
    AND (kind IN ('sale', 'refund') OR (kind IN ('authorization', 'hold') AND captured_at IS NOT NULL))`;
  const checks = await db.query(`UPDATE paytrace_sandbox.transactions SET settled_at = $2 WHERE ${settleable} AND method = 'check' RETURNING id`, [
    merchant.id,
    now,
  ]);
  const cards = await db.query(`SELECT id FROM paytrace_sandbox.transactions WHERE ${settleable} AND method = 'card' ORDER BY id`, [merchant.id]);
  let batchNumber: number | null = null;
  if (cards.rowCount) {
    const { rows } = await db.query(
      `INSERT INTO paytrace_sandbox.batches (merchant_id, batch_number, settled_at)
       SELECT $1, coalesce(max(batch_number), 0) + 1, $2 FROM paytrace_sandbox.batches WHERE merchant_id = $1
       RETURNING batch_number`,
      [merchant.id, now],
    );
    batchNumber = rows[0].batch_number as number;
    await db.query(`UPDATE paytrace_sandbox.transactions SET settled_at = $2, batch_number = $3 WHERE ${settleable} AND method = 'card'`, [
      merchant.id,
      now,
      batchNumber,
    ]);
  }
  for (const { id } of cards.rows) work.events.push({ transaction_id: Number(id), event: 'settled', method: 'card', batch_number: batchNumber! });
  for (const { id } of checks.rows) work.events.push({ transaction_id: Number(id), event: 'settled', method: 'check' });
  return { batchNumber, transactionIds: [...cards.rows, ...checks.rows].map((row) => Number(row.id)) };
}

export class ChargebackRefused extends Error {}

/** Disputes only reach settled card sales and captures, for at most what is left of them. */
export interface Dispute {
  transactionId: number;
  /** The whole remaining amount when absent. */
  amountCents?: number;
  reason: string;
}

export async function createChargeback(work: Work, input: Dispute): Promise<TransactionRecord> {
  const original = await findTransaction(work, input.transactionId, 'card');
  if (!original) throw new ChargebackRefused(`Transaction ${input.transactionId} was not found for this merchant.`);
  const disputable = original.kind === 'sale' || (original.kind === 'authorization' && original.capturedAt);
  if (!disputable || !original.approved || original.voidedAt || !original.settledAt) {
    throw new ChargebackRefused(`Transaction ${original.id} is not a settled sale or capture.`);
  }
  const taken = (await takenBackCents(work, original.id, 'chargeback')) + (await takenBackCents(work, original.id, 'refund'));
  const remaining = original.amountCents - taken;
  const amount = input.amountCents ?? remaining;
  if (amount <= 0 || amount > remaining) throw new ChargebackRefused(`At most ${remaining} cents of transaction ${original.id} can be charged back.`);
  const chargeback = await insertTransaction(work, {
    method: 'card',
    kind: 'chargeback',
    approved: true,
    amountCents: amount,
    authorizedCents: amount,
    responseCode: 0,
    approvalCode: '',
    approvalMessage: '',
    cardBrand: original.cardBrand,
    maskedCardNumber: original.maskedCardNumber,
    expirationMonth: original.expirationMonth,
    expirationYear: original.expirationYear,
    customerId: original.customerId,
    invoiceId: original.invoiceId,
    description: original.description,
    customerReferenceId: original.customerReferenceId,
    billingAddress: original.billingAddress,
    shippingAddress: original.shippingAddress,
    createdThrough: 'Processor',
    createdBy: 'processor',
    settledAt: work.now,
    parentId: original.id,
    chargebackReason: input.reason,
  });
  work.events.push({ transaction_id: chargeback.id, event: 'charged_back', method: 'card', original_transaction_id: original.id });
  return chargeback;
}
