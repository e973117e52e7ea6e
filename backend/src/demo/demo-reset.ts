/**
 * `npm run demo:reset`'s work: the demo tenant as it was right after its first start. Its wiring
 * (connections, integration, webhook endpoint, alert rules and channel, members) stays; what the
 * traffic made goes: the PayTrace sandbox merchant's transactions, Settle's inbox with everything
 * hanging off it (timelines, effects, dead letters, manual reviews, disputes), the change feed's
 * records and the tenant's alerts, and the sandbox Sage Pro company is rebuilt from its seed.
 *
 * Plain SQL with the privileged URL, so it works whether Settle runs or not (see README.md).
 */
import pg from 'pg';
import { DEMO_TENANT_ID } from '../platform/database/seed.js';
import { inTenantTransaction } from '../platform/database/pg-transaction.js';
import { resetMerchant } from '../sandbox/paytrace/merchants.store.js';
import { grantConnectorAccess, SAGEPRO_CONNECTOR_ROLE } from '../sandbox/sagepro/faults/connector-role.js';
import { sandboxCompanyPool } from '../sandbox/provision.js';
import { resetSageProSandbox } from '../sandbox/sagepro/install.js';
import { sageProSandboxDatabase } from '../sandbox/sandbox.service.js';

export interface DemoResetOptions {
  /** Privileged URL of Settle's database (DATABASE_URL, or the embedded server's `settle`). */
  adminDatabaseUrl: string;
  /** SAGEPRO_SANDBOX_DATABASE: the demo's company is `<it>_<tenant>`. */
  sageProSandboxDatabase: string;
  tenantId?: string;
}

export interface DemoResetReport {
  /** False when there is no demo tenant (never seeded): nothing was touched. */
  found: boolean;
  /** PayTrace sandbox merchants whose transactions, vault and faults were cleared. */
  merchants: string[];
  /** Rows removed from Settle's tables, by table (cascaded rows not counted). */
  cleared: Record<string, number>;
  /** The sandbox company database rebuilt from its seed, or null when it was never built. */
  company: string | null;
}

/** Settle's tables the traffic fills; inbox_events cascades to steps, effects, dead letters, reviews and disputes. */
const TRAFFIC_TABLES = ['inbox_events', 'transaction_changes', 'paytrace_transactions', 'alerts'] as const;

export async function resetDemoTenant(options: DemoResetOptions): Promise<DemoResetReport> {
  const tenantId = options.tenantId ?? DEMO_TENANT_ID;
  const pool = new pg.Pool({ connectionString: options.adminDatabaseUrl, max: 2 });
  pool.on('error', () => undefined);
  try {
    const { rowCount } = await pool.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
    if (!rowCount) return { found: false, merchants: [], cleared: {}, company: null };
    const merchants = await resetMerchants(pool, tenantId);
    const cleared = await clearTraffic(pool, tenantId);
    const company = await resetCompany(options.adminDatabaseUrl, sageProSandboxDatabase(options.sageProSandboxDatabase, tenantId));
    return { found: true, merchants, cleared, company };
  } finally {
    await pool.end();
  }
}

async function resetMerchants(pool: pg.Pool, tenantId: string): Promise<string[]> {
  const { rows: present } = await pool.query("SELECT to_regclass('paytrace_sandbox.merchants') AS t");
  if (!present[0].t) return [];
  const usernames = await inTenantTransaction(pool, tenantId, async (client) =>
    (await client.query<{ username: string }>("SELECT username FROM paytrace_connections WHERE tenant_id = $1 AND environment = 'sandbox'", [tenantId])).rows.map((r) => r.username),
  );
  const { rows } = await pool.query<{ id: string; api_username: string }>('SELECT id, api_username FROM paytrace_sandbox.merchants WHERE api_username = ANY($1)', [usernames]);
  for (const row of rows) await resetMerchant(pool, Number(row.id));
  return rows.map((row) => row.api_username);
}

async function clearTraffic(pool: pg.Pool, tenantId: string): Promise<Record<string, number>> {
  return inTenantTransaction(pool, tenantId, async (client) => {
    const cleared: Record<string, number> = {};
    for (const table of TRAFFIC_TABLES) cleared[table] = (await client.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId])).rowCount ?? 0;
    await client.query('UPDATE paytrace_connections SET last_poll_error = NULL WHERE tenant_id = $1', [tenantId]);
    return cleared;
  });
}

/** Rebuilds the company from its seed and grants the connector's role its access again (a rebuilt schema has none). */
async function resetCompany(adminDatabaseUrl: string, database: string): Promise<string | null> {
  const server = new pg.Client({ connectionString: adminDatabaseUrl });
  await server.connect();
  const exists = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]).finally(() => server.end());
  if (!exists.rowCount) return null;
  // Rebuilt as the sandboxes' role, so the serving process (which is no superuser) can still use it.
  const pool = await sandboxCompanyPool(adminDatabaseUrl, database);
  try {
    await resetSageProSandbox(pool);
    const role = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [SAGEPRO_CONNECTOR_ROLE]);
    if (role.rowCount) await grantConnectorAccess(pool);
    return database;
  } finally {
    await pool.end();
  }
}
