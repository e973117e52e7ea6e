import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
}

export const RUNTIME_FILE = 'runtime.json';

/** Writes the file (owner-only: the URL carries the local superuser's password) and returns its remover. */
export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): () => void {
  const file = join(dataDir, RUNTIME_FILE);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return () => {
    if (readRuntimeInfo(file)?.pid === info.pid) rmSync(file, { force: true });
  };
}

/** The running app's runtime info, or undefined when none is written or its process is gone. */
export function readRuntimeFile(dataDir: string): RuntimeInfo | undefined {
  const info = readRuntimeInfo(join(dataDir, RUNTIME_FILE));
  return info && isAlive(info.pid) ? info : undefined;
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
