/**
 * Vitest global setup shared by the e2e and browser projects: ONE PostgreSQL server with a migrated
 * template database, and ONE redis-server, for the whole run. Each test file clones the template
 * (test/support/database.ts, ~100 ms) and uses its own Redis key prefix (test/support/app.ts).
 *
 * - PostgreSQL: embedded (data under .data/test-<pid>/, deleted at teardown) unless DATABASE_URL is
 *   set, in which case that server is used through the URL given (it must be allowed to create
 *   databases and roles). The settle_app role is cluster-wide and gets (re)passworded here: on a
 *   shared server, set DATABASE_APP_PASSWORD to its current password so nothing else loses access.
 * - Redis: a redis-server without persistence unless REDIS_URL is set.
 *
 * Both projects list this file; Vitest runs a project's global setup per project, so the servers
 * are kept on globalThis with a reference count: the first project starts them, the last stops them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations, ensureAppRole, ensureSandboxRole, quoteIdent, SANDBOX_ROLE } from '../../backend/src/platform/database/migrator.js';
import { withCredentials, withDatabase } from '../../backend/src/platform/database/urls.js';
import { prepareSandboxes } from '../../backend/src/sandbox/provision.js';
import { startEmbeddedPostgres } from '../../backend/src/platform/runtime/postgres-server.js';
import { startRedisServer } from '../../backend/src/platform/runtime/redis-server.js';

export interface SharedTestInfrastructure {
  /** Superuser URL of the PostgreSQL server (its `postgres` database, or DATABASE_URL as given). */
  adminServerUrl: string;
  /** Migrated database that every test database is created from (CREATE DATABASE ... TEMPLATE). */
  templateDatabase: string;
  redisUrl: string;
  /** Password of the settle_app role on that server. */
  appPassword: string;
  /** Password of the settle_sandbox role (CREATEDB only) on that server. */
  sandboxPassword: string;
  /** Test databases of this run are named `t_<runId>_<random>`, so leftovers can be dropped at teardown. */
  runId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminServerUrl: string;
    templateDatabase: string;
    redisUrl: string;
    appPassword: string;
    sandboxPassword: string;
    runId: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MIGRATIONS_DIR = join(ROOT, 'prisma', 'migrations');
const STATE = Symbol.for('settle.test.global-infrastructure');

interface State {
  refs: number;
  shared: SharedTestInfrastructure;
  stop(): Promise<void>;
}

type GlobalWithState = typeof globalThis & { [STATE]?: Promise<State> };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const holder = globalThis as GlobalWithState;
  holder[STATE] ??= start().catch((error) => {
    delete holder[STATE];
    throw error;
  });
  const state = await holder[STATE];
  state.refs += 1;
  for (const [key, value] of Object.entries(state.shared)) {
    project.provide(key as keyof SharedTestInfrastructure, value);
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    state.refs -= 1;
    if (state.refs > 0) return;
    delete holder[STATE];
    await state.stop();
  };
}

