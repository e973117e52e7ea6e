/**
 * ACH checks: sales, holds (funded later), voids and refunds, answered with `check_transaction_id`.
 * Like cards: voids only before settlement, refunds only after. $0.29 is refused (code 125).
 */
import { orderColumns } from './card-payments.js';
import { ERROR, PayTraceError } from './errors.js';
import type { TransactionRecord } from './records.js';
import type { OrderFields } from './request-fields.js';
import { checkNotProcessedResponse, checkResponse } from './responses.js';
import { findTransaction, insertTransaction, takenBackCents, updateTransaction } from './transactions.store.js';
import type { Work } from './work.js';

export const CHECK_REFUSED_CENTS = 29;

export interface CheckSource {
  accountMasked: string;
  routingNumber: string;
  customerId: string;
}

export async function processCheck(work: Work, kind: 'sale' | 'hold', amountCents: number, source: CheckSource, order: OrderFields, fromIp: string) {
  const approved = amountCents !== CHECK_REFUSED_CENTS;
  const check = await insertTransaction(work, {
    method: 'check',
    kind,
    approved,
    amountCents,
    authorizedCents: amountCents,
    responseCode: approved ? 120 : 125,
    checkAccountMasked: source.accountMasked,
    checkRoutingNumber: source.routingNumber,
    customerId: source.customerId,
    ...orderColumns(order),
    fromIp,
  });
  work.events.push({ transaction_id: check.id, event: 'created', method: 'check' });
  return approved ? checkResponse(120, check.id) : checkNotProcessedResponse(check.id);
}

export async function fundHold(work: Work, id: number, amountCents: number | undefined) {
  const hold = await findTransaction(work, id, 'check');
  if (!hold || hold.kind !== 'hold' || !hold.approved || hold.voidedAt || hold.capturedAt) throw PayTraceError.of(ERROR.checkNotManageable);
  const amount = amountCents ?? hold.authorizedCents;
  if (amount > hold.authorizedCents) throw PayTraceError.of(ERROR.invalidAmount);
  await updateTransaction(work, id, { capturedAt: work.now, amountCents: amount });
  work.events.push({ transaction_id: id, event: 'captured', method: 'check' });
  return checkResponse(124, id);
}

export async function voidCheck(work: Work, id: number) {
  const check = await findTransaction(work, id, 'check');
  if (!check || !check.approved || check.voidedAt || check.settledAt) throw PayTraceError.of(ERROR.checkNotManageable);
  await updateTransaction(work, id, { voidedAt: work.now });
  work.events.push({ transaction_id: id, event: 'voided', method: 'check' });
  return checkResponse(124, id);
}

export async function refundCheck(work: Work, id: number, amountCents: number | undefined, fromIp: string) {
  const original = await findTransaction(work, id, 'check');
  if (!original || !isSettledPayment(original)) throw PayTraceError.of(ERROR.checkNotFound);
  const remaining = original.amountCents - (await takenBackCents(work, id, 'refund'));
  const amount = amountCents ?? remaining;
  if (amount <= 0 || amount > remaining) throw PayTraceError.of(ERROR.refundExceedsAmount);
  const refund = await insertTransaction(work, {
    method: 'check',
    kind: 'refund',
    approved: true,
    amountCents: amount,
    authorizedCents: amount,
    responseCode: 122,
    checkAccountMasked: original.checkAccountMasked,
    checkRoutingNumber: original.checkRoutingNumber,
    customerId: original.customerId,
    invoiceId: original.invoiceId,
    parentId: original.id,
    fromIp,
  });
  work.events.push({ transaction_id: refund.id, event: 'refunded', method: 'check', original_transaction_id: id });
  return checkResponse(122, refund.id);
}

function isSettledPayment(t: TransactionRecord): boolean {
  const funded = t.kind === 'sale' || (t.kind === 'hold' && t.capturedAt !== null);
  return funded && t.approved && !t.voidedAt && t.settledAt !== null;
}
