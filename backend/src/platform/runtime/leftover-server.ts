import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * What the operating system says about a process: enough to tell a server Settle started on a data
 * folder from an unrelated process that got its pid after a crash.
 */
export interface ProcessFacts {
  pid: number;
  /** Executable name as the kernel reports it (Linux /proc/<pid>/comm, else `ps -o comm=`). */
  name: string;
  /** Working directory (Linux only): postgres and redis-server chdir to their data folder. */
  cwd?: string;
  /** Start time in clock ticks since boot (Linux only): a recycled pid has another. */
  startTicks?: number;
}

/**
 * Whether a process is the `server` (postgres, redis-server) of `dataDir`: same executable name and,
 * where the system tells (Linux), running in that folder. A recycled pid fails one of the two.
 */
export function isServerOf(facts: ProcessFacts | undefined, server: string, dataDir: string): boolean {
  if (!facts) return false;
  const name = facts.name.replace(/^.*\//, '');
  if (name !== server && !name.startsWith(`${server}:`) && !name.startsWith(`${server} `)) return false;
  return facts.cwd === undefined || facts.cwd === dataDir;
}

/** Facts about `pid`, or undefined when no such process runs (a zombie counts as gone). */
export function processFacts(pid: number): ProcessFacts | undefined {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      let cwd: string | undefined;
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        cwd = undefined; // not ours to see: the name alone decides
      }
      return { pid, name, cwd, startTicks: Number(fields[19]) };
    } catch {
      return undefined; // it ended while we looked
    }
  }
  const ps = spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
  const name = ps.status === 0 ? ps.stdout.trim() : '';
  return name ? { pid, name } : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The canonical path of a folder (symlinks resolved), as /proc reports a working directory. */
export function canonicalDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `pid` is gone; returns false if it still runs after `ms`. */
export async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processFacts(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops a server a previous run left behind (it is not our child): the polite signal first, then
 * harder ones when it does not go. Returns once the process is gone.
 */
export async function stopLeftoverServer(pid: number, signals: { signal: NodeJS.Signals; waitMs: number }[]): Promise<void> {
  for (const { signal, waitMs } of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    if (await waitUntilGone(pid, waitMs)) return;
  }
  throw new Error(`process ${pid} did not stop`);
}
