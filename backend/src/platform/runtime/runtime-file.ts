import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processFacts } from './leftover-server.js';

/**
 * DATA_DIR/runtime.json: how tools (`npm run keys:rotate`) reach the embedded PostgreSQL of a running
 * Settle. Written when the app starts that server, removed when it stops it; a file left by a process
 * that died is ignored.
 */
export interface RuntimeInfo {
  adminDatabaseUrl: string;
  pid: number;
  /** Id (not the key) of the SETTLE_MASTER_KEY the app runs with. */
  masterKeyId?: string;
  /** The process's start time (Linux): a later process that got the same pid is not the app. */
  startTicks?: number;
}

/** `npm start` on a data folder whose Settle is running: two would share (and stop) one PostgreSQL and Redis. */
export class DataDirInUse extends Error {
  constructor(dataDir: string, pid: number) {
    super(`Settle is already running from ${dataDir} (pid ${pid}): stop it first, or start this one with another DATA_DIR`);
  }
}

/** Throws DataDirInUse when a live Settle wrote DATA_DIR/runtime.json; a dead one's file is no obstacle. */
export function refuseIfRunning(dataDir: string): void {
  const running = readRuntimeFile(dataDir);
  if (running && running.pid !== process.pid) throw new DataDirInUse(dataDir, running.pid);
}

export const RUNTIME_FILE = 'runtime.json';

/** Writes the file (owner-only: the URL carries the local superuser's password) and returns its remover. */
export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): () => void {
  const file = join(dataDir, RUNTIME_FILE);
  mkdirSync(dataDir, { recursive: true });
  const stamped: RuntimeInfo = { ...info, startTicks: info.startTicks ?? processFacts(info.pid)?.startTicks };
  writeFileSync(file, `${JSON.stringify(stamped, null, 2)}\n`, { mode: 0o600 });
  return () => {
    if (readRuntimeInfo(file)?.pid === info.pid) rmSync(file, { force: true });
  };
}

/** The running app's runtime info, or undefined when none is written or its process is gone. */
export function readRuntimeFile(dataDir: string): RuntimeInfo | undefined {
  const info = readRuntimeInfo(join(dataDir, RUNTIME_FILE));
  if (!info || !isAlive(info.pid)) return undefined;
  // The pid may have been given to another process since (after a kill -9, say): same start time or not it.
  const startTicks = processFacts(info.pid)?.startTicks;
  return info.startTicks === undefined || startTicks === undefined || startTicks === info.startTicks ? info : undefined;
}

function readRuntimeInfo(file: string): RuntimeInfo | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<RuntimeInfo>;
    return typeof info.adminDatabaseUrl === 'string' && Number.isInteger(info.pid) ? (info as RuntimeInfo) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
