import type pg from 'pg';

export interface TenantTransactionOptions {
  /** Bounds every statement of the transaction, lock waits included. */
  statementTimeoutMs?: number;
}

/**
 * Runs `work` in a plain pg transaction scoped to one tenant (row-level security reads
 * `app.tenant_id`). For hot paths that write sets of rows with a few statements, where an ORM call
 * per row would cost more than the work itself.
 */
export async function inTenantTransaction<T>(
  pool: pg.Pool,
  tenantId: string,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    if (options.statementTimeoutMs) await client.query("SELECT set_config('statement_timeout', $1, true)", [String(options.statementTimeoutMs)]);
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
