/**
 * One Settle deployment for reliability tests: a database, a Redis key prefix, a DATA_DIR and one set
 * of secrets, shared by every process of the deployment. Unlike startTestApp (one app, role `all`, the
 * run's shared Redis), a stack runs apps of any role against any Redis, one after another or next to
 * child worker processes (worker-process.ts) that get the very same environment:
 *
 *   const stack = await createStack();
 *   const api = await stack.startApp({ role: 'api' });
 *   const worker = await startWorkerProcess(build, stack.env());
 *   ...
 *   await api.close(); await stack.close();
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { inject } from 'vitest';
import { createSettleApp } from '../../backend/src/app.factory.js';
import { loadConfig } from '../../backend/src/platform/config/config.js';
import { findFreePort } from '../../backend/src/platform/runtime/free-port.js';
import type { ProcessRole } from '../../backend/src/platform/tokens.js';
import { type TestApp, testAppOf } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { deleteRedisKeys } from '../support/redis-keys.js';

export interface Stack {
  database: TestDatabase;
  redisPrefix: string;
  dataDir: string;
  /** The environment every process of the stack runs with (config variables only), plus `overrides`. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** An in-process Settle app of this stack; `api` and `all` listen on a free port, `worker` does not. */
  startApp(options?: { role?: ProcessRole; env?: Record<string, string> }): Promise<TestApp>;
  /** Drops the database, deletes the prefix's keys in every Redis the stack used, removes DATA_DIR. */
  close(): Promise<void>;
}

/** `env` is the stack's base environment (e.g. REDIS_URL of a private redis-server, PIPELINE_* knobs). */
export async function createStack(base: Record<string, string> = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const redisPrefix = `t_rel_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-reliability-'));
  const redisUrls = new Set<string>();
  const secrets = { jwt: randomBytes(36).toString('base64url'), masterKey: randomBytes(32).toString('base64'), sandboxAdmin: randomBytes(24).toString('base64url') };
  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SETTLE_JWT_SECRET: secrets.jwt,
    SETTLE_MASTER_KEY: secrets.masterKey,
    SANDBOX_ADMIN_KEY: secrets.sandboxAdmin,
    LOG_LEVEL: 'warn',
    DATABASE_APP_URL: database.appUrl,
    DATABASE_SANDBOX_URL: database.sandboxUrl,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: redisPrefix,
    PAYTRACE_PRODUCTION_URL: 'http://127.0.0.1:9',
    SAGEPRO_SANDBOX_DATABASE: database.name,
    SEED: 'off',
    DEMO: 'off',
    ...base,
    ...overrides,
  });

  return {
    database,
    redisPrefix,
    dataDir,
    env,
    async startApp({ role = 'all', env: overrides = {} } = {}) {
      const port = await findFreePort();
      const values = env({ PUBLIC_URL: `http://127.0.0.1:${port}`, ...overrides });
      redisUrls.add(values.REDIS_URL);
      const config = loadConfig(values);
      const app: NestFastifyApplication = await createSettleApp({
        config,
        infrastructure: { appDatabaseUrl: database.appUrl, sandboxDatabaseUrl: database.sandboxUrl, redisUrl: values.REDIS_URL, stop: async () => undefined },
        role,
      });
      const baseUrl = `http://127.0.0.1:${port}`;
      if (role !== 'worker') {
        try {
          await app.listen(port, '127.0.0.1');
        } catch (error) {
          await app.close().catch(() => undefined);
          throw error;
        }
      }
      return testAppOf({
        app,
        config,
        database,
        redisPrefix,
        baseUrl,
        listens: role !== 'worker',
        close: () => app.close().catch((error) => console.error('[stack] app close failed:', error)),
      });
    },
    async close() {
      await database.drop();
      for (const url of redisUrls) await deleteRedisKeys(url, redisPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
