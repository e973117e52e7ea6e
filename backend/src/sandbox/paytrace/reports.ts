/**
 * Exports: transactions by id or by date range, settlement batches. Date ranges are MM/DD/YYYY days in
 * the merchant's time zone, both ends included. Check transactions are not part of these exports.
 */
import { existingCardTransaction } from './card-payments.js';
import { ERROR, ErrorBag, PayTraceError } from './errors.js';
import { EXPORT_OK, exportBatch, exportTransaction } from './export-format.js';
import type { BatchRecord } from './records.js';
import { type Body, readId, text } from './request-fields.js';
import { addDays, localInstant, parseUsDate } from './time.js';
import { listCardTransactions } from './transactions.store.js';
import type { Work } from './work.js';

export async function exportById(work: Work, body: Body) {
  const bag = new ErrorBag();
  const id = readId(body, 'transaction_id', bag);
  bag.throwIfAny();
  const t = await existingCardTransaction(work, id);
  return { ...EXPORT_OK, transactions: [exportTransaction(t, work.merchant.timeZone)], external_transaction_id: '' };
}

/** Optional filters: `transaction_type` (SALE, AUTHORIZATION, CAPTURE, VOID, REFUND, CHARGEBACK) and `customer_id`. */
export async function exportByDateRange(work: Work, body: Body) {
  const { from, to } = readDateRange(work, body);
  const type = text(body, 'transaction_type').toUpperCase();
  const transactions = await listCardTransactions(work, { from, to, customerId: text(body, 'customer_id', 100) || undefined });
  const rows = transactions.map((t) => exportTransaction(t, work.merchant.timeZone)).filter((row) => !type || row.transaction_type === type);
  return { ...EXPORT_OK, transactions: rows, external_transaction_id: '' };
}

/** One batch: `batch_number`, or the latest when absent. */
export async function exportOneBatch(work: Work, body: Body) {
  const batch = await findBatch(work, body);
  return { ...EXPORT_OK, batches: [await batchSummary(work, batch)] };
}

export async function exportBatchesByDateRange(work: Work, body: Body) {
  const { from, to } = readDateRange(work, body);
  const { rows } = await work.db.query(
    `SELECT batch_number, settled_at FROM paytrace_sandbox.batches
      WHERE merchant_id = $1 AND settled_at >= $2 AND settled_at < $3 ORDER BY batch_number`,
    [work.merchant.id, from, to],
  );
  const batches = await Promise.all(rows.map((row) => batchSummary(work, { batchNumber: row.batch_number, settledAt: row.settled_at })));
  return { ...EXPORT_OK, batches };
}

/** The settled transactions of a batch (`batch_number`, or the latest). */
export async function exportBatchTransactions(work: Work, body: Body) {
  const batch = await findBatch(work, body);
  const transactions = await listCardTransactions(work, { batchNumber: batch.batchNumber });
  return { ...EXPORT_OK, transactions: transactions.map((t) => exportTransaction(t, work.merchant.timeZone)), external_transaction_id: '' };
}

async function batchSummary(work: Work, batch: BatchRecord) {
  return exportBatch(batch, await listCardTransactions(work, { batchNumber: batch.batchNumber }), work.merchant.timeZone);
}

async function findBatch(work: Work, body: Body): Promise<BatchRecord> {
  const raw = text(body, 'batch_number');
  if (raw && !/^\d{1,9}$/.test(raw)) throw PayTraceError.of(ERROR.batchNotFound);
  const { rows } = await work.db.query(
    `SELECT batch_number, settled_at FROM paytrace_sandbox.batches
      WHERE merchant_id = $1 AND ($2::int IS NULL OR batch_number = $2) ORDER BY batch_number DESC LIMIT 1`,
    [work.merchant.id, raw ? Number(raw) : null],
  );
  if (!rows[0]) throw PayTraceError.of(ERROR.batchNotFound);
  return { batchNumber: rows[0].batch_number, settledAt: rows[0].settled_at };
}

function readDateRange(work: Work, body: Body): { from: Date; to: Date } {
  const bag = new ErrorBag();
  const start = parseUsDate(body.start_date);
  const end = parseUsDate(body.end_date);
  if (!start) bag.add(ERROR.invalidStartDate);
  if (!end || (start && end < start)) bag.add(ERROR.invalidEndDate);
  bag.throwIfAny();
  const timeZone = work.merchant.timeZone;
  return { from: localInstant(start!, timeZone), to: localInstant(addDays(end!, 1), timeZone) };
}
