/**
 * `npm run demo:reset` (scripts/demo-reset.mjs runs this compiled): the demo tenant back to how its
 * first start left it (demo-reset.ts). The server is DATABASE_URL's; without it, the embedded
 * PostgreSQL of the Settle running on DATA_DIR (DATA_DIR/runtime.json), or, when none runs, that
 * server started here for the duration.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { withDatabase } from '../platform/database/urls.js';
import { startEmbeddedPostgres } from '../platform/runtime/postgres-server.js';
import { readRuntimeFile } from '../platform/runtime/runtime-file.js';
import { SAGEPRO_SANDBOX_DATABASE } from '../sandbox/sagepro/database.js';
import { resetDemoTenant } from './demo-reset.js';
import { type Output, STANDARD_OUTPUT } from '../platform/runtime/cli-output.js';

const USAGE = [
  'Usage: npm run demo:reset',
  '  restores the demo tenant: PayTrace sandbox transactions cleared, Settle\'s events, effects, dead letters,',
  '  reviews and alerts of the tenant cleared, its sandbox Sage Pro company rebuilt from the seed.',
  '  Works with Settle running (its traffic generator carries on from the fresh state) or stopped.',
].join('\n');

interface Server {
  /** Privileged URL of Settle's database. */
  url: string;
  where: string;
  stop(): Promise<void>;
}

/** Runs the command; returns the exit code. A failure is one line on stderr. */
export async function runDemoReset(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Output = STANDARD_OUTPUT): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  if (argv.length) {
    io.err(`demo:reset: unknown argument ${argv[0]}\n${USAGE}`);
    return 1;
  }
  let server: Server | undefined;
  try {
    const sageProDatabase = env.SAGEPRO_SANDBOX_DATABASE?.trim() || SAGEPRO_SANDBOX_DATABASE;
    server = await openServer(env);
    if (!(await databaseExists(server.url))) {
      io.out(`demo:reset: Settle's database does not exist yet (${server.where}); start Settle once with \`npm start\`.`);
      return 0;
    }
    io.out(`Resetting the demo tenant (${server.where})...`);
    const report = await resetDemoTenant({ adminDatabaseUrl: server.url, sageProSandboxDatabase: sageProDatabase });
    if (!report.found) {
      io.out('  no demo tenant: it is seeded at start (SEED=on); nothing to reset.');
      return 0;
    }
    io.out(`  PayTrace sandbox: ${report.merchants.length ? `transactions of ${report.merchants.join(', ')} cleared` : 'no sandbox merchant yet'}`);
    io.out(`  Settle: ${Object.entries(report.cleared).map(([table, n]) => `${table} ${n}`).join(', ')} removed`);
    io.out(`  Sage Pro sandbox: ${report.company ? `${report.company} rebuilt from its seed` : 'not built yet'}`);
    return 0;
  } catch (error) {
    io.err(`demo:reset: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    await server?.stop().catch(() => undefined);
  }
}

async function openServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const given = env.DATABASE_URL?.trim();
  if (given) return { url: given, where: 'the server of DATABASE_URL', stop: async () => undefined };
  const dataDir = resolve(env.DATA_DIR?.trim() || '.data');
  const running = readRuntimeFile(dataDir);
  if (running) return { url: running.adminDatabaseUrl, where: `the Settle running as pid ${running.pid}`, stop: async () => undefined };
  const postgresDir = join(dataDir, 'postgres');
  if (!existsSync(join(postgresDir, 'PG_VERSION'))) throw new Error(`no Settle data under ${dataDir} (DATA_DIR): start Settle once with \`npm start\``);
  const postgres = await startEmbeddedPostgres(postgresDir);
  return { url: withDatabase(postgres.adminUrl, 'settle'), where: `embedded PostgreSQL under ${postgresDir}, started for this run`, stop: postgres.stop };
}

async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
    return Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount);
  } finally {
    await client.end();
  }
}
