import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.js';

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
}

/** Starts redis-server on a loopback port with its data under `dataDir`; resolves once it answers PING. */
export async function startRedisServer(dataDir: string, options: RedisServerOptions = {}): Promise<RunningRedis> {
  ensureRedisServerBinary();
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  // Durability comes from the append-only file; no RDB snapshots (they refuse to stop without a data dir).
  const persistence = options.persist === false ? ['--save', ''] : ['--appendonly', 'yes', '--save', ''];
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--daemonize', 'no', ...persistence],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, child.pid ?? 0);
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPing(url: string, pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
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
  throw new Error(`redis-server (pid ${pid}) did not answer on ${url} within 15 s`);
}
