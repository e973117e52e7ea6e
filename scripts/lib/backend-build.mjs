// Shared by the scripts that run compiled backend code (start, print-schema, rotate-master-key): the
// Prisma client and the SWC build are brought up to date only when something they come from changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const at = (...parts) => join(root, ...parts);

export const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Newest modification time under `path` (a file or a directory), 0 when nothing is there. */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let time = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    time = Math.max(time, newest(join(path, entry)));
  }
  return time;
}

/**
 * Runs a command from the repository root. Unless `quiet`, prints `label...` and `label: done in N s`
 * around its output; quiet, it prints nothing unless the command fails, and then its whole output.
 */
export function step(label, command, args, { quiet = false } = {}) {
  const started = Date.now();
  if (!quiet) process.stdout.write(`${label}...\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8' });
  const ok = result.status === 0;
  if (quiet && !ok) process.stderr.write(`${label} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}\n`);
  if (!quiet) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${label}: ${ok ? 'done' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n`);
  }
  return ok;
}

/** Generates the Prisma client (TypeScript under backend/src/generated) when schema.prisma is newer. */
export function ensurePrismaClient({ quiet = false } = {}) {
  if (!existsSync(at('backend', 'src'))) return true; // the production image: compiled into backend/dist
  const client = at('backend', 'src', 'generated', 'prisma', 'client.ts');
  if (!existsSync(at('prisma', 'schema.prisma'))) return existsSync(client);
  if (existsSync(client) && mtime(at('prisma', 'schema.prisma')) <= mtime(client)) return true;
  return step('Generating the Prisma client', process.execPath, [at('scripts', 'prisma-generate.mjs')], { quiet });
}

/**
 * Compiles backend/src to backend/dist with SWC when a source (or .swcrc) is newer than the last
 * build, whose start time backend/dist/.build-stamp records. Without backend/src (the production
 * image ships backend/dist only) there is nothing to build. Returns false when it does not compile.
 */
export function ensureBackendBuilt({ quiet = false } = {}) {
  if (!existsSync(at('backend', 'src'))) return existsSync(at('backend', 'dist', 'main.js'));
  const stamp = at('backend', 'dist', '.build-stamp');
  const builtAt = existsSync(stamp) ? mtime(stamp) : mtime(at('backend', 'dist', 'main.js'));
  if (builtAt && newest(at('backend', 'src')) <= builtAt && mtime(at('.swcrc')) <= builtAt) return true;
  const startedAt = new Date();
  if (!step('Building the backend (SWC)', 'npm', ['run', '--silent', 'build', '-w', 'backend'], { quiet })) return false;
  writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  // Sources saved during the build must trigger the next one: date the stamp from the build's start.
  utimesSync(stamp, startedAt, startedAt);
  return true;
}
