/**
 * Tenant isolation is enforced by PostgreSQL, not by the application's WHERE clauses: connected as
 * settle_app (what the app uses), a transaction sees only the tenant in app.tenant_id, and nothing at
 * all without one. Also proves the preconditions that make that true: settle_app is no superuser,
 * cannot bypass RLS, owns no table, and every table holding tenant data has RLS enabled AND forced.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../../backend/src/platform/database/migrator.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/database.js';

/** Tables that hold tenant data; `tenants` is keyed by `id`, the others by `tenant_id`. */
const TENANT_TABLES = ['tenants', 'memberships', 'invitations', 'api_keys', 'partner_grants', 'audit_log'] as const;
type TenantTable = (typeof TENANT_TABLES)[number];

/**
 * Tables with a tenant_id column that are deliberately NOT under row-level security, with the reason.
 * Adding a table here needs a reason as good as these.
 */
const PLATFORM_TABLES_WITH_TENANT_ID: Record<string, string> = {
  sessions:
    'refresh tokens are platform rows: looked up by token hash before any tenant is known; tenant_id only records which tenant the login acts in',
};

const tenantColumn = (table: TenantTable) => (table === 'tenants' ? 'id' : 'tenant_id');

interface Fixture {
  tenantId: string;
  counts: Record<TenantTable, number>;
}

/** Writes, as the superuser, a tenant with rows in every tenant table; `extra` adds more of each so counts differ. */
async function seedTenant(adminUrl: string, name: string, extra: number): Promise<Fixture> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const tenantId = randomUUID();
    const partnerId = randomUUID();
    const users = Array.from({ length: 1 + extra }, () => randomUUID());
    await client.query('BEGIN');
    await client.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, name]);
    await client.query('INSERT INTO partners (id, name) VALUES ($1, $2)', [partnerId, `${name} Partner`]);
    for (const [index, userId] of users.entries()) {
      await client.query('INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)', [
        userId,
        `${name.toLowerCase()}-${index}@rls.test`,
        'not-a-real-hash',
      ]);
      await client.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')", [tenantId, userId]);
      await client.query(
        "INSERT INTO invitations (tenant_id, email, role, token_hash, invited_by, expires_at) VALUES ($1, $2, 'viewer', $3, $4, now() + interval '1 day')",
        [tenantId, `invitee-${index}-${name.toLowerCase()}@rls.test`, randomUUID(), userId],
      );
      await client.query(
        "INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, ARRAY['read'], $5)",
        [tenantId, `key ${index}`, randomUUID().replaceAll('-', '').slice(0, 10), randomUUID(), userId],
      );
      await client.query("INSERT INTO audit_log (tenant_id, action, actor_user_id) VALUES ($1, 'tenant.updated', $2)", [tenantId, userId]);
      await client.query("INSERT INTO audit_log (tenant_id, action, actor_user_id) VALUES ($1, 'user.logged_in', $2)", [tenantId, userId]);
    }
    await client.query("INSERT INTO partner_grants (tenant_id, partner_id, role, granted_by) VALUES ($1, $2, 'viewer', $3)", [
      tenantId,
      partnerId,
      users[0],
    ]);
    await client.query('COMMIT');
    const n = users.length;
    return { tenantId, counts: { tenants: 1, memberships: n, invitations: n, api_keys: n, partner_grants: 1, audit_log: 2 * n } };
  } finally {
    await client.end();
  }
}

