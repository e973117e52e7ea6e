/**
 * One PayTrace transaction against the Sage Pro lines that carry its Settle references (the keyed
 * pass: an exact join on the reference, whoever reads the lines). What each kind of transaction must
 * leave in Sage Pro, by Settle's references (sagepro/references.ts):
 * - an approved sale (or capture): `PT<id>` lines coming to its amount;
 * - a refund (its own transaction): `PT<id>` lines coming to minus its amount;
 * - a voided sale or refund: nothing, or its receipt `PT<id>` and the void `PT<id>-V` cancelling it;
 * - a chargeback (its own transaction): `PT<id>-CB` lines coming to minus its amount;
 * - a declined sale or an uncaptured authorization: nothing.
 * In another currency than the invoice's, the lines come to what Settle booked (`booked`).
 */
import { moneyText } from '../../platform/money/currencies.js';
import { payTraceReference } from '../../sagepro/references.js';
import type { Category, Fix, PayTraceTransaction, ReconciliationItem, SageReceiptLine } from './records.js';

const receiptReference = (transactionId: string) => payTraceReference(transactionId);
const voidReference = (transactionId: string) => payTraceReference(transactionId, 'void');
const chargebackReference = (transactionId: string) => payTraceReference(transactionId, 'chargeback');

/** The Settle references a transaction may have lines under (the keyed pass claims them). */
export function referencesOf(t: PayTraceTransaction): string[] {
  if (t.kind === 'void') return [receiptReference(t.transactionId), voidReference(t.transactionId)];
  if (t.kind === 'chargeback') return [chargebackReference(t.transactionId)];
  return [receiptReference(t.transactionId)];
}

type LinesOf = (reference: string) => readonly SageReceiptLine[];

const sum = (lines: readonly SageReceiptLine[]) => lines.reduce((total, line) => total + line.amountMinor, 0);
const ids = (lines: readonly SageReceiptLine[]) => lines.map((line) => line.id);

/** The money the transaction moved, signed: a sale in, a refund or chargeback out, a void or decline nothing. */
export function movedMinor(t: PayTraceTransaction): number {
  if (!t.approved || t.kind === 'void' || t.kind === 'authorization') return 0;
  return t.kind === 'sale' ? t.amountMinor : -t.amountMinor;
}

/** What the lines must come to, in the currency Settle booked them in. */
function booked(t: PayTraceTransaction): { amountMinor: number; currency: string } {
  return t.booked ?? { amountMinor: t.amountMinor, currency: t.currency };
}

function item(t: PayTraceTransaction, category: Category, sentence: string, lines: readonly SageReceiptLine[], extra: Partial<ReconciliationItem> = {}): ReconciliationItem {
  return {
    category,
    sentence,
    transactionId: t.transactionId,
    reference: referencesOf(t)[0],
    paytraceMinor: movedMinor(t),
    ...(lines.length ? { sageMinor: sum(lines) } : {}),
    currency: t.currency,
    records: { paytrace: [t.transactionId], sage: ids(lines) },
    ...extra,
  };
}

/** Lines under one reference against the signed amount they must come to. */
function compare(t: PayTraceTransaction, lines: readonly SageReceiptLine[], sign: 1 | -1, what: string): ReconciliationItem {
  const want = booked(t);
  const expected = sign * want.amountMinor;
  const got = sum(lines);
  const inOther = lines.find((line) => line.currency !== want.currency);
  if (inOther) {
    return item(t, 'amount_mismatch', `${what} ${t.transactionId} is ${moneyText(expected, want.currency)}; Sage Pro recorded it in ${inOther.currency} (${inOther.id}) and Settle booked no rate for that.`, lines);
  }
  if (got === expected) {
    const pending = t.kind === 'sale' && !t.settled;
    return pending
      ? item(t, 'pending_settlement', `${what} ${t.transactionId} (${moneyText(expected, want.currency)}) is in Sage Pro; PayTrace has not settled it yet.`, lines)
      : item(t, 'matched', `${what} ${t.transactionId}: ${moneyText(expected, want.currency)} in PayTrace and in Sage Pro.`, lines);
  }
  const times = expected !== 0 && got % expected === 0 ? got / expected : 0;
  if (lines.length > 1 && times >= 2) {
    return item(t, 'duplicate_receipt', `${what} ${t.transactionId} is in Sage Pro ${times} times (${ids(lines).join(', ')}): ${moneyText(got, want.currency)} for ${moneyText(expected, want.currency)}.`, lines, { fix: 'propose_reversal' });
  }
  return item(t, 'amount_mismatch', `${what} ${t.transactionId} is ${moneyText(expected, want.currency)} in PayTrace but ${moneyText(got, want.currency)} in Sage Pro (${ids(lines).join(', ')}): ${moneyText(got - expected, want.currency)} apart.`, lines);
}

