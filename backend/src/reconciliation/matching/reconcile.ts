/**
 * A reconciliation of one range: every PayTrace transaction classified against Sage Pro's lines
 * (keyed pass on Settle's references, then the hand-keyed pass), every Sage Pro line with a Settle
 * reference PayTrace does not know, every hand-keyed card receipt nothing explains, and the
 * explanations people gave in review applied last. Lines are hashed by reference once: one pass over
 * each side, no N×M loop. The result is sorted, so the same inputs in any order give the same report.
 */
import { moneyText } from '../../platform/money/currencies.js';
import { isPayTraceReference } from '../../sagepro/references.js';
import { classifyTransaction, referencesOf } from './classify-transaction.js';
import { compareIds, matchHandKeyed } from './hand-keyed.js';
import { type Category, DIFFERENCES, type Explanation, type PayTraceTransaction, type ReconciliationItem, type SageReceiptLine } from './records.js';

export interface ReconciliationInput {
  transactions: readonly PayTraceTransaction[];
  lines: readonly SageReceiptLine[];
  explanations?: readonly Explanation[];
}

export function reconcile({ transactions, lines, explanations = [] }: ReconciliationInput): ReconciliationItem[] {
  const byReference = new Map<string, SageReceiptLine[]>();
  const handKeyed: SageReceiptLine[] = [];
  for (const line of lines) {
    const reference = line.reference.trim();
    if (!isPayTraceReference(reference)) {
      if (line.handKeyed) handKeyed.push(line);
      continue;
    }
    const group = byReference.get(reference);
    if (group) group.push(line);
    else byReference.set(reference, [line]);
  }
  for (const group of byReference.values()) group.sort((a, b) => compareIds(a.id, b.id));
  const linesOf = (reference: string) => byReference.get(reference) ?? [];

  const verdicts = new Map<PayTraceTransaction, ReconciliationItem>();
  const claimed = new Set<string>();
  for (const t of transactions) {
    verdicts.set(t, classifyTransaction(t, linesOf));
    for (const reference of referencesOf(t)) claimed.add(reference);
  }

  const hasReceipt = (sale: PayTraceTransaction) => verdicts.get(sale)!.category !== 'missing_in_sage';
  const { matches, unmatched } = matchHandKeyed(handKeyed, transactions, hasReceipt);
  const items: ReconciliationItem[] = [];
  for (const { line, sale } of matches) {
    const verdict = verdicts.get(sale)!;
    if (verdict.category === 'missing_in_sage') verdicts.set(sale, keyedByHand(sale, line));
    else items.push(duplicateByHand(sale, line, verdict));
  }
  for (const line of unmatched) items.push(unexplainedHandKeyed(line));
  for (const [reference, strays] of byReference) if (!claimed.has(reference)) items.push(unknownReference(reference, strays));

  const explained = new Map(explanations.map((e) => [e.transactionId, e.sentence]));
  for (const verdict of verdicts.values()) items.push(explain(verdict, explained));
  return items.sort(byRecords);
}

function keyedByHand(sale: PayTraceTransaction, line: SageReceiptLine): ReconciliationItem {
  const keyed = line.reference.trim() ? `reference '${line.reference.trim()}'` : 'no reference';
  return {
    category: 'matched',
    sentence: `Sale ${sale.transactionId} (${moneyText(line.amountMinor, line.currency)}) was keyed by hand in Sage Pro (${line.id}, ${keyed}, invoice ${line.invno}) rather than written by Settle.`,
    transactionId: sale.transactionId,
    paytraceMinor: sale.amountMinor,
    sageMinor: line.amountMinor,
    currency: sale.currency,
    records: { paytrace: [sale.transactionId], sage: [line.id] },
  };
}

function duplicateByHand(sale: PayTraceTransaction, line: SageReceiptLine, verdict: ReconciliationItem): ReconciliationItem {
  return {
    category: 'duplicate_receipt',
    sentence: `Sale ${sale.transactionId} (${moneyText(line.amountMinor, line.currency)}) is in Sage Pro twice: Settle's receipt (${verdict.records.sage.join(', ')}) and one keyed by hand (${line.id}, invoice ${line.invno}, ${line.date}).`,
    transactionId: sale.transactionId,
    paytraceMinor: 0,
    sageMinor: line.amountMinor,
    currency: line.currency,
    records: { paytrace: [sale.transactionId], sage: [line.id] },
    fix: 'propose_reversal',
  };
}

function unexplainedHandKeyed(line: SageReceiptLine): ReconciliationItem {
  return {
    category: 'not_in_paytrace',
    sentence: `A card receipt of ${moneyText(line.amountMinor, line.currency)} was keyed by hand in Sage Pro (${line.id}, customer ${line.custno}, invoice ${line.invno}, ${line.date}); no PayTrace sale of that amount is within a few days of it.`,
    sageMinor: line.amountMinor,
    currency: line.currency,
    records: { paytrace: [], sage: [line.id] },
  };
}

function unknownReference(reference: string, lines: readonly SageReceiptLine[]): ReconciliationItem {
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  return {
    category: 'not_in_paytrace',
    sentence: `Sage Pro has ${moneyText(total, lines[0].currency)} under Settle's reference ${reference} (${lines.map((line) => line.id).join(', ')}), which names no PayTrace transaction of this merchant.`,
    reference,
    sageMinor: total,
    currency: lines[0].currency,
    records: { paytrace: [], sage: lines.map((line) => line.id) },
  };
}

/** A difference a person explained in review is explained; what it would be stays on the item. */
function explain(verdict: ReconciliationItem, explained: ReadonlyMap<string, string>): ReconciliationItem {
  const why = verdict.transactionId === undefined ? undefined : explained.get(verdict.transactionId);
  if (why === undefined || !DIFFERENCES.includes(verdict.category)) return verdict;
  const { fix: _fix, ...rest } = verdict;
  return { ...rest, category: 'explained', explains: verdict.category, sentence: `${why} (${verdict.sentence})` };
}

const firstRecord = (item: ReconciliationItem) => item.transactionId ?? item.reference ?? item.records.sage[0] ?? '';
const CATEGORY_ORDER = new Map<Category, number>((['matched', 'pending_settlement', 'explained', ...DIFFERENCES] as Category[]).map((category, i) => [category, i]));

function byRecords(a: ReconciliationItem, b: ReconciliationItem): number {
  return compareIds(firstRecord(a), firstRecord(b)) || CATEGORY_ORDER.get(a.category)! - CATEGORY_ORDER.get(b.category)! || compareIds(a.records.sage.join(), b.records.sage.join());
}