async function start(): Promise<State> {
  const started = Date.now();
  const dataRoot = resolve(ROOT, '.data', `test-${process.pid}`);
  removeStaleRunDirectories(resolve(ROOT, '.data'));
  const runId = randomBytes(3).toString('hex');
  const stops: (() => Promise<void>)[] = [];
  const ownedPids: number[] = [];
  const emergencyStop = () => {
    // Last resort when the process exits without teardown (crash, process.exit): nothing async runs
    // here, so signal what we started and drop the data directory.
    for (const pid of ownedPids) killQuietly(pid, 'SIGQUIT');
    rmSync(dataRoot, { recursive: true, force: true });
  };
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error) => console.error('[global-setup]', error));
    stops.length = 0;
    process.off('exit', emergencyStop);
    rmSync(dataRoot, { recursive: true, force: true });
  };

  try {
    let adminServerUrl = process.env.DATABASE_URL;
    const external = Boolean(adminServerUrl);
    if (!adminServerUrl) {
      mkdirSync(dataRoot, { recursive: true });
      process.on('exit', emergencyStop);
      const postgres = await startEmbeddedPostgres(join(dataRoot, 'postgres'));
      stops.push(postgres.stop);
      const pid = postmasterPid(join(dataRoot, 'postgres'));
      if (pid) ownedPids.push(pid);
      adminServerUrl = postgres.adminUrl;
      // Throw-away data: durability only costs time here (CREATE DATABASE, commits).
      await withClient(adminServerUrl, async (client) => {
        for (const setting of ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']) {
          await client.query(`ALTER SYSTEM SET ${setting}`);
        }
        await client.query('SELECT pg_reload_conf()');
      });
    }

    // Roles are cluster-wide; reuse a given password so that a shared server's settle_app keeps working.
    const appPassword = process.env.DATABASE_APP_PASSWORD ?? randomBytes(18).toString('hex');
    await ensureAppRole(adminServerUrl, appPassword);
    const sandboxPassword = process.env.DATABASE_SANDBOX_PASSWORD ?? randomBytes(18).toString('hex');
    await ensureSandboxRole(adminServerUrl, sandboxPassword);

    const templateDatabase = `settle_template_${runId}_${randomBytes(3).toString('hex')}`;
    const serverUrl = adminServerUrl;
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(templateDatabase)}`));
    stops.push(async () => {
      await withClient(serverUrl, async (client) => {
        const leftovers = await client.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2",
          [`t\\_${runId}\\_%`, templateDatabase],
        );
        for (const { datname } of leftovers.rows) {
          await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
        }
      });
    });
    await applyMigrations(withDatabase(serverUrl, templateDatabase), MIGRATIONS_DIR);
    // What the start step does for the sandboxes (the connector's role, their schema owned by their
    // role), once: every test database is a copy of the template.
    const templateUrl = withDatabase(serverUrl, templateDatabase);
    await prepareSandboxes({ adminDatabaseUrl: templateUrl, sandboxDatabaseUrl: withCredentials(templateUrl, SANDBOX_ROLE, sandboxPassword), sageProDatabase: templateDatabase });
    // Nobody may connect to the template: a connection would make CREATE DATABASE ... TEMPLATE fail.
    await withClient(serverUrl, (client) =>
      client.query(`ALTER DATABASE ${quoteIdent(templateDatabase)} WITH ALLOW_CONNECTIONS false`),
    );

    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      mkdirSync(dataRoot, { recursive: true });
      const redis = await startRedisServer(join(dataRoot, 'redis'), { persist: false });
      stops.push(redis.stop);
      const pid = await redisPid(redis.url);
      if (pid) {
        ownedPids.push(pid);
        writeFileSync(join(dataRoot, 'redis.pid'), String(pid));
      }
      redisUrl = redis.url;
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const where = [external ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL', process.env.REDIS_URL ? 'Redis from REDIS_URL' : 'redis-server'];
    console.log(`[global-setup] ${where.join(' + ')} ready, template ${templateDatabase} migrated (${seconds} s)`);
    return { refs: 0, shared: { adminServerUrl, templateDatabase, redisUrl, appPassword, sandboxPassword, runId }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function redisPid(url: string): Promise<number | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const info = await client.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** A run that was killed (SIGKILL, power loss) leaves .data/test-<pid>/ and maybe its servers behind. */
function removeStaleRunDirectories(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  for (const entry of readdirSync(dataDir)) {
    const match = /^test-(\d+)$/.exec(entry);
    if (!match || Number(match[1]) === process.pid || isAlive(Number(match[1]))) continue;
    const dir = join(dataDir, entry);
    const postgres = postmasterPid(join(dir, 'postgres'));
    if (postgres && isAlive(postgres)) killQuietly(postgres, 'SIGQUIT');
    const redisFile = join(dir, 'redis.pid');
    const redis = existsSync(redisFile) ? Number(readFileSync(redisFile, 'utf8')) : 0;
    if (redis > 0 && isAlive(redis)) killQuietly(redis, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
