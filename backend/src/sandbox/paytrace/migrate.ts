import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Brings the `paytrace_sandbox` schema up to date: applies migrations/*.sql in name order, each in its
 * own transaction, under an advisory lock so that concurrent starts serialise. Idempotent; a landed
 * migration must never change (its checksum is verified on every run).
 */
export async function migratePayTraceSandbox(pool: pg.Pool): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('paytrace_sandbox.migrations'))");
    // The start step makes the schema for the sandbox role, which may not create schemas in Settle's
    // database (CREATE SCHEMA IF NOT EXISTS would check that right even when the schema exists).
    const { rows: schema } = await client.query("SELECT to_regnamespace('paytrace_sandbox') IS NOT NULL AS present");
    if (!schema[0].present) await client.query('CREATE SCHEMA paytrace_sandbox');
    await client.query(`CREATE TABLE IF NOT EXISTS paytrace_sandbox._migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM paytrace_sandbox._migrations');
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    for (const { name, sql, checksum } of readMigrations()) {
      const recorded = done.get(name);
      if (recorded && recorded !== checksum) throw new Error(`PayTrace sandbox migration ${name} changed after it was applied.`);
      if (recorded) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO paytrace_sandbox._migrations (name, checksum) VALUES ($1, $2)', [name, checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`PayTrace sandbox migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('paytrace_sandbox.migrations'))").catch(() => undefined);
    client.release();
  }
  return { applied };
}

function readMigrations(): { name: string; sql: string; checksum: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(MIGRATIONS_DIR + name, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
