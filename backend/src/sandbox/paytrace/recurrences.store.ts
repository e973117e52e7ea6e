import { type RecurrenceRecord, toRecurrence } from './records.js';
import { insertRow, updateRow, type Work } from './work.js';

/** Dates as YYYY-MM-DD text: pg would otherwise turn them into Dates at server-local midnight. */
const COLUMNS = `id, customer_id, amount_cents, frequency, start_date::text AS start_date, next_date::text AS next_date,
  total_count, current_count, transaction_type, description, invoice_id`;

export async function insertRecurrence(work: Work, r: Omit<RecurrenceRecord, 'id' | 'currentCount'>): Promise<RecurrenceRecord> {
  const { id } = await insertRow(work.db, 'recurrences', { ...r, merchantId: work.merchant.id, createdAt: work.now });
  return (await findRecurrence(work, Number(id)))!;
}

export async function findRecurrence(work: Work, id: number): Promise<RecurrenceRecord | undefined> {
  const { rows } = await work.db.query(`SELECT ${COLUMNS} FROM paytrace_sandbox.recurrences WHERE merchant_id = $1 AND id = $2`, [work.merchant.id, id]);
  return rows[0] ? toRecurrence(rows[0]) : undefined;
}

export async function updateRecurrence(work: Work, id: number, patch: Partial<RecurrenceRecord>): Promise<RecurrenceRecord> {
  await updateRow(work.db, 'recurrences', { merchantId: work.merchant.id, key: 'id', value: id }, patch);
  return (await findRecurrence(work, id))!;
}

export async function deleteRecurrences(work: Work, filter: { id: number } | { customerId: string }): Promise<void> {
  const { id, customerId } = { id: undefined, customerId: undefined, ...filter };
  await work.db.query(
    `DELETE FROM paytrace_sandbox.recurrences
      WHERE merchant_id = $1 AND ($2::bigint IS NULL OR id = $2) AND ($3::text IS NULL OR customer_id = $3)`,
    [work.merchant.id, id ?? null, customerId ?? null],
  );
}

export async function listRecurrences(work: Work, filter: { id?: number; customerId?: string; dueBy?: string }): Promise<RecurrenceRecord[]> {
  const { rows } = await work.db.query(
    `SELECT ${COLUMNS} FROM paytrace_sandbox.recurrences
      WHERE merchant_id = $1 AND ($2::bigint IS NULL OR id = $2) AND ($3::text IS NULL OR customer_id = $3)
        AND ($4::date IS NULL OR next_date <= $4)
      ORDER BY id`,
    [work.merchant.id, filter.id ?? null, filter.customerId ?? null, filter.dueBy ?? null],
  );
  return rows.map(toRecurrence);
}