describe('row-level security for settle_app', () => {
  let db: TestDatabase;
  let app: pg.Client;
  let a: Fixture;
  let b: Fixture;

  /** Runs `fn` in a transaction of the app connection with app.tenant_id set (as PrismaService does), then rolls back. */
  async function asTenant<T>(tenantId: string | null, fn: () => Promise<T>): Promise<T> {
    await app.query('BEGIN');
    try {
      if (tenantId !== null) await app.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      return await fn();
    } finally {
      await app.query('ROLLBACK');
    }
  }

  const count = async (table: string) => Number((await app.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await seedTenant(db.adminUrl, 'Alpha', 1);
    b = await seedTenant(db.adminUrl, 'Beta', 0);
    app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end().catch(() => undefined);
    await db?.drop();
  });

  it('connects as settle_app, and the superuser sees both tenants (the fixture is there)', async () => {
    expect((await app.query('SELECT current_user AS u')).rows[0].u).toBe(APP_ROLE);
    for (const table of TENANT_TABLES) {
      const [row] = await sql<{ n: number }>(db.adminUrl, `SELECT count(*)::int AS n FROM ${table}`);
      expect(row.n, table).toBe(a.counts[table] + b.counts[table]);
    }
  });

  it('sees no row of any tenant table without app.tenant_id', async () => {
    for (const table of TENANT_TABLES) expect(await count(table), `${table} without a tenant`).toBe(0);
    // What PrismaService sets for "no scope": the empty string.
    await asTenant('', async () => {
      for (const table of TENANT_TABLES) expect(await count(table), `${table} with app.tenant_id = ''`).toBe(0);
    });
  });

  it('sees exactly the rows of the tenant in app.tenant_id', async () => {
    for (const fixture of [a, b]) {
      await asTenant(fixture.tenantId, async () => {
        for (const table of TENANT_TABLES) {
          const rows = (await app.query(`SELECT ${tenantColumn(table)} AS tenant FROM ${table}`)).rows;
          expect(rows.length, `${table} as its tenant`).toBe(fixture.counts[table]);
          expect(new Set(rows.map((r) => r.tenant)), `${table} rows belong to the tenant`).toEqual(new Set([fixture.tenantId]));
        }
      });
    }
  });

  it("cannot write another tenant's rows while acting for one", async () => {
    const userId = (await sql<{ id: string }>(db.adminUrl, "SELECT id FROM users WHERE email = 'beta-0@rls.test'"))[0].id;
    const partnerId = (await sql<{ id: string }>(db.adminUrl, "SELECT id FROM partners WHERE name = 'Alpha Partner'"))[0].id;
    const inserts: Record<TenantTable, [string, unknown[]]> = {
      tenants: ['INSERT INTO tenants (id, name) VALUES ($1, $2)', [randomUUID(), 'Sneaky']],
      memberships: ["INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [b.tenantId, userId]],
      invitations: [
        "INSERT INTO invitations (tenant_id, email, role, token_hash, invited_by, expires_at) VALUES ($1, 'x@rls.test', 'owner', $2, $3, now())",
        [b.tenantId, randomUUID(), userId],
      ],
      api_keys: [
        "INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes, created_by) VALUES ($1, 'k', 'sneaky0001', 'h', ARRAY['admin'], $2)",
        [b.tenantId, userId],
      ],
      partner_grants: [
        "INSERT INTO partner_grants (tenant_id, partner_id, role, granted_by) VALUES ($1, $2, 'owner', $3)",
        [b.tenantId, partnerId, userId],
      ],
      audit_log: ["INSERT INTO audit_log (tenant_id, action) VALUES ($1, 'tenant.updated')", [b.tenantId]],
    };
    for (const table of TENANT_TABLES) {
      const [text, values] = inserts[table];
      const error = await asTenant(a.tenantId, () => app.query(text, values).then(() => undefined, (e: pg.DatabaseError) => e));
      expect(error, `INSERT into ${table} for tenant B while acting for A must fail`).toBeDefined();
      expect({ table, code: error?.code, message: error?.message }).toMatchObject({
        table,
        code: '42501',
        message: expect.stringContaining('row-level security'),
      });
    }
    // Updates and deletes of B's rows find nothing to change.
    await asTenant(a.tenantId, async () => {
      for (const table of TENANT_TABLES) {
        const column = tenantColumn(table);
        const updated = await app.query(`UPDATE ${table} SET ${column} = ${column} WHERE ${column} = $1`, [b.tenantId]);
        expect(updated.rowCount, `UPDATE of tenant B's ${table}`).toBe(0);
      }
      expect((await app.query('DELETE FROM audit_log WHERE tenant_id = $1', [b.tenantId])).rowCount).toBe(0);
    });
    const [left] = await sql<{ n: number }>(db.adminUrl, 'SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1', [b.tenantId]);
    expect(left.n).toBe(b.counts.audit_log);
  });

  it('settle_app is no superuser, cannot bypass RLS, and owns (or acts as the owner of) no relation', async () => {
    const [role] = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>(
      db.adminUrl,
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
      [APP_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    // Ownership, directly or through membership in the owning role, would exempt it from non-forced RLS.
    const owned = await sql<{ relname: string; owner: string }>(
      db.adminUrl,
      `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND pg_has_role($1, c.relowner, 'MEMBER')`,
      [APP_ROLE],
    );
    expect(owned, 'relations settle_app owns or is a member of the owner of').toEqual([]);
  });

  it('every table with tenant data has row-level security enabled and forced, with a policy', async () => {
    const rows = await sql<{ relname: string; has_tenant_id: boolean; rls: boolean; forced: boolean; policies: number }>(
      db.adminUrl,
      `SELECT c.relname,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant_id,
              c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
    );
    const byName = new Map(rows.map((row) => [row.relname, row]));
    for (const [table, reason] of Object.entries(PLATFORM_TABLES_WITH_TENANT_ID)) {
      expect(byName.get(table)?.has_tenant_id, `exempted table ${table} (${reason}) no longer has tenant_id: drop the exemption`).toBe(true);
    }
    const mustBeProtected = rows.filter(
      (row) => (row.has_tenant_id && !(row.relname in PLATFORM_TABLES_WITH_TENANT_ID)) || row.relname === 'tenants',
    );
    expect(mustBeProtected.map((row) => row.relname)).toEqual(expect.arrayContaining([...TENANT_TABLES]));
    const unprotected = mustBeProtected
      .filter((row) => !row.rls || !row.forced || row.policies === 0)
      .map((row) => `${row.relname} (${[!row.rls && 'RLS not enabled', !row.forced && 'RLS not forced', row.policies === 0 && 'no policy'].filter(Boolean).join(', ')})`);
    expect(unprotected, `tables with tenant data but without row-level security: ${unprotected.join('; ')}`).toEqual([]);
  });

  it('any table with a tenant_id column shows settle_app nothing without a tenant', async () => {
    const tables = await sql<{ table_name: string }>(
      db.adminUrl,
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1",
    );
    for (const { table_name: table } of tables) {
      if (table in PLATFORM_TABLES_WITH_TENANT_ID) continue;
      expect(await count(table), table).toBe(0);
    }
  });
});
