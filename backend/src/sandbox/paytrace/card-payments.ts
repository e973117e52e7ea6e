/** Card sales, authorizations, captures, voids, refunds and receipts: PayTrace's card transaction rules. */
import { randomInt } from 'node:crypto';
import { decideCardOutcome } from './card-outcomes.js';
import { type CardOnFile, isExpired } from './cards.js';
import { ERROR, PayTraceError } from './errors.js';
import type { TransactionRecord } from './records.js';
import type { Address, OrderFields } from './request-fields.js';
import { localDate } from './time.js';
import { findTransaction, insertTransaction, takenBackCents, updateTransaction } from './transactions.store.js';
import type { Work } from './work.js';

/** Where the card of a charge comes from: keyed, a vault customer, or a Protect.js token. */
export interface CardSource {
  card: CardOnFile;
  cscProvided: boolean;
  customerId: string;
  /** A vault customer's address, used when the request gives none. */
  billingAddress?: Address;
}

export interface Charge {
  kind: 'sale' | 'authorization';
  amountCents: number;
  source: CardSource;
  order: OrderFields;
  fromIp: string;
  createdThrough?: string;
  recurrenceId?: number;
  /** When it happens; defaults to now (recurring payments run at their scheduled time). */
  at?: Date;
}

export function approvalCode(): string {
  return `TAS${String(randomInt(1000)).padStart(3, '0')}`;
}

/** Runs a sale or authorization through the (emulated) processor and records it, approved or not. */
export async function chargeCard(work: Work, charge: Charge): Promise<{ transaction: TransactionRecord; statusMessage: string }> {
  const { card, cscProvided, customerId } = charge.source;
  const at = charge.at ?? work.now;
  const billing = Object.keys(charge.order.billingAddress).length ? charge.order.billingAddress : (charge.source.billingAddress ?? {});
  const [year, month] = localDate(at, work.merchant.timeZone).split('-').map(Number);
  const outcome = decideCardOutcome(
    { amountCents: charge.amountCents, cscProvided, billing, expired: isExpired(card, { year, month }) },
    approvalCode(),
  );
  const transaction = await insertTransaction(work, {
    method: 'card',
    kind: charge.kind,
    approved: outcome.approved,
    amountCents: charge.amountCents,
    authorizedCents: charge.amountCents,
    responseCode: outcome.responseCode,
    approvalCode: outcome.approvalCode,
    approvalMessage: outcome.approvalMessage,
    avsResponse: outcome.avsResponse,
    cscResponse: outcome.cscResponse,
    ...cardColumns(card),
    customerId,
    ...orderColumns(charge.order),
    billingAddress: billing,
    fromIp: charge.fromIp,
    createdThrough: charge.createdThrough,
    recurrenceId: charge.recurrenceId,
    createdAt: at,
    voidedAt: outcome.autoVoided ? at : null,
  });
  work.events.push({ transaction_id: transaction.id, event: 'created', method: 'card' });
  return { transaction, statusMessage: outcome.statusMessage };
}

/** Captures an approved, uncaptured authorization, for its full amount or less. */
export async function captureAuthorization(work: Work, id: number, amountCents: number | undefined): Promise<TransactionRecord> {
  const t = await existingCardTransaction(work, id);
  if (t.kind !== 'authorization' || !t.approved || t.voidedAt || t.capturedAt) throw PayTraceError.of(ERROR.notCapturable);
  const amount = amountCents ?? t.authorizedCents;
  if (amount === 0) throw PayTraceError.of(ERROR.invalidAmount);
  if (amount > t.authorizedCents) throw PayTraceError.of(ERROR.captureExceedsAmount);
  const captured = await updateTransaction(work, id, { capturedAt: work.now, amountCents: amount });
  work.events.push({ transaction_id: id, event: 'captured', method: 'card' });
  return captured;
}

