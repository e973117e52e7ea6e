// `npm run check:model -- --runs N --seed S [--kinds all|ci|a,b,c] [--shrink K] [--max-commands M (14)]`:
// runs N random histories of the pipeline's model-based test (test/model/pipeline-model.e2e.spec.ts)
// through the real pipeline without stopping at the first failure, then prints histories/s and a
// summary: runs, failures, the distinct faults (grouped by the invariant that broke) and the shortest
// failing history of each, shrunk by up to K more runs per fault (default 20; 0 = no shrinking).
// Every command kind is on by default, PENDING_FIXES included (--kinds ci: only npm test's).
// Exit code 1 when any history failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const runs = Number(option('runs', 20));
const seed = Number(option('seed', Date.now() % 1_000_000));
const kinds = option('kinds', 'all');
const shrink = Number(option('shrink', 20));
const maxCommands = Number(option('max-commands', 14));
for (const [name, value] of Object.entries({ runs, seed, shrink, maxCommands })) {
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`check:model: --${name} must be a whole number, got ${value}\n`);
    process.exit(2);
  }
}

mkdirSync(join(root, '.data'), { recursive: true });
const report = join(root, '.data', `model-report-${process.pid}.json`);
rmSync(report, { force: true });
const env = {
  ...process.env,
  MODEL_MODE: 'explore',
  MODEL_RUNS: String(runs),
  MODEL_SEED: String(seed),
  MODEL_SHRINK_RUNS: String(shrink),
  MODEL_MAX_COMMANDS: String(maxCommands),
  MODEL_REPORT: report,
  ...(kinds === 'ci' ? {} : { MODEL_KINDS: kinds }),
};
process.stdout.write(`check:model: ${runs} histories, seed ${seed}, kinds ${kinds}, shrinking up to ${shrink} runs per fault\n`);
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const child = spawn(vitest, ['run', '--project', 'e2e', 'test/model/pipeline-model.e2e.spec.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
if (!existsSync(report)) {
  process.stderr.write(`check:model: the model test ended (${code}) without a report\n`);
  process.exit(code || 1);
}
const result = JSON.parse(readFileSync(report, 'utf8'));
rmSync(report, { force: true });

const line = '─'.repeat(72);
const out = [
  '',
  line,
  `histories: ${result.runs} in ${result.seconds.toFixed(1)} s = ${result.historiesPerSecond.toFixed(3)} histories/s (seed ${result.seed})`,
  `failures:  ${result.failures} of ${result.runs}`,
  `faults:    ${result.faults.length} distinct (by invariant broken)${result.shrinkRuns ? `; ${result.shrinkRuns} more runs to shrink them, ${result.totalSeconds.toFixed(1)} s in all` : ''}`,
];
for (const [n, fault] of result.faults.entries()) {
  out.push(line, `fault ${n + 1}: ${fault.invariant}  (broken in ${fault.histories} of ${result.runs} histories)`);
  for (const v of fault.violations) out.push(`  ✗ ${v.detail}`);
  out.push('  shortest failing history:', ...fault.shortest.split('\n').map((l) => `    ${l}`));
}
out.push(line, '');
process.stdout.write(out.join('\n'));
process.exit(result.failures > 0 ? 1 : 0);
