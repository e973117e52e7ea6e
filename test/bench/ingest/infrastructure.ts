/**
 * What the ingest and end-to-end benchmarks stand on: one PostgreSQL server (DATABASE_URL, else an
 * embedded one in a temporary directory with the server's default, durable settings, as
 * bench:sagepro uses), a fresh Settle database on it, migrated, and one Redis (REDIS_URL, else a
 * redis-server without persistence, as the test suite runs it). Everything made here is removed by
 * `stop()`, also on Ctrl-C; BENCH_KEEP=1 keeps the temporary directory (server logs, CPU profiles).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ROLE, applyMigrations, ensureAppRole } from '../../../backend/src/platform/database/migrator.js';
import { withCredentials, withDatabase } from '../../../backend/src/platform/database/urls.js';
import { MIGRATIONS_DIR } from '../../../backend/src/platform/runtime/infrastructure.js';
import { startRedisServer } from '../../../backend/src/platform/runtime/redis-server.js';
import { adminQuery, type BenchServer, createDatabase, describeServer, dropDatabase, openServer, type ServerFacts } from '../sagepro/server.js';
import { deleteRedisKeys } from '../../support/redis-keys.js';

export interface BenchInfrastructure {
  runId: string;
  /** Superuser URL of the Settle database. */
  adminUrl: string;
  /** The same database as settle_app (row-level security applies). */
  appUrl: string;
  appPassword: string;
  /** Superuser URL of the server (its maintenance database). */
  serverUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** A temporary directory for DATA_DIR, logs and CPU profiles; deleted at the end unless kept. */
  dir: string;
  postmasterPid?: number;
  facts: ServerFacts & { where: string };
  /** Another fresh, migrated Settle database on the same server (dropped with the rest). */
  newDatabase(label: string): Promise<SettleDatabase>;
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

export interface SettleDatabase {
  adminUrl: string;
  appUrl: string;
}

export async function openInfrastructure(name: string, env: NodeJS.ProcessEnv = process.env): Promise<BenchInfrastructure> {
  const runId = randomBytes(3).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), `settle-bench-${name}-`));
  const stops: (() => Promise<void>)[] = [];
  const stop = async (options: { keepDir?: boolean } = {}) => {
    for (const fn of stops.splice(0).reverse()) await fn().catch((error) => process.stderr.write(`[bench] cleanup: ${(error as Error).message}\n`));
    if (options.keepDir || env.BENCH_KEEP === '1') process.stderr.write(`[bench] kept ${dir} (logs, CPU profiles)\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    const server: BenchServer = await openServer(env);
    stops.push(() => server.stop());
    const serverUrl = server.adminUrl;
    const database = `settle_bench_${name}_${runId}`;
    await createDatabase(serverUrl, database);
    // On a shared server (DATABASE_URL) the databases the app made beside ours go too (Sage Pro sandboxes).
    stops.push(async () => {
      const rows = await adminQuery<{ datname: string }>(serverUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`settle_bench_${name}_${runId}`]);
      for (const { datname } of rows) await dropDatabase(serverUrl, datname);
    });
    // settle_app is cluster-wide: on a server of our own any password will do; on a shared one, reuse its password.
    if (env.DATABASE_URL && !env.DATABASE_APP_PASSWORD) throw new Error('With DATABASE_URL, set DATABASE_APP_PASSWORD to the settle_app role\'s password (it is cluster-wide and other users of the server rely on it).');
    const appPassword = env.DATABASE_APP_PASSWORD ?? randomBytes(18).toString('hex');
    await ensureAppRole(serverUrl, appPassword);
    const adminUrl = withDatabase(serverUrl, database);
    await applyMigrations(adminUrl, MIGRATIONS_DIR);
    const newDatabase = async (label: string): Promise<SettleDatabase> => {
      const name = `${database}_${label}`;
      await createDatabase(serverUrl, name);
      const url = withDatabase(serverUrl, name);
      await applyMigrations(url, MIGRATIONS_DIR);
      return { adminUrl: url, appUrl: withCredentials(url, APP_ROLE, appPassword) };
    };

    let redisUrl = env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedisServer(join(dir, 'redis'), { persist: false });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    const redisPrefix = `bench_${name}_${runId}`;
    const url = redisUrl;
    stops.push(() => deleteRedisKeys(url, redisPrefix));

    const facts = { ...(await describeServer(serverUrl)), where: server.where };
    return {
      runId, adminUrl, appUrl: withCredentials(adminUrl, APP_ROLE, appPassword), appPassword, serverUrl, redisUrl, redisPrefix, dir,
      postmasterPid: server.postmasterPid, facts, newDatabase, stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
