/** Starts Settle (settle-process.ts) in a process of its own on the benchmark's infrastructure. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findFreePort } from '../../../backend/src/platform/runtime/free-port.js';
import type { BenchInfrastructure, SettleDatabase } from './infrastructure.js';
import { type ServerProcess, startServerProcess } from './processes.js';

export interface SettleProcessOptions {
  role: 'api' | 'all' | 'worker';
  /** Settle's own settings (DATABASE_POOL_SIZE, PIPELINE_*, LOG_LEVEL, …), over the benchmark's defaults. */
  settings?: Record<string, string>;
  label: string;
  cpuProfileDir?: string;
  /** A module (absolute path) whose `instrument(app)` wraps methods with timers. */
  instrument?: string;
  /** Another Settle database than the run's first (infra.newDatabase). */
  database?: SettleDatabase;
}

export interface SettleProcess extends ServerProcess {
  baseUrl: string;
  logFile: string;
  /** The Settle database it runs on. */
  database: SettleDatabase;
}

/** Secrets fixed per run, so that every Settle process of a run reads the same data. */
const secrets = new Map<string, { jwt: string; masterKey: string }>();

export async function startSettle(infra: BenchInfrastructure, options: SettleProcessOptions): Promise<SettleProcess> {
  const port = await findFreePort();
  const runSecrets = secrets.get(infra.runId) ?? { jwt: randomBytes(36).toString('base64url'), masterKey: randomBytes(32).toString('base64') };
  secrets.set(infra.runId, runSecrets);
  const logFile = join(infra.dir, `${options.label}.log`);
  const database = options.database ?? { adminUrl: infra.adminUrl, appUrl: infra.appUrl };
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: join(infra.dir, 'data'),
    DATABASE_URL: database.adminUrl,
    DATABASE_APP_URL: database.appUrl,
    DATABASE_APP_PASSWORD: infra.appPassword,
    REDIS_URL: infra.redisUrl,
    REDIS_KEY_PREFIX: infra.redisPrefix,
    SETTLE_JWT_SECRET: runSecrets.jwt,
    SETTLE_MASTER_KEY: runSecrets.masterKey,
    SEED: 'off',
    DEMO: 'off',
    SANDBOXES: 'on',
    // The benchmark's tenant is measured alone, as before environments: no dev and qa sandbox pairs.
    SANDBOX_PAIRS_ON_SIGNUP: 'off',
    // The tenant's sandbox Sage Pro company goes beside the benchmark's database, and is dropped with it.
    SAGEPRO_SANDBOX_DATABASE: databaseOf(database.adminUrl),
    PAYTRACE_PRODUCTION_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'info',
    ...options.settings,
    BENCH_ROLE: options.role,
    BENCH_ADMIN_URL: database.adminUrl,
    ...(options.instrument ? { BENCH_INSTRUMENT: options.instrument } : {}),
  };
  const server = await startServerProcess(new URL('./settle-process.ts', import.meta.url).href, { env, logFile, cpuProfileDir: options.cpuProfileDir });
  return { ...server, baseUrl: `http://127.0.0.1:${port}`, logFile, database };
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
