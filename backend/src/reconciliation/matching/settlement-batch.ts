/**
 * A PayTrace settlement batch against Sage Pro, per card brand: what the batch moved (sales − refunds
 * − chargebacks, from its transactions), what PayTrace's own batch totals say, what Sage Pro recorded
 * for those transactions, and whether a bank deposit recorded the batch's net (until one does, the
 * net is money in transit). A batch balances when its transactions add up to PayTrace's totals,
 * Sage Pro recorded every cent of them, and nothing in it waits for a person.
 */
import { moneyText } from '../../platform/money/currencies.js';
import { movedMinor } from './classify-transaction.js';
import { daysBetween } from './days.js';
import { compareIds } from './hand-keyed.js';
import { DIFFERENCES, type PayTraceTransaction, type ReconciliationItem } from './records.js';

export interface SettlementBatch {
  batchNumber: string;
  /** The tenant's calendar day it settled. */
  date: string;
  currency: string;
  /** PayTrace's own net of the batch (sales − refunds). */
  netMinor: number;
}

/** A deposit or bank entry in the books that may record a batch's net. */
export interface Deposit {
  id: string;
  date: string;
  amountMinor: number;
  currency: string;
}

export interface BrandLine {
  brand: string;
  salesMinor: number;
  refundsMinor: number;
  chargebacksMinor: number;
  /** sales − refunds − chargebacks */
  netMinor: number;
  recordedMinor: number;
  differenceMinor: number;
}

export interface BatchStatement {
  batchNumber: string;
  date: string;
  currency: string;
  brands: BrandLine[];
  netMinor: number;
  /** PayTrace's own total of the batch; its transactions must add up to it. */
  paytraceNetMinor: number;
  recordedMinor: number;
  differenceMinor: number;
  /** The net, while no deposit records it. */
  inTransitMinor: number;
  depositId?: string;
  /** The batch's items a person must look at. */
  unexplained: number;
  balanced: boolean;
  sentence: string;
}

/** Days after the batch a deposit of its net may be dated (card money lands in one to three business days). */
export const DEPOSIT_WINDOW_DAYS = 5;

const UNKNOWN_BRAND = 'OTHER';

/** What Sage Pro holds for a transaction: nothing when it is missing or only explained away. */
const recordedFor = (item: ReconciliationItem | undefined) => (item && item.category !== 'explained' ? item.sageMinor ?? 0 : 0);

export function batchStatement(batch: SettlementBatch, transactions: readonly PayTraceTransaction[], items: ReadonlyMap<string, ReconciliationItem>, deposits: readonly Deposit[] = []): BatchStatement {
  const brands = new Map<string, BrandLine>();
  let unexplained = 0;
  for (const t of transactions) {
    const brand = t.cardBrand ?? UNKNOWN_BRAND;
    const line = brands.get(brand) ?? { brand, salesMinor: 0, refundsMinor: 0, chargebacksMinor: 0, netMinor: 0, recordedMinor: 0, differenceMinor: 0 };
    const moved = movedMinor(t);
    if (t.kind === 'sale') line.salesMinor += moved;
    if (t.kind === 'refund') line.refundsMinor -= moved;
    if (t.kind === 'chargeback') line.chargebacksMinor -= moved;
    line.netMinor += moved;
    const item = items.get(t.transactionId);
    line.recordedMinor += recordedFor(item);
    line.differenceMinor = line.recordedMinor - line.netMinor;
    if (item && DIFFERENCES.includes(item.category)) unexplained += 1;
    brands.set(brand, line);
  }
  const lines = [...brands.values()].sort((a, b) => compareIds(a.brand, b.brand));
  const netMinor = lines.reduce((sum, line) => sum + line.netMinor, 0);
  const recordedMinor = lines.reduce((sum, line) => sum + line.recordedMinor, 0);
  const deposit = depositOf(batch, netMinor, deposits);
  const balanced = netMinor === batch.netMinor && recordedMinor === netMinor && unexplained === 0;
  return {
    batchNumber: batch.batchNumber,
    date: batch.date,
    currency: batch.currency,
    brands: lines,
    netMinor,
    paytraceNetMinor: batch.netMinor,
    recordedMinor,
    differenceMinor: recordedMinor - netMinor,
    inTransitMinor: deposit ? 0 : netMinor,
    ...(deposit ? { depositId: deposit.id } : {}),
    unexplained,
    balanced,
    sentence: sentenceOf(batch, netMinor, recordedMinor, unexplained, deposit),
  };
}


/** The first deposit of exactly the net, dated on the batch's day or within the window after it. */
function depositOf(batch: SettlementBatch, netMinor: number, deposits: readonly Deposit[]): Deposit | undefined {
  return deposits
    .filter((d) => d.currency === batch.currency && d.amountMinor === netMinor && daysBetween(batch.date, d.date) >= 0 && daysBetween(batch.date, d.date) <= DEPOSIT_WINDOW_DAYS)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.id, b.id)))[0];
}

function sentenceOf(batch: SettlementBatch, netMinor: number, recordedMinor: number, unexplained: number, deposit: Deposit | undefined): string {
  const money = (minor: number) => moneyText(minor, batch.currency);
  const parts = [`Batch ${batch.batchNumber} (${batch.date}) moved ${money(netMinor)}`];
  if (netMinor !== batch.netMinor) parts.push(`though PayTrace's batch total says ${money(batch.netMinor)}`);
  parts.push(recordedMinor === netMinor ? 'Sage Pro recorded all of it' : `Sage Pro recorded ${money(recordedMinor)} (${money(recordedMinor - netMinor)} apart)`);
  if (unexplained) parts.push(`${unexplained} of its transactions ${unexplained > 1 ? 'need' : 'needs'} a look`);
  parts.push(deposit ? `deposited on ${deposit.date} (${deposit.id})` : 'in transit: no deposit records it yet');
  return `${parts.join('; ')}.`;
}
