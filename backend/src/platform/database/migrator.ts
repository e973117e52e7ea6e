import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** The role the application connects as: it owns nothing and cannot bypass row-level security. */
export const APP_ROLE = 'settle_app';

/**
 * The role the built-in sandboxes connect as: CREATEDB (a sandbox Sage Pro database per tenant, made
 * while serving) and nothing else, so the serving process never holds a superuser URL. It owns the
 * sandboxes' databases and schemas and has no right on Settle's own tables.
 */
export const SANDBOX_ROLE = 'settle_sandbox';

export interface MigrationResult {
  applied: string[];
}

/** Creates `database` on the server of `serverUrl` when missing (the URL's own database is used to connect). */
export async function ensureDatabase(serverUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return;
    const from = template ? ` TEMPLATE ${quoteIdent(template)}` : '';
    await client.query(`CREATE DATABASE ${quoteIdent(database)}${from}`);
  } finally {
    await client.end();
  }
}

/** Creates (or re-passwords) the application role; roles are cluster-wide, so one call serves every database. */
export async function ensureAppRole(serverUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('settle.app_role'))");
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const verb = exists.rowCount ? 'ALTER' : 'CREATE';
    await client.query(
      `${verb} ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
}

/** Creates (or re-passwords) the sandboxes' role: CREATEDB, nothing more. Cluster-wide, like APP_ROLE. */
export async function ensureSandboxRole(serverUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('settle.app_role'))");
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [SANDBOX_ROLE]);
    const verb = exists.rowCount ? 'ALTER' : 'CREATE';
    await client.query(
      `${verb} ROLE ${SANDBOX_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${quoteLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own transaction, under an
 * advisory lock so that concurrent starts serialise. A landed migration must never change: its
 * checksum is recorded and verified on every run.
 */
export async function applyMigrations(databaseUrl: string, migrationsDir: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('settle.migrations'))");
    await client.query(`CREATE TABLE IF NOT EXISTS _settle_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map<string, string>(
      (await client.query('SELECT name, checksum FROM _settle_migrations')).rows.map((r) => [r.name, r.checksum]),
    );
    for (const migration of readMigrations(migrationsDir)) {
      const recorded = done.get(migration.name);
      if (recorded && recorded !== migration.checksum) {
        throw new Error(`Migration ${migration.name} was changed after it was applied (checksum differs).`);
      }
      if (recorded) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO _settle_migrations (name, checksum) VALUES ($1, $2)', [
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
    }
    // Read-only actors write nothing (migration 20261207010000_least_privilege): a tenant table added
    // since gets the same restrictive policies, whichever migration created it.
    const { rows } = await client.query("SELECT to_regprocedure('app_restrict_read_only_everywhere()') IS NOT NULL AS present");
    if (rows[0].present) await client.query('SELECT app_restrict_read_only_everywhere()');
  } finally {
    await client.end();
  }
  return { applied };
}

export function readMigrations(migrationsDir: string): { name: string; sql: string; checksum: string }[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
