/**
 * Least privilege (#11 item 8), one test per rule:
 * (a) the serving process holds no superuser URL: every pool the app holds logs in as a role that is
 *     neither superuser nor CREATEROLE nor BYPASSRLS (the sandbox provisioning path included);
 * (b) a read-only actor (viewer member, read-scoped API key, partner granted viewer) cannot INSERT,
 *     UPDATE or DELETE a tenant row even by raw SQL in its own transaction, and can SELECT; the
 *     bookkeeping done for it (API key last use, audit entries) still lands;
 * (c) the app role cannot write the migration ledger.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APP_ROLE, SANDBOX_ROLE } from '../../backend/src/platform/database/migrator.js';
import { PrismaService } from '../../backend/src/platform/database/prisma.service.js';
import { inTenantTransaction } from '../../backend/src/platform/database/pg-transaction.js';
import { type Actor, TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import { servingEnvironment, servingInfrastructure } from '../../backend/src/platform/runtime/infrastructure.js';
import { loadConfig } from '../../backend/src/platform/config/config.js';
import { SAGEPRO_CONNECTOR_ROLE } from '../../backend/src/sandbox/sagepro/faults/connector-role.js';
import { SandboxService } from '../../backend/src/sandbox/sandbox.service.js';
import { sql } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let tenantId: string;
let ownerToken: string;

beforeAll(async () => {
  t = await startTestApp();
  const signedUp = await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
    i: { companyName: 'Least Privilege Co', email: 'owner@least.test', password: 'long-enough-pw' },
  });
  ownerToken = signedUp.body.data.signUp.accessToken;
  tenantId = signedUp.body.data.signUp.me.tenant.id;
}, 60_000);

afterAll(() => t?.close());

/** What a database error says, or 'ok' when the statement ran. */
async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    // pg gives the SQLSTATE as `code`; Prisma's raw queries wrap it as P2010 with "Code: `42501`" in the text.
    const e = error as { code?: string; message: string };
    const code = /Code: `(\w+)`/.exec(e.message)?.[1] ?? e.code;
    return /read-only access|permission denied|row-level security/.test(e.message) ? `denied ${code}` : `other: ${e.message}`;
  }
}

interface RoleFacts {
  role: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
}

async function roleOf(pool: pg.Pool): Promise<RoleFacts> {
  const { rows } = await pool.query<RoleFacts>(
    'SELECT current_user AS role, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
  );
  return rows[0];
}

