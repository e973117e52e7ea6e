/**
 * One API call's unit of work: a database transaction that holds the merchant's row lock (so that a
 * merchant's calls apply one at a time: no double refund, no half-settled batch), the merchant's
 * sandbox time, and the transaction events to announce once the work has committed.
 */
import type pg from 'pg';
import type { SandboxEvent } from './notifications.js';
import { type Merchant, toMerchant } from './records.js';

export interface SandboxClock {
  now(): Date;
}

export const systemClock: SandboxClock = { now: () => new Date() };

export interface Work {
  db: pg.PoolClient;
  merchant: Merchant;
  /** The merchant's sandbox time: the clock plus the merchant's advance. */
  now: Date;
  events: SandboxEvent[];
}

export function merchantNow(clock: SandboxClock, merchant: Pick<Merchant, 'clockOffsetMs'>): Date {
  return new Date(clock.now().getTime() + merchant.clockOffsetMs);
}

export async function runWork<T>(
  pool: pg.Pool,
  clock: SandboxClock,
  merchantId: number,
  fn: (work: Work) => Promise<T>,
): Promise<{ result: T; work: Work }> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const { rows } = await db.query('SELECT * FROM paytrace_sandbox.merchants WHERE id = $1 FOR UPDATE', [merchantId]);
    if (!rows[0]) throw new Error(`Sandbox merchant ${merchantId} does not exist`);
    const merchant = toMerchant(rows[0]);
    const work: Work = { db, merchant, now: merchantNow(clock, merchant), events: [] };
    const result = await fn(work);
    await db.query('COMMIT');
    return { result, work };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

/** INSERT from a camelCase record (keys are code, never input); returns the stored row. */
export async function insertRow(db: pg.PoolClient, table: string, record: Record<string, unknown>): Promise<Record<string, any>> {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  const columns = entries.map(([key]) => snake(key)).join(', ');
  const params = entries.map((_, i) => `$${i + 1}`).join(', ');
  const { rows } = await db.query(`INSERT INTO paytrace_sandbox.${table} (${columns}) VALUES (${params}) RETURNING *`, entries.map(([, v]) => v));
  return rows[0];
}

/** UPDATE ... WHERE <key> = value AND merchant_id = merchantId from a camelCase patch; returns the row. */
export async function updateRow(
  db: pg.PoolClient,
  table: string,
  where: { merchantId: number; key: string; value: unknown },
  patch: Record<string, unknown>,
): Promise<Record<string, any> | undefined> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  const sets = entries.map(([key], i) => `${snake(key)} = $${i + 3}`).join(', ');
  const { rows } = await db.query(
    `UPDATE paytrace_sandbox.${table} SET ${sets} WHERE merchant_id = $1 AND ${snake(where.key)} = $2 RETURNING *`,
    [where.merchantId, where.value, ...entries.map(([, v]) => v)],
  );
  return rows[0];
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
