import { type TransactionRecord, toTransaction } from './records.js';
import { insertRow, updateRow, type Work } from './work.js';

export type NewTransaction = Partial<TransactionRecord> &
  Pick<TransactionRecord, 'method' | 'kind' | 'approved' | 'amountCents' | 'authorizedCents' | 'responseCode'>;

export async function insertTransaction(work: Work, t: NewTransaction): Promise<TransactionRecord> {
  const { id: _id, ...fields } = t;
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const defaults = { merchantId: work.merchant.id, createdAt: work.now, createdBy: work.merchant.apiUsername, createdThrough: 'API' };
  return toTransaction(await insertRow(work.db, 'transactions', { ...defaults, ...given }));
}

export async function findTransaction(work: Work, id: number, method: 'card' | 'check'): Promise<TransactionRecord | undefined> {
  const { rows } = await work.db.query('SELECT * FROM paytrace_sandbox.transactions WHERE merchant_id = $1 AND id = $2 AND method = $3', [
    work.merchant.id,
    id,
    method,
  ]);
  return rows[0] ? toTransaction(rows[0]) : undefined;
}

export async function updateTransaction(work: Work, id: number, patch: Partial<TransactionRecord>): Promise<TransactionRecord> {
  const row = await updateRow(work.db, 'transactions', { merchantId: work.merchant.id, key: 'id', value: id }, patch);
  return toTransaction(row!);
}

/** What refunds (kind 'refund') or chargebacks have already taken back from a transaction. */
export async function takenBackCents(work: Work, parentId: number, kind: 'refund' | 'chargeback'): Promise<number> {
  const { rows } = await work.db.query(
    `SELECT coalesce(sum(amount_cents), 0) AS cents FROM paytrace_sandbox.transactions
      WHERE merchant_id = $1 AND parent_id = $2 AND kind = $3 AND approved AND voided_at IS NULL`,
    [work.merchant.id, parentId, kind],
  );
  return Number(rows[0].cents);
}

export interface TransactionFilter {
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  customerId?: string;
  batchNumber?: number;
}

/** Card transactions of the merchant, oldest first. */
export async function listCardTransactions(work: Work, filter: TransactionFilter): Promise<TransactionRecord[]> {
  const conditions = ["merchant_id = $1", "method = 'card'"];
  const values: unknown[] = [work.merchant.id];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.from) add('created_at >= ?', filter.from);
  if (filter.to) add('created_at < ?', filter.to);
  if (filter.customerId) add('customer_id = ?', filter.customerId);
  if (filter.batchNumber !== undefined) add('batch_number = ?', filter.batchNumber);
  const { rows } = await work.db.query(`SELECT * FROM paytrace_sandbox.transactions WHERE ${conditions.join(' AND ')} ORDER BY id`, values);
  return rows.map(toTransaction);
}