describe('(a) the serving process holds no superuser URL', () => {
  const superuserPassword = () => decodeURIComponent(new URL(t.db.adminUrl).password);

  it('its configuration names no privileged URL, and nothing in it carries the superuser password', () => {
    expect(t.config.DATABASE_URL).toBeUndefined();
    expect(JSON.stringify(t.config)).not.toContain(superuserPassword());
  });

  it('every pool it holds logs in as a role that is no superuser and has neither CREATEROLE nor BYPASSRLS', async () => {
    const sandboxes = t.app.get(SandboxService);
    const sagePro = await sandboxes.sageProSandbox(tenantId); // creates the tenant's sandbox database: the provisioning path
    const pools: Record<string, pg.Pool> = {
      'the app (Prisma)': t.app.get(PrismaService).pool,
      'the PayTrace sandbox': sandboxes.pool,
      "the Sage Pro sandbox's own (build, reset, locks)": sagePro.adminPool,
      "the Sage Pro connector's": sagePro.pool,
    };
    const seen: Record<string, RoleFacts> = {};
    for (const [name, pool] of Object.entries(pools)) seen[name] = await roleOf(pool);
    for (const [name, facts] of Object.entries(seen)) {
      expect({ name, super: facts.rolsuper, createrole: facts.rolcreaterole, bypassrls: facts.rolbypassrls }).toEqual({ name, super: false, createrole: false, bypassrls: false });
    }
    expect(Object.values(seen).map((facts) => facts.role)).toEqual([APP_ROLE, SANDBOX_ROLE, SANDBOX_ROLE, SAGEPRO_CONNECTOR_ROLE]);
    // Only the sandboxes may create databases (a Sage Pro company per tenant); the app may not.
    expect(seen['the app (Prisma)'].rolcreatedb).toBe(false);
    const [{ owner }] = await sql<{ owner: string }>(t.db.adminUrl, 'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()');
    expect(owner).not.toBe(SANDBOX_ROLE); // Settle's own database is not the sandboxes'
  });

  it('the start step hands the serving process only the app\'s and the sandboxes\' URLs, and the serving process refuses DATABASE_URL', () => {
    const handed = servingEnvironment(
      { DATABASE_URL: t.db.adminUrl, PATH: '/usr/bin' },
      { appDatabaseUrl: t.db.appUrl, sandboxDatabaseUrl: t.db.sandboxUrl, redisUrl: 'redis://127.0.0.1:6379', stop: async () => undefined },
    );
    expect(handed.DATABASE_URL).toBeUndefined();
    expect(JSON.stringify(handed)).not.toContain(superuserPassword());
    expect(handed).toMatchObject({ DATABASE_APP_URL: t.db.appUrl, DATABASE_SANDBOX_URL: t.db.sandboxUrl, PATH: '/usr/bin' });
    const config = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', DATA_DIR: t.config.dataDir, SETTLE_JWT_SECRET: 'x'.repeat(48), ...env });
    expect(() => servingInfrastructure(config({ ...(handed as Record<string, string>), DATABASE_URL: t.db.adminUrl }))).toThrow(/DATABASE_URL is for the start step/);
    expect(servingInfrastructure(config(handed as Record<string, string>))).toMatchObject({ appDatabaseUrl: t.db.appUrl, sandboxDatabaseUrl: t.db.sandboxUrl });
  });
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('(a) npm start: the serving process it starts', () => {
  it('gets neither DATABASE_URL nor the superuser password, in its environment or its command line', { timeout: 240_000 }, async () => {
    const build = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const b = await import('./scripts/lib/backend-build.mjs'); process.exit(b.ensurePrismaClient({ quiet: true }) && b.ensureBackendBuilt({ quiet: true }) ? 0 : 1)"],
      { cwd: ROOT, encoding: 'utf8', timeout: 200_000 },
    );
    expect(build.status, build.stderr).toBe(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'settle-least-'));
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!/^(VITEST|NODE_ENV$|DATABASE_|REDIS_|SETTLE_|PORT$|HOST$|DATA_DIR$|SEED$|DEMO$)/.test(name)) env[name] = value;
    Object.assign(env, {
      NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', SEED: 'off', DEMO: 'off', LOG_LEVEL: 'warn', NO_COLOR: '1',
      DATABASE_URL: t.db.adminUrl,
      // Given, so that the shared server's roles keep their passwords (the start step would re-password them).
      DATABASE_APP_URL: t.db.appUrl,
      DATABASE_SANDBOX_URL: t.db.sandboxUrl,
      SAGEPRO_SANDBOX_DATABASE: t.db.name,
      REDIS_URL: inject('redisUrl'),
      REDIS_KEY_PREFIX: `${t.redisPrefix}_start`,
      SETTLE_JWT_SECRET: randomBytes(36).toString('base64url'),
      SETTLE_MASTER_KEY: t.config.masterKey.toString('base64'),
    });
    const main = spawn(process.execPath, ['backend/dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${output}`)), 120_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Settle is ready at/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        main.stdout!.on('data', onData);
        main.stderr!.on('data', onData);
        main.once('exit', (code) => reject(new Error(`main.js exited (${code}):\n${output}`)));
      });
      const [serving] = childrenOf(main.pid!);
      expect(serving, 'main.js runs the serving process as its child').toBeGreaterThan(0);
      const read = (pid: number, file: string) => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0');
      const password = decodeURIComponent(new URL(t.db.adminUrl).password);
      // The start step itself had the URL (so the check below can see what it looks for) ...
      expect(read(main.pid!, 'environ')).toContain(`DATABASE_URL=${t.db.adminUrl}`);
      // ... and the serving process has none of it.
      const servingEnv = read(serving, 'environ');
      expect(servingEnv.filter((entry) => entry.startsWith('DATABASE_URL='))).toEqual([]);
      expect(servingEnv.filter((entry) => entry.includes(password))).toEqual([]);
      expect(read(serving, 'cmdline').join(' ')).toMatch(/serve\.js/);
      expect(servingEnv).toContain(`DATABASE_APP_URL=${t.db.appUrl}`);
      main.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => main.once('exit', resolve));
      expect(code, output).toBe(0);
    } finally {
      try {
        process.kill(-main.pid!, 'SIGKILL');
      } catch {
        // gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('(b) read-only actors write nothing, whatever the SQL', () => {
  const viewer = (): Actor => ({ tenantId, userId: undefined, role: 'viewer' });
  const prisma = () => t.app.get(PrismaService);
  const asViewer = <T>(work: () => Promise<T>) => TenantContext.run(viewer(), work);

  it('a viewer transaction can SELECT tenant rows', async () => {
    const rows = await asViewer(() => prisma().inTenant((tx) => tx.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM memberships')));
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['DELETE', 'DELETE FROM memberships'],
    ['UPDATE', "UPDATE tenants SET name = 'Taken over'"],
    ['INSERT', `INSERT INTO invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
      SELECT tenant_id, 'x@least.test', 'owner', 'h', user_id, now() + interval '1 day' FROM memberships`],
  ])('a viewer transaction cannot %s (Prisma, raw SQL)', async (_verb, statement) => {
    expect(await outcome(() => asViewer(() => prisma().inTenant((tx) => tx.$executeRawUnsafe(statement))))).toBe('denied 42501');
  });

  it('nor through a plain pg transaction of its tenant (inTenantTransaction)', async () => {
    expect(await outcome(() => asViewer(() => inTenantTransaction(prisma().pool, tenantId, (client) => client.query('DELETE FROM memberships'))))).toBe('denied 42501');
    expect(await outcome(() => asViewer(() => inTenantTransaction(prisma().pool, tenantId, (client) => client.query("UPDATE tenants SET name = 'x'"))))).toBe('denied 42501');
  });

  it('the rows are all still there, and an operator of the same tenant may write (the refusal is the access, not the SQL)', async () => {
    const [{ n }] = await sql<{ n: number }>(t.db.adminUrl, 'SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1', [tenantId]);
    expect(n).toBe(1);
    const [{ name }] = await sql<{ name: string }>(t.db.adminUrl, 'SELECT name FROM tenants WHERE id = $1', [tenantId]);
    expect(name).toBe('Least Privilege Co');
    const renamed = await TenantContext.run({ tenantId, role: 'operator' }, () =>
      prisma().inTenant((tx) => tx.$executeRawUnsafe("UPDATE tenants SET name = 'Least Privilege Co' WHERE true")),
    );
    expect(renamed).toBe(1);
  });

  it('a read-scoped API key reads through the API, its last use is still recorded, and a write is refused', async () => {
    const created = await t.gql('mutation { createApiKey(input: { name: "reader", scopes: [read] }) { secret apiKey { id } } }', undefined, { token: ownerToken });
    const { secret, apiKey } = created.body.data.createApiKey;
    const read = await t.gql('query { tenant { id } }', undefined, { token: secret });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.tenant.id).toBe(tenantId);
    const [{ last_used_at }] = await sql<{ last_used_at: Date | null }>(t.db.adminUrl, 'SELECT last_used_at FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(last_used_at).not.toBeNull();
    const write = await t.gql('mutation { createApiKey(input: { name: "more", scopes: [admin] }) { secret } }', undefined, { token: secret });
    expect(write.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('every table under row-level security carries the read-only policies (a new tenant table included)', async () => {
    const rows = await sql<{ table: string; policies: string[] }>(
      t.db.adminUrl,
      `SELECT c.relname AS table, array_agg(p.polname::text ORDER BY p.polname) FILTER (WHERE p.polname LIKE 'read_only_%') AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity GROUP BY c.relname ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const { table, policies } of rows) {
      const expected = ['audit_log', 'tenant_data_keys'].includes(table)
        ? ['read_only_no_delete', 'read_only_no_update']
        : ['read_only_no_delete', 'read_only_no_insert', 'read_only_no_update'];
      expect(policies, table).toEqual(expected);
    }
  });
});

describe('(c) the migration ledger is the migrator\'s alone', () => {
  it.each([
    ['INSERT', "INSERT INTO _settle_migrations (name, checksum) VALUES ('99999999999999_forged', 'x')"],
    ['UPDATE', "UPDATE _settle_migrations SET checksum = 'x'"],
    ['DELETE', 'DELETE FROM _settle_migrations'],
    ['SELECT', 'SELECT count(*) FROM _settle_migrations'],
  ])('settle_app gets permission denied on %s', async (_verb, statement) => {
    const client = new pg.Client({ connectionString: t.db.appUrl });
    await client.connect();
    try {
      const error = await client.query(statement).then(() => undefined, (e: { code?: string }) => e);
      expect(error?.code).toBe('42501');
    } finally {
      await client.end();
    }
    const [{ n }] = await sql<{ n: number }>(t.db.adminUrl, "SELECT count(*)::int AS n FROM _settle_migrations WHERE checksum = 'x' OR name LIKE '%forged'");
    expect(n).toBe(0);
  });
});
