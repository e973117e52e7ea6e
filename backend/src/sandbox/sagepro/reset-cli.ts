/**
 * `npm run sandbox:sagepro:reset` (scripts/reset-sagepro-sandbox.mjs runs this compiled): rebuilds the
 * sandbox Sage Pro (prosys, pro01, pro99) in the `sagepro_sandbox` database (SAGEPRO_SANDBOX_DATABASE,
 * as the app reads it) with its seed.
 *
 * The server is DATABASE_URL's; without it, the embedded PostgreSQL of the Settle running on DATA_DIR
 * (DATA_DIR/runtime.json), or, when none runs, that server started here for the duration.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../platform/runtime/postgres-server.js';
import { readRuntimeFile } from '../../platform/runtime/runtime-file.js';
import { databaseName } from '../../platform/database/urls.js';
import { ensureSageProSandboxDatabase, SAGEPRO_SANDBOX_DATABASE } from './database.js';
import { grantConnectorAccess, SAGEPRO_CONNECTOR_ROLE } from './faults/connector-role.js';
import { sandboxCompanyPool } from '../provision.js';
import { resetSageProSandbox } from './install.js';
import { DEFAULT_SEED_OPTIONS, type SeedOptions } from './seed.js';
import { type Output, STANDARD_OUTPUT } from '../../platform/runtime/cli-output.js';

const USAGE = [
  'Usage: npm run sandbox:sagepro:reset [-- --seed=<integer>] [-- --as-of=<YYYY-MM-DD>]',
  `  drops and rebuilds the sandbox Sage Pro companies in the ${SAGEPRO_SANDBOX_DATABASE} database (SAGEPRO_SANDBOX_DATABASE)`,
  `  (defaults: --seed=${DEFAULT_SEED_OPTIONS.seed} --as-of=${DEFAULT_SEED_OPTIONS.asOf})`,
].join('\n');

/** A wrong argument: its message is all the person needs (no stack). */
export class UsageError extends Error {}

/** Runs the command; returns the exit code. A failure is one line on stderr. */
export function runSageProReset(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Output = STANDARD_OUTPUT): Promise<number> {
  return runOnEverySandbox({ command: 'sandbox:sagepro:reset', usage: USAGE, argv, env, io, parse: parseOptions }, async ({ pool, url, server, args: options }) => {
    // Rebuilt as the sandboxes' role, so the serving process (which is no superuser) can still use it.
    io.out(`Resetting the Sage Pro sandbox in database ${databaseName(url)} (${server.where})...`);
    const result = await resetSageProSandbox(pool, options);
    // The app creates the connector's role on first use; before that there is nothing to grant
    // (a rebuilt schema has no grants).
    const role = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [SAGEPRO_CONNECTOR_ROLE]);
    if (role.rowCount) await grantConnectorAccess(pool);
    for (const line of summary(result.rows ?? {})) io.out(line);
  });
}

export interface SandboxCommand<T> {
  command: string;
  usage: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  io: Output;
  /** The command's own arguments; a wrong one throws UsageError. */
  parse: (argv: string[]) => T;
}

/**
 * What the sandbox commands share: --help, SAGEPRO_SANDBOX_DATABASE, the server (openServer), and
 * `work` on the shared sandbox database and every tenant's own (`<database>_<tenant>`), one pool at a
 * time, as the sandboxes' role. A wrong argument or value (UsageError, RangeError) is one line; any
 * other failure its stack. Returns the exit code.
 */
export async function runOnEverySandbox<T>(
  { command, usage, argv, env, io, parse }: SandboxCommand<T>,
  work: (on: { pool: pg.Pool; url: string; server: Server; args: T }) => Promise<void>,
): Promise<number> {
  let server: Server | undefined;
  let pool: pg.Pool | undefined;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(usage);
      return 0;
    }
    const args = parse(argv);
    const database = env.SAGEPRO_SANDBOX_DATABASE?.trim() || SAGEPRO_SANDBOX_DATABASE;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new UsageError(`SAGEPRO_SANDBOX_DATABASE "${database}" is not a plain lower-case database name`);
    server = await openServer(env);
    for (const name of [database, ...(await tenantSandboxes(server.url, database))]) {
      const url = await ensureSageProSandboxDatabase(server.url, name);
      pool = await sandboxCompanyPool(server.url, name);
      await work({ pool, url, server, args });
      await pool.end();
      pool = undefined;
    }
    return 0;
  } catch (error) {
    const message = error instanceof UsageError || error instanceof RangeError ? error.message : ((error as Error).stack ?? String(error));
    io.err(`${command}: ${message}`);
    return 1;
  } finally {
    await pool?.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}

/** The tenants' own sandbox databases (`<base>_<tenant>`), by name. */
export async function tenantSandboxes(serverUrl: string, base: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const rows = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname', [`${base}_`]);
    return rows.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

function parseOptions(argv: string[]): SeedOptions {
  const options: SeedOptions = { ...DEFAULT_SEED_OPTIONS };
  for (const arg of argv) {
    const [name, value = ''] = arg.split('=', 2);
    if (name === '--seed' && /^-?\d+$/.test(value)) options.seed = Number(value);
    else if (name === '--as-of' && /^\d{4}-\d{2}-\d{2}$/.test(value)) options.asOf = value;
    else throw new UsageError(`unknown or malformed argument ${arg}\n${USAGE}`);
  }
  return options;
}

export interface Server {
  url: string;
  where: string;
  stop(): Promise<void>;
}

/** DATABASE_URL's server, else the running Settle's embedded PostgreSQL on DATA_DIR, else that server started for the run. */
export async function openServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const given = env.DATABASE_URL?.trim();
  if (given) return { url: given, where: 'the server of DATABASE_URL', stop: async () => undefined };
  const dataDir = resolve(env.DATA_DIR?.trim() || '.data');
  const running = readRuntimeFile(dataDir);
  if (running) {
    return { url: running.adminDatabaseUrl, where: `the embedded PostgreSQL of the Settle running as pid ${running.pid}`, stop: async () => undefined };
  }
  const postgresDir = join(dataDir, 'postgres');
  const fresh = !existsSync(join(postgresDir, 'PG_VERSION'));
  const postgres = await startEmbeddedPostgres(postgresDir);
  return { url: postgres.adminUrl, where: `embedded PostgreSQL under ${postgresDir}, ${fresh ? 'created' : 'started'} for this run`, stop: postgres.stop };
}

function summary(rows: Record<string, number>): string[] {
  const bySchema = new Map<string, string[]>();
  for (const [key, count] of Object.entries(rows)) {
    const [schema, table] = key.split('.');
    bySchema.set(schema, [...(bySchema.get(schema) ?? []), `${table} ${count}`]);
  }
  return [...bySchema].map(([schema, tables]) => `  ${schema.padEnd(7)} ${tables.join(', ')}`);
}
