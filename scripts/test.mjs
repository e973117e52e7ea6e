// `npm test`: type-check (backend, portal), then every Vitest project (unit, e2e, browser), then `npm run scan:pan` (no
// card number in any test database, log or in this very output; counted as one test). Whatever
// happens, the very last line printed is the tally `N passed, N failed` (`, N skipped` when there are
// any), and the exit code is non-zero when anything failed. Extra arguments go to Vitest:
// `npm test -- --project unit`. Everything printed is also written to .data/test-output.log, for the scan.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsFile = join(root, '.data', 'test-results.json');
const outputFile = join(root, '.data', 'test-output.log');
const panFindings = join(root, '.data', 'pan-scan', 'test-databases.jsonl');

// Everything this run prints also goes to outputFile, written as it is printed (the scan reads it).
mkdirSync(join(root, '.data'), { recursive: true });
const outputFd = openSync(outputFile, 'w');
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    try {
      writeSync(outputFd, chunk);
    } catch {
      // closed: the tally is written, the run is over
    }
    return write(chunk, ...rest);
  };
}
// Children print through this process (so that their output is captured too), with colours when it is a terminal.
const childEnv = { ...process.env, ...(process.stdout.isTTY && !process.env.NO_COLOR && !process.env.FORCE_COLOR ? { FORCE_COLOR: '1' } : {}) };
const WATCHDOG_MINUTES = Number(process.env.TEST_WATCHDOG_MINUTES ?? 30);

const tally = { passed: 0, failed: 0, skipped: 0 };
let current; // the running child, so that the watchdog and Ctrl-C can stop it
let interrupted = ''; // why the run was cut short (watchdog, signal): counted as one failure

let finished = false;
function finish(code) {
  if (finished) return;
  finished = true;
  if (interrupted) tally.failed += 1;
  const { passed, failed, skipped } = tally;
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  closeSync(outputFd);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}

/** Runs a command in its own process group (so that everything it started can be stopped with it). */
function run(command, args, env = childEnv) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], detached: true, env });
    current = child;
    child.stdout.on('data', (chunk) => process.stdout.write(chunk));
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(127);
    });
    // 'close', not 'exit': all of its output has been passed on by then.
    child.on('close', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function stopGroup(signal) {
  if (!current?.pid) return;
  try {
    process.kill(-current.pid, signal);
  } catch {
    // already gone
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`\nnpm test: still running after ${WATCHDOG_MINUTES} min, stopping it (TEST_WATCHDOG_MINUTES).\n`);
  interrupted = 'watchdog';
  stopGroup('SIGTERM');
  setTimeout(() => stopGroup('SIGKILL'), 15_000).unref();
  setTimeout(() => finish(1), 20_000).unref();
}, WATCHDOG_MINUTES * 60_000);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // The children are in their own process group: pass the signal on, let Vitest tear down.
    interrupted ||= signal;
    stopGroup(signal);
    setTimeout(() => {
      stopGroup('SIGKILL');
      finish(130);
    }, 30_000).unref();
  });
}

// (a) Type-check the backend, the tests and the scripts: one check; the portal: another.
for (const project of ['backend/tsconfig.json', 'portal/tsconfig.json']) {
  process.stdout.write(`> tsc -p ${project} --noEmit\n`);
  const tscStarted = Date.now();
  const tsc = interrupted ? 1 : await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--noEmit', ...(process.stdout.isTTY ? ['--pretty'] : [])]);
  if (tsc === 0) tally.passed += 1;
  else if (!interrupted) tally.failed += 1;
  process.stdout.write(`typecheck ${tsc === 0 ? 'passed' : 'FAILED'} (${((Date.now() - tscStarted) / 1000).toFixed(1)} s)\n\n`);
}

// (b) Vitest: the default reporter for people, JSON for the tally.
rmSync(resultsFile, { force: true });
rmSync(panFindings, { force: true });
const vitestArgs = [
  join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
];
process.stdout.write(`> vitest run ${process.argv.slice(2).join(' ')}\n`);
// The test harness scans each test database for card numbers before dropping it (test/support/database.ts).
const vitest = interrupted ? 1 : await run(process.execPath, vitestArgs, { ...childEnv, SETTLE_PAN_FINDINGS: panFindings });

let report;
try {
  report = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
} catch (error) {
  process.stderr.write(`npm test: cannot read ${resultsFile}: ${error.message}\n`);
}
if (report) {
  let failed = report.numFailedTests ?? 0;
  // A file that fails before its tests run (import error, failing beforeAll) has no failed test: count it.
  for (const file of report.testResults ?? []) {
    const anyFailed = (file.assertionResults ?? []).some((test) => test.status === 'failed');
    if (file.status === 'failed' && !anyFailed) failed += 1;
  }
  tally.passed += report.numPassedTests ?? 0;
  tally.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // Vitest failed without a failing test (unhandled error, global setup, teardown): still a failure.
  if (vitest !== 0 && failed === 0 && !interrupted) failed = 1;
  tally.failed += failed;
} else if (!interrupted) {
  process.stderr.write(`npm test: Vitest wrote no results (exit ${vitest}).\n`);
  tally.failed += 1;
}

// (c) No card number in the test databases, the logs or the output above: one check.
if (!interrupted) {
  process.stdout.write('\n> node scripts/scan-pan.mjs\n');
  const scan = await run(process.execPath, [join(root, 'scripts', 'scan-pan.mjs')]);
  if (scan === 0) tally.passed += 1;
  else if (!interrupted) tally.failed += 1;
}

finish();
