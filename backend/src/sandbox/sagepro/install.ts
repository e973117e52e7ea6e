import type pg from 'pg';
import { inTransaction } from '../../platform/database/pg-transaction.js';
import { applyDdl, type DdlFile, quoteIdent, readDdlFiles, SAGEPRO_COMPANIES, schemasFor, SYSTEM_SCHEMA } from './company-schema.js';
import { DEFAULT_SEED_OPTIONS, generateSageProSeed, type Row, type SageProSeed, type SeedOptions } from './seed.js';

/**
 * The sandbox's own bookkeeping (which DDL files built it, with their checksums) lives in a schema of
 * its own, so that the Sage Pro schemas hold nothing a real Sage Pro would not.
 */
export const SANDBOX_META_SCHEMA = 'sagepro_sandbox';
const LOCK_KEY = 'sagepro_sandbox.install';

export const SANDBOX_SCHEMAS: readonly string[] = [SYSTEM_SCHEMA, ...SAGEPRO_COMPANIES.map((company) => company.schema)];

export interface SageProSandboxResult {
  /** True when the schemas were (re)built and seeded by this call. */
  created: boolean;
  /** DDL files applied by this call. */
  applied: string[];
  /** Rows written per `schema.table` when seeded. */
  rows?: Record<string, number>;
}

/**
 * Creates the sandbox Sage Pro (prosys, pro01, pro99) in the pool's database when it is missing and
 * seeds it; otherwise applies only DDL files added since, leaving the data alone. Idempotent and
 * serialised by an advisory lock, all in one transaction. A DDL file changed after it was applied, or
 * a half-present sandbox, is an error that `npm run sandbox:sagepro:reset` resolves.
 */
export async function ensureSageProSandbox(pool: pg.Pool, options: SeedOptions = DEFAULT_SEED_OPTIONS): Promise<SageProSandboxResult> {
  return inLockedTransaction(pool, async (client) => {
    const files = readDdlFiles();
    const recorded = await recordedDdl(client);
    const present = await presentSchemas(client);
    if (!recorded.size) {
      if (present.length) throw new Error(`Schemas ${present.join(', ')} exist but were not built by the Sage Pro sandbox: ${RESET_HINT}`);
      return build(client, files, options);
    }
    const missing = SANDBOX_SCHEMAS.filter((schema) => !present.includes(schema));
    if (missing.length) throw new Error(`The Sage Pro sandbox is incomplete (no schema ${missing.join(', ')}): ${RESET_HINT}`);
    const applied: string[] = [];
    for (const file of files) {
      const checksum = recorded.get(file.name);
      if (checksum && checksum !== file.checksum) throw new Error(`Sage Pro sandbox DDL ${file.name} changed after it was applied: ${RESET_HINT}`);
      if (checksum) continue;
      await applyAndRecord(client, file);
      applied.push(file.name);
    }
    return { created: false, applied };
  });
}

/** Drops the sandbox schemas and builds them again with the seed: the state `ensure` first creates. */
export async function resetSageProSandbox(pool: pg.Pool, options: SeedOptions = DEFAULT_SEED_OPTIONS): Promise<SageProSandboxResult> {
  return inLockedTransaction(pool, async (client) => {
    for (const schema of [...SANDBOX_SCHEMAS, SANDBOX_META_SCHEMA]) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    return build(client, readDdlFiles(), options);
  });
}

const RESET_HINT = 'run `npm run sandbox:sagepro:reset` to rebuild it';

async function build(client: pg.PoolClient, files: DdlFile[], options: SeedOptions): Promise<SageProSandboxResult> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(SANDBOX_META_SCHEMA)}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(SANDBOX_META_SCHEMA)}.ddl (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  for (const file of files) await applyAndRecord(client, file);
  const rows = await writeSeed(client, generateSageProSeed(options));
  return { created: true, applied: files.map((file) => file.name), rows };
}

async function applyAndRecord(client: pg.PoolClient, file: DdlFile): Promise<void> {
  for (const schema of schemasFor(file)) await applyDdl(client, file, schema);
  await client.query(`INSERT INTO ${quoteIdent(SANDBOX_META_SCHEMA)}.ddl (name, checksum) VALUES ($1, $2)`, [file.name, file.checksum]);
}

async function writeSeed(client: pg.PoolClient, seed: SageProSeed): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const write = async (schema: string, tables: Record<string, Row[]>) => {
    for (const [table, rows] of Object.entries(tables)) {
      await insertRows(client, schema, table, rows);
      counts[`${schema}.${table}`] = rows.length;
    }
  };
  await write(SYSTEM_SCHEMA, seed.system);
  for (const company of seed.companies) await write(company.company.schema, company.tables);
  return counts;
}

/**
 * One INSERT per table, the rows sent as one JSON parameter and expanded by PostgreSQL
 * (json_populate_recordset casts each value to its column's type, as a parameter would be cast), in
 * the rows' order so id_col follows it. Far cheaper than binding thousands of parameters. Every row of
 * a table has the same columns; the others get their defaults.
 */
async function insertRows(client: pg.PoolClient, schema: string, table: string, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || keys.some((key, i) => key !== columns[i])) throw new Error(`Seed rows of ${schema}.${table} disagree on their columns`);
  }
  const name = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const list = columns.map(quoteIdent).join(', ');
  await client.query(
    `INSERT INTO ${name} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${name}, $1::json) WITH ORDINALITY AS seed ORDER BY seed.ordinality`,
    [JSON.stringify(rows)],
  );
}

async function recordedDdl(client: pg.PoolClient): Promise<Map<string, string>> {
  const exists = await client.query('SELECT to_regclass($1) AS table', [`${SANDBOX_META_SCHEMA}.ddl`]);
  if (!exists.rows[0].table) return new Map();
  const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${quoteIdent(SANDBOX_META_SCHEMA)}.ddl`);
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

async function presentSchemas(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname', [SANDBOX_SCHEMAS]);
  return rows.map((row) => row.nspname);
}

function inLockedTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    return work(client);
  });
}
