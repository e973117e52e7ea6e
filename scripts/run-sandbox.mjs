// `npm run sandbox:<name>`: builds the backend (SWC) when a source is newer than the last build, then
// runs backend/dist/sandbox/<name>/standalone.js in this process, so that Ctrl-C reaches it directly.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Newest modification time under `path`, 0 when nothing is there. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((time, entry) => Math.max(time, newest(join(path, entry))), 0);
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const name = process.argv[2] ?? '';
if (!/^[a-z][a-z0-9-]*$/.test(name) || !existsSync(at('backend', 'src', 'sandbox', name, 'standalone.ts'))) {
  fail(`Usage: node scripts/run-sandbox.mjs <name>, where backend/src/sandbox/<name>/standalone.ts exists (got "${name}").`);
}

// Same stamp as scripts/start.mjs: the time the last backend build started.
const stamp = at('backend', 'dist', '.build-stamp');
const entry = at('backend', 'dist', 'sandbox', name, 'standalone.js');
const builtAt = Math.min(mtime(stamp) || mtime(entry), mtime(entry));
if (!builtAt || newest(at('backend', 'src')) > builtAt || mtime(at('.swcrc')) > builtAt) {
  const startedAt = new Date();
  process.stdout.write('Building the backend (SWC)...\n');
  const build = spawnSync('npm', ['run', '--silent', 'build', '-w', 'backend'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('The backend does not compile (see above).');
  writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  utimesSync(stamp, startedAt, startedAt);
}

await import(pathToFileURL(entry).href);
