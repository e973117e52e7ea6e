/**
 * The sandboxes' part of the privileged start step (backend/src/provision.ts), run with the superuser
 * URL BEFORE the serving process starts, so that the serving process needs only the settle_sandbox
 * role (CREATEDB, no CREATEROLE, no superuser):
 * - the connector's login role `sagepro_user` (creating or re-passwording a role needs CREATEROLE);
 * - the PayTrace sandbox's schema in Settle's database, owned by settle_sandbox (it may not create
 *   schemas there: Settle's database is not its own);
 * - sandbox objects an earlier version made as the superuser are handed over to settle_sandbox.
 * Sage Pro sandbox databases made from now on are created by settle_sandbox itself, which owns them.
 */
import pg from 'pg';
import { quoteIdent, SANDBOX_ROLE } from '../platform/database/migrator.js';
import { databaseName, withDatabase } from '../platform/database/urls.js';
import { connectorRolePassword, ensureConnectorRole } from './sagepro/faults/connector-role.js';
import { SANDBOX_META_SCHEMA, SANDBOX_SCHEMAS } from './sagepro/install.js';

export const PAYTRACE_SANDBOX_SCHEMA = 'paytrace_sandbox';
const SAGEPRO_SCHEMAS = [...SANDBOX_SCHEMAS, SANDBOX_META_SCHEMA];

export interface SandboxProvisioning {
  /** Superuser URL of Settle's database. */
  adminDatabaseUrl: string;
  /** settle_sandbox's URL of Settle's database: the connector role's password is derived from it. */
  sandboxDatabaseUrl: string;
  /** SAGEPRO_SANDBOX_DATABASE: the shared sandbox company's database; tenants' are `<it>_<tenant>`. */
  sageProDatabase: string;
}

export async function prepareSandboxes(options: SandboxProvisioning): Promise<void> {
  const settle = new pg.Pool({ connectionString: options.adminDatabaseUrl, max: 1 });
  settle.on('error', () => undefined);
  try {
    await ensureConnectorRole(settle, options.adminDatabaseUrl, connectorRolePassword(options.sandboxDatabaseUrl));
    await settle.query(`CREATE SCHEMA IF NOT EXISTS ${PAYTRACE_SANDBOX_SCHEMA} AUTHORIZATION ${SANDBOX_ROLE}`);
    await handOver(settle, [PAYTRACE_SANDBOX_SCHEMA]);
    const settleDatabase = databaseName(options.adminDatabaseUrl);
    const { rows } = await settle.query<{ datname: string; owned: boolean }>(
      `SELECT datname, datdba = (SELECT oid FROM pg_roles WHERE rolname = $3) AS owned FROM pg_database
        WHERE datname = $1 OR starts_with(datname, $2)`,
      [options.sageProDatabase, `${options.sageProDatabase}_`, SANDBOX_ROLE],
    );
    if (options.sageProDatabase === settleDatabase) {
      // The shared sandbox company in Settle's own database (the tests do this): it may add its schemas.
      await settle.query(`GRANT CREATE ON DATABASE ${quoteIdent(settleDatabase)} TO ${SANDBOX_ROLE}`);
      await handOver(settle, SAGEPRO_SCHEMAS);
    }
    for (const { datname, owned } of rows) {
      if (datname === settleDatabase || owned) continue;
      await settle.query(`ALTER DATABASE ${quoteIdent(datname)} OWNER TO ${SANDBOX_ROLE}`);
      const company = new pg.Pool({ connectionString: withDatabase(options.adminDatabaseUrl, datname), max: 1 });
      company.on('error', () => undefined);
      try {
        await handOver(company, SAGEPRO_SCHEMAS);
      } finally {
        await company.end();
      }
    }
  } finally {
    await settle.end();
  }
}

/**
 * Gives settle_sandbox the schemas (and everything in them) that another role owns: schemas, tables
 * and views (a table's identity sequences follow it), free-standing sequences, routines and types.
 */
async function handOver(db: pg.Pool, schemas: readonly string[]): Promise<void> {
  await db.query(`DO $$
DECLARE r record; owner oid := (SELECT oid FROM pg_roles WHERE rolname = '${SANDBOX_ROLE}');
        wanted text[] := ARRAY[${schemas.map((s) => `'${s}'`).join(', ')}]::text[];
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace WHERE nspname = ANY(wanted) AND nspowner <> owner LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO ${SANDBOX_ROLE}', r.nspname);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY(wanted) AND c.relowner <> owner AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                        AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${SANDBOX_ROLE}',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.rel);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ANY(wanted) AND p.proowner <> owner LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO ${SANDBOX_ROLE}', r.fn);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS ty FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = ANY(wanted) AND t.typowner <> owner AND t.typtype IN ('e', 'd', 'r') LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO ${SANDBOX_ROLE}', r.ty);
  END LOOP;
END $$`);
}

/**
 * For the privileged tools that rebuild a sandbox company (sandbox:sagepro:reset, demo:reset): a pool
 * on its database that acts as settle_sandbox (a superuser may take on any role), so that what it
 * builds is the sandbox role's to use, reset and grant while serving. A database made by an earlier
 * version as the superuser is handed over first. Without the role (a server no Settle started on),
 * the pool acts as the URL's own user.
 */
export async function sandboxCompanyPool(adminServerUrl: string, database: string): Promise<pg.Pool> {
  const server = new pg.Pool({ connectionString: adminServerUrl, max: 1 });
  server.on('error', () => undefined);
  let roleExists = false;
  try {
    roleExists = Boolean((await server.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [SANDBOX_ROLE])).rowCount);
    if (roleExists) {
      const { rows } = await server.query<{ owned: boolean }>(
        'SELECT datdba = (SELECT oid FROM pg_roles WHERE rolname = $2) AS owned FROM pg_database WHERE datname = $1',
        [database, SANDBOX_ROLE],
      );
      if (rows[0] && !rows[0].owned && database !== databaseName(adminServerUrl)) {
        await server.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO ${SANDBOX_ROLE}`);
        const company = new pg.Pool({ connectionString: withDatabase(adminServerUrl, database), max: 1 });
        company.on('error', () => undefined);
        await handOver(company, SAGEPRO_SCHEMAS).finally(() => company.end());
      }
    }
  } finally {
    await server.end();
  }
  const pool = new pg.Pool({ connectionString: withDatabase(adminServerUrl, database), max: 1, ...(roleExists ? { options: `-c role=${SANDBOX_ROLE}` } : {}) });
  pool.on('error', () => undefined);
  return pool;
}
