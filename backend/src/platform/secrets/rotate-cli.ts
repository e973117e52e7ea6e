/**
 * `npm run keys:rotate` (scripts/rotate-master-key.mjs runs this compiled):
 *
 *   SETTLE_MASTER_KEY=<current> SETTLE_NEW_MASTER_KEY=<new> npm run keys:rotate
 *   (restart Settle with SETTLE_MASTER_KEY=<new>)
 *   SETTLE_MASTER_KEY=<new> npm run keys:rotate -- --prune
 *
 * The database is DATABASE_URL's; without it, the embedded PostgreSQL of the Settle running on
 * DATA_DIR (DATA_DIR/runtime.json), or, when none runs, that server started here for the duration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, localSecretFile, MASTER_KEY_FILE, masterKeyFrom } from '../config/config.js';
import { withDatabase } from '../database/urls.js';
import { startEmbeddedPostgres } from '../runtime/postgres-server.js';
import { readRuntimeFile } from '../runtime/runtime-file.js';
import { masterKeyId } from './envelope.js';
import { MasterKeyMismatch } from './master-key-check.js';
import { type RotateResult, RotationError, rotateMasterKey } from './rotate.js';
import { type Output, STANDARD_OUTPUT } from '../runtime/cli-output.js';

const USAGE = [
  'Usage:',
  '  SETTLE_MASTER_KEY=<current key> SETTLE_NEW_MASTER_KEY=<new key> npm run keys:rotate',
  '      wraps every data key under the new key too (the running app keeps working with the current one)',
  '  SETTLE_MASTER_KEY=<new key> npm run keys:rotate -- --prune',
  '      once Settle runs with the new key: deletes what only the old keys could read',
].join('\n');

interface Database {
  url: string;
  where: string;
  runningKeyId?: string;
  stop(): Promise<void>;
}

/** Runs the command; returns the exit code. A failure is one line on stderr. */
export async function runKeyRotation(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Output = STANDARD_OUTPUT): Promise<number> {
  const say = io.out;
  let database: Database | undefined;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      say(USAGE);
      return 0;
    }
    const unknown = argv.find((arg) => arg !== '--prune');
    if (unknown) throw new ConfigError(`unknown argument ${unknown} (see npm run keys:rotate -- --help)`);
    const prune = argv.includes('--prune');
    const dataDir = resolve(env.DATA_DIR?.trim() || '.data');
    const currentKey = currentMasterKey(env, dataDir);
    const newKey = newMasterKey(env, currentKey, prune);

    database = await openDatabase(env, dataDir);
    const currentId = masterKeyId(currentKey);
    if (prune && database.runningKeyId && database.runningKeyId !== currentId) {
      throw new RotationError(
        `Settle is running with master key id ${database.runningKeyId}, not SETTLE_MASTER_KEY's ${currentId}: restart it with the new key before pruning`,
      );
    }
    say(prune ? `Pruning every master key but ${currentId} (${database.where})...` : `Rotating master key ${currentId} → ${masterKeyId(newKey!)} (${database.where})...`);
    const result = await rotateMasterKey({ adminDatabaseUrl: database.url, currentKey, newKey, prune });
    for (const line of prune ? prunedReport(result) : rotatedReport(result)) say(line);
    return 0;
  } catch (error) {
    io.err(`keys:rotate: ${describe(error)}`);
    return 1;
  } finally {
    await database?.stop().catch(() => undefined);
  }
}

function currentMasterKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const given = env.SETTLE_MASTER_KEY?.trim();
  if (given) return masterKeyFrom(given, 'SETTLE_MASTER_KEY');
  // Development keeps its generated key in DATA_DIR, as `npm start` does; production must say it.
  const file = localSecretFile(dataDir, MASTER_KEY_FILE);
  if (env.NODE_ENV !== 'production' && existsSync(file)) return masterKeyFrom(readFileSync(file, 'utf8'), `SETTLE_MASTER_KEY (from ${file})`);
  throw new ConfigError('SETTLE_MASTER_KEY is required: the master key Settle runs with now');
}

function newMasterKey(env: NodeJS.ProcessEnv, currentKey: Buffer, prune: boolean): Buffer | undefined {
  const given = env.SETTLE_NEW_MASTER_KEY?.trim();
  const newKey = given ? masterKeyFrom(given, 'SETTLE_NEW_MASTER_KEY') : undefined;
  if (prune) {
    // Pruning with the old environment (old key current) would delete the rows the restarted app reads.
    if (newKey && !newKey.equals(currentKey)) {
      throw new ConfigError('--prune keeps only SETTLE_MASTER_KEY\'s rows: set SETTLE_MASTER_KEY to the new key Settle now runs with, and unset SETTLE_NEW_MASTER_KEY');
    }
    return undefined;
  }
  if (!newKey) throw new ConfigError('SETTLE_NEW_MASTER_KEY is required: the key to rotate to (generate one with: openssl rand -base64 32; see npm run keys:rotate -- --help)');
  return newKey;
}

async function openDatabase(env: NodeJS.ProcessEnv, dataDir: string): Promise<Database> {
  const given = env.DATABASE_URL?.trim();
  if (given) return { url: given, where: 'DATABASE_URL', stop: async () => undefined };
  const running = readRuntimeFile(dataDir);
  if (running) {
    return {
      url: running.adminDatabaseUrl,
      where: `the embedded PostgreSQL of the Settle running as pid ${running.pid}`,
      runningKeyId: running.masterKeyId,
      stop: async () => undefined,
    };
  }
  const postgresDir = join(dataDir, 'postgres');
  if (!existsSync(join(postgresDir, 'PG_VERSION'))) {
    throw new ConfigError(`no database to rotate: DATABASE_URL is unset, no Settle runs on ${dataDir}, and ${postgresDir} holds no PostgreSQL data`);
  }
  const postgres = await startEmbeddedPostgres(postgresDir);
  return { url: withDatabase(postgres.adminUrl, 'settle'), where: `embedded PostgreSQL under ${postgresDir}, started for this run`, stop: postgres.stop };
}

function rotatedReport(result: RotateResult): string[] {
  return [
    `Re-wrapped ${result.rewrapped} data key${result.rewrapped === 1 ? '' : 's'} under master key ${result.newKeyId} ` +
      `(${result.dataKeys} in all; the rows under ${result.currentKeyId} are kept, so the running app keeps working).`,
    `Next: restart Settle with SETTLE_MASTER_KEY=<the new key>, then run: SETTLE_MASTER_KEY=<the new key> npm run keys:rotate -- --prune`,
  ];
}

function prunedReport(result: RotateResult): string[] {
  const from = result.prunedKeyIds.length ? ` of master key ${result.prunedKeyIds.join(', ')}` : '';
  return [
    `Pruned ${result.prunedRows} data key row${result.prunedRows === 1 ? '' : 's'} and ${result.prunedCanaries} canar${result.prunedCanaries === 1 ? 'y' : 'ies'}${from}; ` +
      `all ${result.dataKeys} data keys are wrapped only by ${result.currentKeyId} now.`,
  ];
}

function describe(error: unknown): string {
  if (error instanceof ConfigError || error instanceof RotationError || error instanceof MasterKeyMismatch) return error.message;
  const code = (error as { code?: string }).code;
  if (code === '42P01') return 'the database has no tenant_data_keys table yet: start Settle once so that it applies its migrations';
  return (error as Error).stack ?? String(error);
}
