/**
 * The fuzzy pass: receipts a clerk keyed by hand (no Settle reference) against approved sales of the
 * same currency and amount within a few days. Sales are bucketed by currency and amount and sorted
 * by date, so each receipt looks at a window of its bucket (binary search), never at every sale.
 * Preference, in order: the sale names the receipt's invoice; the sale has no receipt yet (the clerk
 * keyed what Settle did not write); the closest date; the lower transaction id. A sale is claimed by
 * one receipt at most; receipts are taken in date order, then by line id, so the result does not
 * depend on the order they were read in.
 */
import { dayNumber } from './days.js';
import type { PayTraceTransaction, SageReceiptLine } from './records.js';

/** Days either side of the sale's date a hand-keyed receipt may be dated. */
export const HAND_KEYED_WINDOW_DAYS = 3;

export interface HandKeyedMatch {
  line: SageReceiptLine;
  sale: PayTraceTransaction;
}

const bucketOf = (currency: string, amountMinor: number) => `${currency}:${amountMinor}`;

interface Candidate {
  sale: PayTraceTransaction;
  day: number;
  hasReceipt: boolean;
}

/** Index of the first candidate dated on or after `day`. */
function firstFrom(candidates: readonly Candidate[], day: number): number {
  let low = 0;
  let high = candidates.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (candidates[middle].day < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

const better = (a: Candidate, b: Candidate, line: SageReceiptLine, day: number): boolean => {
  const named = (c: Candidate) => (c.sale.invoiceNumber !== undefined && c.sale.invoiceNumber === line.invno ? 1 : 0);
  if (named(a) !== named(b)) return named(a) > named(b);
  if (a.hasReceipt !== b.hasReceipt) return !a.hasReceipt;
  const distance = (c: Candidate) => Math.abs(c.day - day);
  if (distance(a) !== distance(b)) return distance(a) < distance(b);
  return compareIds(a.sale.transactionId, b.sale.transactionId) < 0;
};

/** Numeric ids compare as numbers (PayTrace's are), anything else as text. */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length && /^\d+$/.test(a) && /^\d+$/.test(b) ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Pairs hand-keyed receipts with the sales they record. `hasReceipt(sale)`: whether Settle's keyed
 * pass found its receipt (then a hand-keyed copy is a duplicate). Unpaired receipts are returned too.
 */
export function matchHandKeyed(
  lines: readonly SageReceiptLine[],
  sales: readonly PayTraceTransaction[],
  hasReceipt: (sale: PayTraceTransaction) => boolean,
): { matches: HandKeyedMatch[]; unmatched: SageReceiptLine[] } {
  const buckets = new Map<string, Candidate[]>();
  for (const sale of sales) {
    if (!sale.approved || sale.kind !== 'sale') continue;
    const amount = sale.booked ?? { amountMinor: sale.amountMinor, currency: sale.currency };
    const key = bucketOf(amount.currency, amount.amountMinor);
    const bucket = buckets.get(key) ?? [];
    bucket.push({ sale, day: dayNumber(sale.date), hasReceipt: hasReceipt(sale) });
    buckets.set(key, bucket);
  }
  for (const bucket of buckets.values()) bucket.sort((a, b) => a.day - b.day || compareIds(a.sale.transactionId, b.sale.transactionId));

  const claimed = new Set<PayTraceTransaction>();
  const matches: HandKeyedMatch[] = [];
  const unmatched: SageReceiptLine[] = [];
  const ordered = [...lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.id, b.id)));
  for (const line of ordered) {
    const bucket = buckets.get(bucketOf(line.currency, line.amountMinor)) ?? [];
    const day = dayNumber(line.date);
    let best: Candidate | undefined;
    for (let i = firstFrom(bucket, day - HAND_KEYED_WINDOW_DAYS); i < bucket.length && bucket[i].day <= day + HAND_KEYED_WINDOW_DAYS; i++) {
      const candidate = bucket[i];
      if (!claimed.has(candidate.sale) && (!best || better(candidate, best, line, day))) best = candidate;
    }
    if (!best) {
      unmatched.push(line);
      continue;
    }
    claimed.add(best.sale);
    matches.push({ line, sale: best.sale });
  }
  return { matches, unmatched };
}
