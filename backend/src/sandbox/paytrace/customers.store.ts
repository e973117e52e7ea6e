import { type CustomerRecord, toCustomer } from './records.js';
import { insertRow, updateRow, type Work } from './work.js';

export async function findCustomer(work: Work, customerId: string): Promise<CustomerRecord | undefined> {
  const { rows } = await work.db.query('SELECT * FROM paytrace_sandbox.customers WHERE merchant_id = $1 AND customer_id = $2', [
    work.merchant.id,
    customerId,
  ]);
  return rows[0] ? toCustomer(rows[0]) : undefined;
}

export async function insertCustomer(work: Work, customer: Omit<CustomerRecord, 'merchantId' | 'createdAt'>): Promise<CustomerRecord> {
  return toCustomer(await insertRow(work.db, 'customers', { ...customer, merchantId: work.merchant.id, createdAt: work.now, updatedAt: work.now }));
}

export async function updateCustomer(work: Work, customerId: string, patch: Partial<CustomerRecord>): Promise<CustomerRecord> {
  const where = { merchantId: work.merchant.id, key: 'customerId', value: customerId };
  const row = await updateRow(work.db, 'customers', where, { ...patch, updatedAt: work.now });
  return toCustomer(row!);
}

export async function deleteCustomer(work: Work, customerId: string): Promise<void> {
  await work.db.query('DELETE FROM paytrace_sandbox.customers WHERE merchant_id = $1 AND customer_id = $2', [work.merchant.id, customerId]);
}

export async function listCustomers(work: Work, filter: { customerId?: string; email?: string }): Promise<CustomerRecord[]> {
  const { rows } = await work.db.query(
    `SELECT * FROM paytrace_sandbox.customers
      WHERE merchant_id = $1 AND ($2::text IS NULL OR customer_id = $2) AND ($3::text IS NULL OR email = $3)
      ORDER BY id`,
    [work.merchant.id, filter.customerId || null, filter.email || null],
  );
  return rows.map(toCustomer);
}