/** Voids anything approved that has not settled yet (sales, authorizations, captures, refunds). */
export async function voidCardTransaction(work: Work, id: number): Promise<TransactionRecord> {
  const t = await existingCardTransaction(work, id);
  if (!t.approved || t.voidedAt || t.settledAt || t.kind === 'chargeback') throw PayTraceError.of(ERROR.notVoidable);
  const voided = await updateTransaction(work, id, { voidedAt: work.now });
  work.events.push({ transaction_id: id, event: 'voided', method: 'card' });
  return voided;
}

/** Refunds a settled sale or capture, in full or in part; the refund is a new transaction. */
export async function refundTransaction(work: Work, id: number, amountCents: number | undefined, fromIp: string): Promise<TransactionRecord> {
  const original = await existingCardTransaction(work, id);
  const refundable = original.kind === 'sale' || (original.kind === 'authorization' && original.capturedAt);
  if (!refundable || !original.approved || original.voidedAt || !original.settledAt) throw PayTraceError.of(ERROR.notRefundable);
  const taken = (await takenBackCents(work, id, 'refund')) + (await takenBackCents(work, id, 'chargeback'));
  const remaining = original.amountCents - taken;
  const amount = amountCents ?? remaining;
  if (amount <= 0 || amount > remaining) throw PayTraceError.of(ERROR.refundExceedsAmount);
  const refund = await insertRefund(work, amount, fromIp, {
    ...pickCard(original),
    customerId: original.customerId,
    invoiceId: original.invoiceId,
    description: original.description,
    customerReferenceId: original.customerReferenceId,
    billingAddress: original.billingAddress,
    shippingAddress: original.shippingAddress,
    parentId: original.id,
  });
  work.events.push({ transaction_id: refund.id, event: 'refunded', method: 'card', original_transaction_id: original.id });
  return refund;
}

/** A refund with no original transaction: to a vault customer's card or to a keyed card. */
export async function refundToCard(work: Work, amountCents: number, source: CardSource, order: OrderFields, fromIp: string) {
  const fields = { ...cardColumns(source.card), customerId: source.customerId, ...orderColumns(order) };
  const refund = await insertRefund(work, amountCents, fromIp, fields);
  work.events.push({ transaction_id: refund.id, event: 'refunded', method: 'card' });
  return refund;
}

export async function emailReceipt(work: Work, id: number, email: string): Promise<void> {
  await existingCardTransaction(work, id);
  await updateTransaction(work, id, { receiptEmailedTo: email });
}

export async function existingCardTransaction(work: Work, id: number): Promise<TransactionRecord> {
  const t = await findTransaction(work, id, 'card');
  if (!t) throw PayTraceError.of(ERROR.transactionNotFound);
  return t;
}

async function insertRefund(work: Work, amountCents: number, fromIp: string, fields: Partial<TransactionRecord>): Promise<TransactionRecord> {
  const code = approvalCode();
  return insertTransaction(work, {
    ...fields,
    method: 'card',
    kind: 'refund',
    approved: true,
    amountCents,
    authorizedCents: amountCents,
    responseCode: 106,
    approvalCode: code,
    approvalMessage: `APPROVAL ${code}  - Approved and completed`,
    fromIp,
  });
}

export function cardColumns(card: CardOnFile): Partial<TransactionRecord> {
  return { cardBrand: card.brand, maskedCardNumber: card.maskedNumber, expirationMonth: card.expirationMonth, expirationYear: card.expirationYear };
}

function pickCard(t: TransactionRecord): Partial<TransactionRecord> {
  return { cardBrand: t.cardBrand, maskedCardNumber: t.maskedCardNumber, expirationMonth: t.expirationMonth, expirationYear: t.expirationYear };
}

export function orderColumns(order: OrderFields): Partial<TransactionRecord> {
  return {
    invoiceId: order.invoiceId,
    description: order.description,
    customerReferenceId: order.customerReferenceId,
    taxAmountCents: order.taxAmountCents,
    receiptEmailedTo: order.email,
    billingAddress: order.billingAddress,
    shippingAddress: order.shippingAddress,
  };
}
