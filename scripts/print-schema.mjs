// `npm run schema:graphql`: writes backend/schema.graphql, the committed snapshot of the GraphQL API,
// from the code-first resolvers. No database or Redis is needed: the AppModule is initialised as an
// application context only (see backend/src/print-schema.ts).
//
//   npm run schema:graphql              rewrite backend/schema.graphql
//   npm run schema:graphql -- --check   exit 1 when the file is out of date (CI)
//
// The backend is compiled with SWC first when a source is newer than backend/dist (the same stamp
// `npm start` uses), because Node runs the compiled JavaScript.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, root } from './lib/backend-build.mjs';

const check = process.argv.includes('--check');

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (!existsSync(at('backend', 'src', 'generated', 'prisma', 'client.ts'))) {
  fail('The Prisma client is not generated: run `node scripts/prisma-generate.mjs` (npm ci does it).');
}

if (!ensureBackendBuilt({ quiet: true })) fail('The backend does not compile (see above).');

const { printSettleSchemaOffline, schemaFileContent, SCHEMA_FILE } = await import(
  pathToFileURL(at('backend', 'dist', 'print-schema.js')).href
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