function missing(t: PayTraceTransaction, category: Category, sentence: string, fix: Fix): ReconciliationItem {
  return item(t, category, sentence, [], { fix });
}

/** The keyed verdict on one transaction, from the lines under its references. */
export function classifyTransaction(t: PayTraceTransaction, linesOf: LinesOf): ReconciliationItem {
  const id = t.transactionId;
  const amount = moneyText(t.amountMinor, t.currency);
  if (!t.approved || t.kind === 'authorization') {
    const lines = linesOf(receiptReference(id));
    const what = t.kind === 'authorization' ? 'an authorization never captured' : 'declined';
    if (!lines.length) return item(t, 'matched', `Transaction ${id} was ${what} in PayTrace; nothing in Sage Pro, as it should be.`, []);
    return item(t, 'not_in_paytrace', `Transaction ${id} was ${what} in PayTrace (no money moved), yet Sage Pro has ${moneyText(sum(lines), lines[0].currency)} for it (${ids(lines).join(', ')}).`, lines, { fix: 'propose_reversal' });
  }
  switch (t.kind) {
    case 'sale': {
      const lines = linesOf(receiptReference(id));
      if (!lines.length) return missing(t, 'missing_in_sage', `Sale ${id} (${amount}) was approved in PayTrace on ${t.date}; Sage Pro has no receipt for it.`, 'feed_pipeline');
      return compare(t, lines, 1, 'Sale');
    }
    case 'refund': {
      const lines = linesOf(receiptReference(id));
      if (!lines.length) return missing(t, 'reversal_still_standing', `Refund ${id} (${amount}) was made in PayTrace on ${t.date}; in Sage Pro the receipt it refunds still stands in full.`, 'propose_reversal');
      return compare(t, lines, -1, 'Refund');
    }
    case 'chargeback': {
      const lines = linesOf(chargebackReference(id));
      if (!lines.length) return missing(t, 'reversal_still_standing', `Chargeback ${id} (${amount}) took the money back on ${t.date}; in Sage Pro the receipt still stands in full.`, 'propose_reversal');
      return compare(t, lines, -1, 'Chargeback');
    }
    case 'void':
      return classifyVoid(t, linesOf);
  }
}

/**
 * A void leaves nothing, or the voided receipt and the void cancelling each other. The export's VOID
 * row no longer says what it voided: a sale's receipt is plus its amount, a refund's minus, so either
 * sign is the receipt's as long as the void takes it back whole.
 */
function classifyVoid(t: PayTraceTransaction, linesOf: LinesOf): ReconciliationItem {
  const id = t.transactionId;
  const receipt = linesOf(receiptReference(id));
  const reversal = linesOf(voidReference(id));
  const lines = [...receipt, ...reversal];
  const want = booked(t);
  const whole = Math.abs(sum(receipt)) === want.amountMinor;
  if (!lines.length) return item(t, 'matched', `Transaction ${id} was voided in PayTrace before Sage Pro recorded it; nothing in Sage Pro.`, []);
  if (receipt.length && !reversal.length && whole) {
    return item(t, 'reversal_still_standing', `Transaction ${id} (${moneyText(want.amountMinor, want.currency)}) was voided in PayTrace; what Sage Pro recorded for it still stands (${ids(receipt).join(', ')}).`, lines, { fix: 'propose_reversal' });
  }
  if (whole && sum(lines) === 0) return item(t, 'matched', `Transaction ${id} was voided: what Sage Pro recorded and the void cancel each other.`, lines);
  return item(t, 'amount_mismatch', `Transaction ${id} (${moneyText(want.amountMinor, want.currency)}) was voided in PayTrace, so Sage Pro should come to nothing for it; it comes to ${moneyText(sum(lines), want.currency)} (${ids(lines).join(', ')}).`, lines);
}
