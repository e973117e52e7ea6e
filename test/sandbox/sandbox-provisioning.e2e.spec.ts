/**
 * The sandboxes' part of the privileged start step (backend/src/sandbox/provision.ts) on a database an
 * earlier version left: sandbox companies and the PayTrace sandbox's tables made by the superuser are
 * handed over to settle_sandbox, so that the serving process (which holds only settle_sandbox's URL:
 * CREATEDB, no superuser) can build, reset, lock and grant them; and the privileged tools that rebuild
 * a company (sandbox:sagepro:reset, demo:reset) build it for settle_sandbox too.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ROLE } from '../../backend/src/platform/database/migrator.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { prepareSandboxes, sandboxCompanyPool } from '../../backend/src/sandbox/provision.js';
import { SageProSandboxAccess } from '../../backend/src/sandbox/sagepro/faults/sandbox-access.js';
import { ensureSageProSandbox, ensureSageProSandboxDatabase, resetSageProSandbox, SANDBOX_SCHEMAS } from '../../backend/src/sandbox/sagepro/index.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let base: string;

/** What an earlier version did: the company's database and schemas made as the superuser. */
async function legacyCompany(name: string): Promise<void> {
  const url = await ensureSageProSandboxDatabase(db.adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await ensureSageProSandbox(pool);
  } finally {
    await pool.end();
  }
}

const ownerOfDatabase = async (name: string) =>
  (await sql<{ owner: string }>(db.adminUrl, 'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [name]))[0].owner;

const schemaOwners = async (database: string) =>
  (await sql<{ owner: string }>(withDatabase(db.adminUrl, database), 'SELECT DISTINCT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = ANY($1)', [[...SANDBOX_SCHEMAS]])).map((r) => r.owner);

beforeAll(async () => {
  db = await createTestDatabase();
  base = `${db.name}_sp`; // dropped with the test database (its satellites)
  await legacyCompany(base);
  await sql(db.adminUrl, 'CREATE TABLE paytrace_sandbox.left_by_an_earlier_version (id int)');
}, 60_000);

afterAll(() => db?.drop());

describe('the start step hands earlier sandboxes over to settle_sandbox', () => {
  it('before: the superuser owns them, and settle_sandbox cannot rebuild the company', async () => {
    expect(await ownerOfDatabase(base)).not.toBe(SANDBOX_ROLE);
    const pool = new pg.Pool({ connectionString: withDatabase(db.sandboxUrl, base), max: 1 });
    try {
      await expect(resetSageProSandbox(pool)).rejects.toThrow(/must be owner|permission denied/);
    } finally {
      await pool.end();
    }
  });

  it('after: settle_sandbox owns the database, its schemas and the PayTrace sandbox tables, and serves the company', async () => {
    await prepareSandboxes({ adminDatabaseUrl: db.adminUrl, sandboxDatabaseUrl: db.sandboxUrl, sageProDatabase: base });
    expect(await ownerOfDatabase(base)).toBe(SANDBOX_ROLE);
    expect(await schemaOwners(base)).toEqual([SANDBOX_ROLE]);
    const [{ owner }] = await sql<{ owner: string }>(db.adminUrl, "SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'paytrace_sandbox.left_by_an_earlier_version'::regclass");
    expect(owner).toBe(SANDBOX_ROLE);

    // What the serving process does with it: open (connector role through the proxy), reset, read.
    const access = await SageProSandboxAccess.open({ sandboxServerUrl: db.sandboxUrl, database: base });
    try {
      await access.reset();
      const { rows } = await access.pool.query<{ who: string; n: number }>('SELECT current_user AS who, count(*)::int AS n FROM prosys.syccomp');
      expect(rows[0].who).toBe('sagepro_user');
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await access.close();
    }
  });

  it('a privileged tool rebuilding a company (sandbox:sagepro:reset, demo:reset) leaves it settle_sandbox\'s', async () => {
    const tenant = `${base}_0123456789abcdef`;
    await legacyCompany(tenant);
    const pool = await sandboxCompanyPool(db.adminUrl, tenant);
    try {
      await resetSageProSandbox(pool);
    } finally {
      await pool.end();
    }
    expect(await ownerOfDatabase(tenant)).toBe(SANDBOX_ROLE);
    expect(await schemaOwners(tenant)).toEqual([SANDBOX_ROLE]);
  });
});
