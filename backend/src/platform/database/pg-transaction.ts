import type pg from 'pg';
import { oneAtATime } from './request-lane.js';
import { accessOf, TenantContext } from './tenant-context.js';

/** Runs `work` in a plain pg transaction on one pooled client: committed if it resolves, else rolled back. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface TenantTransactionOptions {
  /** Bounds every statement of the transaction, lock waits included. */
  statementTimeoutMs?: number;
}

/**
 * A transaction scoped to one tenant (row-level security reads `app.tenant_id`). For hot paths that
 * write sets of rows with a few statements, where an ORM call per row would cost more than the work.
 */
export function inTenantTransaction<T>(
  pool: pg.Pool,
  tenantId: string,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  // The acting read-only actor's own tenant stays read-only here too; workers (no role) write.
  const actor = TenantContext.actor();
  const access = actor.tenantId === tenantId ? accessOf(actor) : 'write';
  return oneAtATime(() =>
    inTransaction(pool, async (client) => {
      await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.access', $2, true)", [tenantId, access]);
      if (options.statementTimeoutMs) await client.query("SELECT set_config('statement_timeout', $1, true)", [String(options.statementTimeoutMs)]);
      return work(client);
    }),
  );
}
