import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/config.js';
import { APP_ROLE, applyMigrations, ensureAppRole, ensureDatabase } from '../database/migrator.js';
import { withCredentials, withDatabase } from '../database/urls.js';
import { masterKeyId } from '../secrets/envelope.js';
import { startEmbeddedPostgres } from './postgres-server.js';
import { startRedisServer } from './redis-server.js';
import { writeRuntimeFile } from './runtime-file.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../prisma/migrations', import.meta.url));

export interface Infrastructure {
  /** Privileged URL of Settle's database: migrations, seed, tests. */
  adminDatabaseUrl: string;
  /** URL the application uses: the settle_app role, subject to row-level security. */
  appDatabaseUrl: string;
  redisUrl: string;
  /** Stops what this process started (embedded PostgreSQL, redis-server); external services are left alone. */
  stop(): Promise<void>;
}

/**
 * Brings up what the platform stands on: PostgreSQL (DATABASE_URL, or an embedded server under
 * DATA_DIR) migrated to the latest schema, and Redis (REDIS_URL, or a local redis-server).
 */
export async function provisionInfrastructure(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    let adminDatabaseUrl = config.DATABASE_URL;
    if (!adminDatabaseUrl) {
      log('Starting embedded PostgreSQL...');
      const postgres = await startEmbeddedPostgres(join(config.dataDir, 'postgres'));
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
    const { applied } = await applyMigrations(adminDatabaseUrl, MIGRATIONS_DIR);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);

    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      log('Starting redis-server...');
      const redis = await startRedisServer(join(config.dataDir, 'redis'));
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    const appDatabaseUrl =
      config.DATABASE_APP_URL ?? withCredentials(adminDatabaseUrl, APP_ROLE, config.databaseAppPassword);
    return { adminDatabaseUrl, appDatabaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
