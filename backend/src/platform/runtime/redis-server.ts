import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.js';
import { canonicalDir, isServerOf, processFacts, stopLeftoverServer } from './leftover-server.js';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

const INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y redis-server';

export class MissingRedisError extends Error {
  constructor() {
    super(`redis-server is not installed. Install it with: ${INSTALL_COMMAND} (or set REDIS_URL)`);
  }
}

function hasRedisServer(): boolean {
  return spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure Debian's redis-server is on the PATH: installs it when running as root on a
 * Debian-family system (saying so), otherwise throws MissingRedisError naming the one command to run.
 */
export function ensureRedisServerBinary(log: (line: string) => void = console.log): void {
  if (hasRedisServer()) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!canInstall) throw new MissingRedisError();
  log('redis-server is missing: installing Debian\'s redis-server with apt-get (one time)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const options = { stdio: 'inherit' as const, env, timeout: 300_000 };
  spawnSync('apt-get', ['update'], options);
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], options);
  if (install.status !== 0 || !hasRedisServer()) throw new MissingRedisError();
}

export interface RedisServerOptions {
  /** false: no RDB/AOF files (tests). Default: append-only persistence under `dataDir`. */
  persist?: boolean;
  /** A fixed loopback port (e.g. to restart a stopped server where its clients reconnect); default a free one. */
  port?: number;
  /**
   * true: the server runs in a session of its own, so that a terminal's Ctrl-C (sent to the whole
   * process group) does not reach it and the caller stops it after the app (npm start).
   */
  detached?: boolean;
  /** Where to say that a server a previous run left behind is being stopped. */
  log?: (line: string) => void;
}

/** redis-server's pid (written at start, removed at a clean stop) and log, in its data folder. */
export const REDIS_PID_FILE = 'redis-server.pid';
export const REDIS_LOG = 'redis-server.log';

/**
 * Starts redis-server on a loopback port with its data under `dataDir`; resolves once it answers PING.
 * A redis-server that a killed run left running on the same folder (its pid file names a live
 * redis-server working there) is stopped first; it saves its append-only file as it goes.
 */
export async function startRedisServer(dataDir: string, options: RedisServerOptions = {}): Promise<RunningRedis> {
  ensureRedisServerBinary();
  mkdirSync(dataDir, { recursive: true });
  await stopLeftoverRedis(dataDir, options.log);
  const port = options.port ?? (await findFreePort());
  // Durability comes from the append-only file; no RDB snapshots (they refuse to stop without a data dir).
  const persistence = options.persist === false ? ['--save', ''] : ['--appendonly', 'yes', '--save', ''];
  const dir = resolve(dataDir);
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--pidfile', join(dir, REDIS_PID_FILE), '--logfile', join(dir, REDIS_LOG), ...persistence],
    // Its log goes to the file: a detached server must not hold the terminal's (or a pipe's) output.
    { stdio: 'ignore', detached: options.detached ?? false },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  // Stopped through stop() below; it must not keep the caller's event loop alive on its own.
  child.unref();
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPing(url, child.pid ?? 0, () => child.exitCode !== null || child.signalCode !== null);
  } catch (error) {
    await stop();
    const log = existsSync(join(dir, REDIS_LOG)) ? readFileSync(join(dir, REDIS_LOG), 'utf8').split('\n').slice(-10).join('\n') : '';
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return { url, stop };
}

async function stopLeftoverRedis(dataDir: string, log: (line: string) => void = () => undefined): Promise<void> {
  const pidFile = join(dataDir, REDIS_PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (isServerOf(processFacts(pid), 'redis-server', canonicalDir(dataDir))) {
    log(`Stopping the redis-server (pid ${pid}) that an earlier run left on ${dataDir}...`);
    // SIGTERM: it writes its append-only file and exits.
    await stopLeftoverServer(pid, [
      { signal: 'SIGTERM', waitMs: 15_000 },
      { signal: 'SIGKILL', waitMs: 5_000 },
    ]);
  }
  rmSync(pidFile, { force: true });
}

async function waitForPing(url: string, pid: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !exited()) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server (pid ${pid}) did not answer on ${url}${exited() ? ': it exited' : ' within 15 s'}`);
}
