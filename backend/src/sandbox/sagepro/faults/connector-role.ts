/**
 * The login the connector uses on the sandbox company, like the SQL login a customer gives Settle:
 * `sagepro_user`, with DML (no DDL) on prosys, pro01 and pro99. Being a role of its own lets the admin
 * API make one company read-only (REVOKE INSERT, UPDATE, DELETE on its schema; GRANT back to undo),
 * and its lock_timeout / statement_timeout turn a lock held by "a Sage Pro user" into a lock timeout
 * (55P03) instead of a hang. See README.md.
 */
import { createHmac } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from '../../../platform/database/migrator.js';
import { withCredentials } from '../../../platform/database/urls.js';
import { SAGEPRO_COMPANIES } from '../company-schema.js';
import { SANDBOX_SCHEMAS } from '../install.js';

export const SAGEPRO_CONNECTOR_ROLE = 'sagepro_user';

/** Role defaults (ALTER ROLE ... SET); a session may still SET its own. */
export const CONNECTOR_ROLE_SETTINGS: Readonly<Record<string, string>> = {
  lock_timeout: '2s',
  statement_timeout: '10s',
};

/** Per-database lock (advisory locks are per database) serialising GRANT/REVOKE on the sandbox. */
const GRANTS_LOCK = 'sagepro_sandbox.connector_grants';
const WRITE_PRIVILEGES = 'INSERT, UPDATE, DELETE';

/**
 * The role's password, derived from the sandboxes' URL (settle_sandbox's: an HMAC keyed with it, so
 * it is as secret as that URL and never stored). Roles are cluster-wide: the privileged start step
 * that creates the role and every serving process (and test file) that logs in with it agree on it
 * without sharing a file.
 */
export function connectorRolePassword(sandboxServerUrl: string): string {
  const server = new URL(sandboxServerUrl);
  server.pathname = '/';
  server.search = '';
  return createHmac('sha256', server.toString()).update(`settle.sagepro-sandbox.${SAGEPRO_CONNECTOR_ROLE}`).digest('base64url');
}

/**
 * Creates the role, or fixes its password and defaults, when needed. Checks first (can it log in,
 * are its defaults set) so that the common start writes no catalog row; concurrent starts on one
 * server can still race on the role's row, which is retried.
 */
export async function ensureConnectorRole(adminPool: pg.Pool, sandboxUrl: string, password: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ensureRoleOnce(adminPool, sandboxUrl, password);
    } catch (error) {
      if ((error as { code?: string }).code === '42501') {
        throw new Error(`The Sage Pro sandbox needs to create or alter the login role ${SAGEPRO_CONNECTOR_ROLE}; the privileged start step does it with DATABASE_URL, whose role needs CREATEROLE: ${(error as Error).message}`, { cause: error });
      }
      if (attempt >= 5 || !isCatalogRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

async function ensureRoleOnce(adminPool: pg.Pool, sandboxUrl: string, password: string): Promise<void> {
  const role = quoteIdent(SAGEPRO_CONNECTOR_ROLE);
  const { rows } = await adminPool.query<{ rolcanlogin: boolean; settings: string[] | null }>(
    `SELECT r.rolcanlogin, (SELECT s.setconfig FROM pg_db_role_setting s WHERE s.setrole = r.oid AND s.setdatabase = 0) AS settings
       FROM pg_roles r WHERE r.rolname = $1`,
    [SAGEPRO_CONNECTOR_ROLE],
  );
  if (!rows[0]) {
    await adminPool.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(password)}`);
  } else if (!rows[0].rolcanlogin || !(await canLogIn(withCredentials(sandboxUrl, SAGEPRO_CONNECTOR_ROLE, password)))) {
    await adminPool.query(`ALTER ROLE ${role} LOGIN PASSWORD ${literal(password)}`);
  }
  const current = new Set(rows[0]?.settings ?? []);
  for (const [name, value] of Object.entries(CONNECTOR_ROLE_SETTINGS)) {
    if (!current.has(`${name}=${value}`)) await adminPool.query(`ALTER ROLE ${role} SET ${name} = ${literal(value)}`);
  }
}

/** Whether `url`'s user can log in (false on a wrong password or a role that may not log in). */
export async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (['28P01', '28000'].includes((error as { code?: string }).code ?? '')) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Two sessions updating one role's catalog row at once, or creating it twice. */
function isCatalogRace(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '42710' || code === '23505' || code === '40001' || /tuple concurrently (updated|deleted)/.test(message ?? '');
}

/**
 * Gives the role what the connector needs on the sandbox's schemas (built by the admin role, which
 * owns them): USAGE on the schemas, SELECT + DML on every table, USAGE on the identity sequences.
 * Companies that are read-only stay read-only (see `readOnlyCompanies`); run again after a DDL change.
 */
export async function grantConnectorAccess(adminPool: pg.Pool): Promise<void> {
  await inGrantsTransaction(adminPool, async (client) => {
    const readOnly = await readOnlyCompanies(client);
    const role = quoteIdent(SAGEPRO_CONNECTOR_ROLE);
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    // Granted to PUBLIC by default; only the database's owner could grant it again (in the tests the
    // shared sandbox lives in a database the sandbox role does not own).
    const { rows: can } = await client.query<{ ok: boolean }>("SELECT has_database_privilege($1, current_database(), 'CONNECT') AND has_database_privilege($1, current_database(), 'TEMPORARY') AS ok", [SAGEPRO_CONNECTOR_ROLE]);
    if (!can[0].ok) await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(rows[0].db)} TO ${role}`);
    for (const schema of SANDBOX_SCHEMAS) {
      const s = quoteIdent(schema);
      await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`);
      const verb = readOnly.has(schema) ? `REVOKE ${WRITE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${s} FROM` : `GRANT ${WRITE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${s} TO`;
      await client.query(`${verb} ${role}`);
    }
  });
}

/**
 * Makes a company's schema read-only for the connector (REVOKE INSERT, UPDATE, DELETE on all its
 * tables) or writable again (GRANT). Takes effect on the next statement of every open session. prosys
 * (the system tables) is never made read-only.
 */
export async function setCompanyReadOnly(adminPool: pg.Pool, schema: string, readOnly: boolean): Promise<void> {
  if (!SAGEPRO_COMPANIES.some((company) => company.schema === schema)) throw new RangeError(`${schema} is not a sandbox company schema`);
  const role = quoteIdent(SAGEPRO_CONNECTOR_ROLE);
  const s = quoteIdent(schema);
  await inGrantsTransaction(adminPool, async (client) => {
    await client.query(readOnly ? `REVOKE ${WRITE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${s} FROM ${role}` : `GRANT ${WRITE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
  });
}

/**
 * Company schemas the role may use but not write: it has USAGE on the schema and INSERT on none of
 * its tables. The grants are the only record of it, so a restart keeps a company read-only and a
 * reset (which drops the schemas) makes it writable again.
 */
export async function readOnlyCompanies(db: Pick<pg.Pool, 'query'>): Promise<Set<string>> {
  const { rows } = await db.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname = ANY($1::text[])
        AND has_schema_privilege($2, n.oid, 'USAGE')
        AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p'))
        AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p') AND has_table_privilege($2, c.oid, 'INSERT'))`,
    [SAGEPRO_COMPANIES.map((company) => company.schema), SAGEPRO_CONNECTOR_ROLE],
  );
  return new Set(rows.map((row) => row.schema));
}

async function inGrantsTransaction(adminPool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await adminPool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [GRANTS_LOCK]);
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
