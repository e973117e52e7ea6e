/**
 * The PostgreSQL server the benchmark runs on: DATABASE_URL's (a superuser URL; the benchmark creates
 * and drops its own databases there), else an embedded server in a temporary directory, started with
 * the app's own startEmbeddedPostgres and its default (durable) settings, stopped and deleted at the end.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { quoteIdent } from '../../../backend/src/platform/database/migrator.js';
import { startEmbeddedPostgres } from '../../../backend/src/platform/runtime/postgres-server.js';

export interface BenchServer {
  adminUrl: string;
  where: string;
  /** The embedded server's postmaster, whose processes' CPU time the benchmark reads from /proc. */
  postmasterPid?: number;
  stop(): Promise<void>;
}

export async function openServer(env: NodeJS.ProcessEnv): Promise<BenchServer> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, where: 'DATABASE_URL', stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'settle-bench-'));
  const dataDir = join(dir, 'postgres');
  let postmasterPid: number | undefined;
  // Ctrl-C or a crash: nothing async runs any more, so signal the server and drop its files.
  const emergency = () => {
    if (postmasterPid) try { process.kill(postmasterPid, 'SIGQUIT'); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = () => {
    emergency();
    process.exit(130);
  };
  process.on('exit', emergency);
  process.once('SIGINT', interrupted);
  try {
    const server = await startEmbeddedPostgres(dataDir);
    postmasterPid = readPid(dataDir);
    return {
      adminUrl: server.adminUrl,
      where: 'embedded, temporary data directory',
      postmasterPid,
      stop: async () => {
        await server.stop().catch(() => undefined);
        process.off('exit', emergency);
        process.off('SIGINT', interrupted);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    emergency();
    process.off('exit', emergency);
    throw error;
  }
}

function readPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

export interface ServerFacts {
  version: string;
  settings: Record<string, string>;
}

export async function describeServer(adminUrl: string): Promise<ServerFacts> {
  const names = ['fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections'];
  const rows = await adminQuery<{ name: string; setting: string }>(
    adminUrl,
    'SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name',
    [names],
  );
  const [{ server_version: version }] = await adminQuery<{ server_version: string }>(adminUrl, 'SHOW server_version');
  return { version, settings: Object.fromEntries(rows.map((row) => [row.name, row.setting])) };
}

/** So that no checkpoint begun by the setup lands inside a timed phase. Needs a superuser; skipped otherwise. */
export async function checkpoint(adminUrl: string): Promise<void> {
  await adminQuery(adminUrl, 'CHECKPOINT').catch(() => undefined);
}

/**
 * CPU time (ms) used so far by the server's processes (the postmaster and its children), per pid,
 * from /proc. Only for the embedded server, whose postmaster this process knows.
 */
export function postgresCpu(postmasterPid: number | undefined): Map<number, number> | undefined {
  if (!postmasterPid || !existsSync('/proc')) return undefined;
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    if (pid !== postmasterPid && Number(fields[1]) !== postmasterPid) continue;
    ticks.set(pid, (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS));
  }
  return ticks;
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS = 100;

export function cpuSince(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
