// `npm run scan:pan`: looks for card numbers (PANs) wherever Settle keeps or prints data, and exits 1
// when it finds one, naming where (database.schema.table.column, or file:line) with the number masked
// (its last four digits). A card number is what Settle's redaction looks for (13–19 digits, a brand's
// prefix and length, Luhn-valid; backend/src/platform/card-data). It reads:
//
// - every database (Settle's and the sandboxes') on the PostgreSQL of a running `npm start`
//   (DATA_DIR/runtime.json) and on DATABASE_URL when it is set;
// - the test databases of the last `npm test`: the test harness scans each one just before it drops it
//   and writes what it found to DATA_DIR/pan-scan/test-databases.jsonl (test/support/database.ts);
// - every *.log file under DATA_DIR (LOG_FILE, PostgreSQL's and Redis's logs) and the output of the last
//   `npm test` (DATA_DIR/test-output.log).
//
// Random hex (token digests, UUIDs) is skipped: one in a few hundred would pass for a card number.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, root } from './lib/backend-build.mjs';

const dataDir = resolve(root, process.env.DATA_DIR ?? '.data');
const TEST_DATABASE_FINDINGS = join(dataDir, 'pan-scan', 'test-databases.jsonl');
const RANDOM_HEX = /[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
/** Files that are not text anyone or anything wrote as output (JSON timings would pass for numbers). */
const SKIPPED_FILES = new Set(['test-results.json']);

if (!ensureBackendBuilt({ quiet: true })) {
  process.stderr.write('scan:pan: the backend does not compile (see above).\n');
  process.exit(2);
}
const dist = (...path) => import(pathToFileURL(at('backend', 'dist', ...path)).href);
const { findWholeCardNumbers, maskCardNumber } = await dist('platform', 'card-data', 'card-numbers.js');
const { databasesOf, findStoredCardNumbers } = await dist('platform', 'card-data', 'scan-database.js');
const { withDatabase } = await dist('platform', 'database', 'urls.js');
const { readRuntimeFile } = await dist('platform', 'runtime', 'runtime-file.js');

const hits = [];
const covered = [];
const notes = [];

// 1. Live databases.
const servers = new Map();
if (process.env.DATABASE_URL) servers.set('DATABASE_URL', process.env.DATABASE_URL);
const runtime = readRuntimeFile(dataDir);
if (runtime) servers.set(`the running Settle (${relative(root, dataDir) || '.'}/runtime.json)`, runtime.adminDatabaseUrl);
if (!servers.size) notes.push(`no running Settle (${relative(root, dataDir)}/runtime.json) and no DATABASE_URL: no live database scanned`);
for (const [label, serverUrl] of servers) {
  try {
    const names = await databasesOf(serverUrl);
    for (const name of names) {
      for (const found of await findStoredCardNumbers(withDatabase(serverUrl, name))) hits.push(`${found.database}: ${found.where} ${found.masked}`);
    }
    covered.push(`${names.length} database(s) on ${label}`);
  } catch (error) {
    hits.push(`${label}: could not be scanned (${error.message})`);
  }
}

// 2. Test databases, scanned by the harness before they were dropped.
if (existsSync(TEST_DATABASE_FINDINGS)) {
  let scanned = 0;
  for (const line of readFileSync(TEST_DATABASE_FINDINGS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line);
    if (entry.scanned) scanned += 1;
    else if (entry.error) hits.push(`test database ${entry.database}: could not be scanned (${entry.error})`);
    else hits.push(`test database ${entry.database}: ${entry.where} ${entry.masked}`);
  }
  covered.push(`${scanned} test database(s) of the last npm test`);
} else {
  notes.push('no test databases recorded (run `npm test` first)');
}

// 3. Log files and the test output.
let files = 0;
for (const file of textFiles(dataDir)) {
  files += 1;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    for (const digits of findWholeCardNumbers(line.replace(ANSI, '').replace(RANDOM_HEX, ' '))) hits.push(`${relative(root, file)}:${index + 1} ${maskCardNumber(digits)}`);
  });
}
covered.push(`${files} log and output file(s) under ${relative(root, dataDir)}/`);

for (const note of notes) process.stdout.write(`scan:pan: ${note}\n`);
if (hits.length) {
  process.stdout.write(`scan:pan: ${hits.length} card number(s) found in ${covered.join(', ')}:\n${hits.map((hit) => `  ${hit}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`scan:pan: no card number in ${covered.join(', ')}\n`);

/** *.log files and the test output under `dir`, outside PostgreSQL's and Redis's data files. */
function* textFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return; // gone, or not ours to read (a server's data folder)
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue; // removed while we looked (another run's teardown)
    }
    if (stat.isDirectory()) yield* textFiles(path);
    else if (entry.endsWith('.log') && !SKIPPED_FILES.has(entry)) yield path;
  }
}
