// `npm run schema:graphql`: writes backend/schema.graphql, the committed snapshot of the GraphQL API,
// from the code-first resolvers. No database or Redis is needed: the AppModule is initialised as an
// application context only (see backend/src/platform/graphql/print-schema.ts).
//
//   npm run schema:graphql              rewrite backend/schema.graphql
//   npm run schema:graphql -- --check   exit 1 when the file is out of date (CI)
//
// The backend is compiled with SWC first when a source is newer than backend/dist (the same stamp
// `npm start` uses), because Node runs the compiled JavaScript.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const check = process.argv.includes('--check');

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

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (!existsSync(at('backend', 'src', 'generated', 'prisma', 'client.ts'))) {
  fail('The Prisma client is not generated: run `node scripts/prisma-generate.mjs` (npm ci does it).');
}

const stamp = at('backend', 'dist', '.build-stamp');
const builtAt = existsSync(stamp) ? mtime(stamp) : 0;
if (!builtAt || newest(at('backend', 'src')) > builtAt || mtime(at('.swcrc')) > builtAt) {
  const startedAt = new Date();
  const build = spawnSync('npm', ['run', '--silent', 'build', '-w', 'backend'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) fail('The backend does not compile (see above).');
  writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  utimesSync(stamp, startedAt, startedAt);
}

const { printSettleSchemaOffline, schemaFileContent, SCHEMA_FILE } = await import(
  pathToFileURL(at('backend', 'dist', 'platform', 'graphql', 'print-schema.js')).href
);
const content = schemaFileContent(await printSettleSchemaOffline());
const file = relative(root, SCHEMA_FILE);

if (check) {
  const current = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (current !== content) fail(`${file} is out of date: run \`npm run schema:graphql\` and commit it.`);
  process.stdout.write(`${file} is up to date.\n`);
} else {
  const changed = !existsSync(SCHEMA_FILE) || readFileSync(SCHEMA_FILE, 'utf8') !== content;
  if (changed) writeFileSync(SCHEMA_FILE, content);
  process.stdout.write(`${file} ${changed ? 'written' : 'unchanged'} (${content.split('\n').length - 1} lines).\n`);
}
// Nothing should be left running, but a CLI must not hang on a stray handle.
process.exit(0);
