import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A PostgreSQL or Redis server process found on this machine. */
export interface ServerProcess {
  pid: number;
  kind: 'postgres' | 'redis-server';
  args: string;
}

/**
 * postgres and redis-server processes that belong to `dataDir`: their command line names it
 * (postgres -D <dir>) or their working directory is in it (redis-server rewrites its process title
 * but chdirs to --dir; postgres chdirs to its data directory). Zombies have neither and are ignored.
 */
export function serversUsing(dataDir: string): ServerProcess[] {
  const found: ServerProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      const kind = comm.startsWith('redis-server') || args.startsWith('redis-server') ? 'redis-server' : comm === 'postgres' || /\bpostgres\b/.test(args) ? 'postgres' : undefined;
      if (!kind) continue;
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // no access or gone
      }
      if (args.includes(dataDir) || cwd.startsWith(dataDir)) found.push({ pid: Number(entry), kind, args });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
