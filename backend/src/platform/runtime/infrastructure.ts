import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppConfig, ConfigError } from '../config/config.js';
import { APP_ROLE, applyMigrations, ensureAppRole, ensureDatabase, ensureSandboxRole, SANDBOX_ROLE } from '../database/migrator.js';
import { withCredentials, withDatabase } from '../database/urls.js';
import { masterKeyId } from '../secrets/envelope.js';
import { startEmbeddedPostgres } from './postgres-server.js';
import { startRedisServer } from './redis-server.js';
import { refuseIfRunning, writeRuntimeFile } from './runtime-file.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../prisma/migrations', import.meta.url));

/**
 * What the serving process (API and workers) stands on. It holds no privileged URL: migrations, roles
 * and the seed are the privileged start step's (provisionInfrastructure, backend/src/provision.ts).
 */
export interface Infrastructure {
  /** URL the application uses: the settle_app role, subject to row-level security. */
  appDatabaseUrl: string;
  /** URL the built-in sandboxes use: the settle_sandbox role (CREATEDB, nothing more). */
  sandboxDatabaseUrl: string;
  redisUrl: string;
  /** Stops what this process started (embedded PostgreSQL, redis-server); external services are left alone. */
  stop(): Promise<void>;
}

/** What the privileged start step holds: never handed to the serving process. */
export interface PrivilegedInfrastructure extends Infrastructure {
  /** Superuser URL of Settle's database: migrations, roles, seed, master key check. */
  adminDatabaseUrl: string;
}

/**
 * The privileged start step's part: PostgreSQL (DATABASE_URL, or an embedded server under DATA_DIR)
 * with the application's and the sandboxes' roles, migrated to the latest schema, and Redis
 * (REDIS_URL, or a local redis-server).
 *
 * The servers it starts run detached (a session of their own): a terminal's Ctrl-C reaches the app,
 * which stops first, and `stop()` stops them after. Servers a killed run left on DATA_DIR are
 * stopped before new ones start; a live Settle on the same DATA_DIR is refused (DataDirInUse).
 */
export async function provisionInfrastructure(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
): Promise<PrivilegedInfrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    let adminDatabaseUrl = config.DATABASE_URL;
    if (!adminDatabaseUrl) {
      refuseIfRunning(config.dataDir);
      log('Starting embedded PostgreSQL...');
      const postgres = await startEmbeddedPostgres(join(config.dataDir, 'postgres'), { detached: true, log });
      stops.push(postgres.stop);
      await ensureDatabase(postgres.adminUrl, 'settle');
      adminDatabaseUrl = withDatabase(postgres.adminUrl, 'settle');
      // `npm run keys:rotate` finds this server (and the app's key id) through DATA_DIR/runtime.json.
      const removeRuntimeFile = writeRuntimeFile(config.dataDir, {
        adminDatabaseUrl,
        pid: process.pid,
        masterKeyId: masterKeyId(config.masterKey),
      });
      stops.push(async () => removeRuntimeFile());
    }
    if (!config.DATABASE_APP_URL) await ensureAppRole(adminDatabaseUrl, config.databaseAppPassword);
    if (!config.DATABASE_SANDBOX_URL) await ensureSandboxRole(adminDatabaseUrl, config.databaseSandboxPassword);
    const { applied } = await applyMigrations(adminDatabaseUrl, MIGRATIONS_DIR);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);

    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      log('Starting redis-server...');
      const redis = await startRedisServer(join(config.dataDir, 'redis'), { detached: true, log });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    const appDatabaseUrl =
      config.DATABASE_APP_URL ?? withCredentials(adminDatabaseUrl, APP_ROLE, config.databaseAppPassword);
    const sandboxDatabaseUrl =
      config.DATABASE_SANDBOX_URL ?? withCredentials(adminDatabaseUrl, SANDBOX_ROLE, config.databaseSandboxPassword);
    return { adminDatabaseUrl, appDatabaseUrl, sandboxDatabaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The environment the serving process gets from the start step: its own URLs, no DATABASE_URL. */
export function servingEnvironment(env: NodeJS.ProcessEnv, infrastructure: Infrastructure): NodeJS.ProcessEnv {
  const { DATABASE_URL: _privileged, ...rest } = env;
  return {
    ...rest,
    DATABASE_APP_URL: infrastructure.appDatabaseUrl,
    DATABASE_SANDBOX_URL: infrastructure.sandboxDatabaseUrl,
    REDIS_URL: infrastructure.redisUrl,
  };
}

/**
 * The serving process's infrastructure, from the URLs the start step handed over (DATABASE_APP_URL,
 * DATABASE_SANDBOX_URL, REDIS_URL). It refuses a privileged URL rather than hold one.
 */
export function servingInfrastructure(config: AppConfig): Infrastructure {
  if (config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is for the start step (node backend/dist/provision.js, or npm start), not the serving process (give it DATABASE_APP_URL and DATABASE_SANDBOX_URL)');
  }
  const missing = (['DATABASE_APP_URL', 'REDIS_URL'] as const).find((name) => !config[name]);
  if (missing) throw new ConfigError(`Invalid configuration: ${missing} is required by the serving process`);
  if (config.SANDBOXES === 'on' && !config.DATABASE_SANDBOX_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_SANDBOX_URL is required by the serving process when SANDBOXES=on');
  }
  return {
    appDatabaseUrl: config.DATABASE_APP_URL!,
    // SANDBOXES=off: the sandboxes never connect; the app's own URL stands in, unused.
    sandboxDatabaseUrl: config.DATABASE_SANDBOX_URL ?? config.DATABASE_APP_URL!,
    redisUrl: config.REDIS_URL!,
    stop: async () => undefined,
  };
}
