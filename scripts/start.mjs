// `npm start`: brings the checkout up to date (Prisma client, backend build, portal build) only where
// something changed, then runs backend/dist/main.js in this very process, so that Ctrl-C reaches it
// directly. Arguments pass through: `npm start -- --role=worker`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);

/** Newest modification time under `path` (a file or a directory), 0 when nothing is there. */
function newest(path) {
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

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function step(label, command, args, options = {}) {
  const started = Date.now();
  process.stdout.write(`${label}...\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(`${label}: ${ok ? 'done' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n`);
  return ok;
}

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

if (!existsSync(at('node_modules', '@swc', 'cli'))) {
  fail('Dependencies are not installed: run `npm ci` first.');
}

// 1. Prisma client (generated TypeScript under backend/src/generated, compiled with the backend).
const prismaClient = at('backend', 'src', 'generated', 'prisma', 'client.ts');
if (!existsSync(prismaClient) || mtime(at('prisma', 'schema.prisma')) > mtime(prismaClient)) {
  if (!step('Generating the Prisma client', process.execPath, [at('scripts', 'prisma-generate.mjs')])) {
    fail('Could not generate the Prisma client (see above).');
  }
}

// 2. Backend: SWC, only when a source is newer than the last build.
const backendStamp = at('backend', 'dist', '.build-stamp');
const backendBuiltAt = existsSync(backendStamp) ? mtime(backendStamp) : mtime(at('backend', 'dist', 'main.js'));
if (!backendBuiltAt || newest(at('backend', 'src')) > backendBuiltAt || mtime(at('.swcrc')) > backendBuiltAt) {
  const startedAt = new Date();
  if (!step('Building the backend (SWC)', 'npm', ['run', '--silent', 'build', '-w', 'backend'])) {
    fail('The backend does not compile (see above).');
  }
  writeFileSync(backendStamp, `${startedAt.toISOString()}\n`);
  // Sources saved during the build must trigger the next one: date the stamp from the build's start.
  utimesSync(backendStamp, startedAt, startedAt);
}

// 3. Portal: Vite, only when portal/src or its entry is newer than portal/dist.
if (!existsSync(at('portal', 'src'))) {
  process.stdout.write('Portal: portal/src does not exist yet, starting without the admin portal.\n');
} else {
  const builtAt = mtime(at('portal', 'dist', 'index.html'));
  const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) => newest(at('portal', name)));
  if (!builtAt || Math.max(...inputs) > builtAt) {
    if (!step('Building the portal (Vite)', 'npm', ['run', '--silent', 'build', '-w', 'portal'])) {
      process.stderr.write(
        existsSync(at('portal', 'dist', 'index.html'))
          ? 'WARNING: the portal does not build; serving the previous build from portal/dist.\n'
          : 'WARNING: the portal does not build; starting without the admin portal.\n',
      );
    }
  }
}

// 4. Run the backend in this process (argv, env and signals are ours).
const main = at('backend', 'dist', 'main.js');
if (!existsSync(main)) fail('backend/dist/main.js is missing after the build: does backend/src/main.ts exist?');
await import(pathToFileURL(main).href);
