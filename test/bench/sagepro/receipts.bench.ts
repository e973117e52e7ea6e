/**
 * `npm run bench:sagepro`: applies 10,000 PayTrace receipts to the sandbox Sage Pro company with 8
 * concurrent writers through the connector (KyselySageProCompany.applyPaymentToInvoice), then writes
 * the same rows by plain SQL (the bare baseline), and prints receipts per second for both, their
 * ratio, p50/p99 latency and whether the 1,000 receipts/s target is met. The numbers also go to
 * .data/bench/sagepro.json. A profile pass follows (--profile=0 skips it).
 *
 * Set-up, outside the clock: a database with the sandbox (ensureSageProSandbox) plus the workload's
 * invoices (workload.ts), used as the template of a fresh copy per phase, so both phases start from
 * identical data. After each phase the books are verified (verify.ts); a failed check fails the run.
 *
 *   npm run bench:sagepro [-- --receipts=10000] [-- --writers=8] [-- --profile=<receipts|0>]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from '../../../backend/src/platform/database/urls.js';
import { ensureSageProSandbox } from '../../../backend/src/sandbox/sagepro/index.js';
import { runBaseline } from './baseline.js';
import { analyse, StatementRecorder } from './profile.js';
import { formatProfile, formatRecord, record } from './report.js';
import { type BenchServer, checkpoint, createDatabase, describeServer, dropDatabase, openServer } from './server.js';
import { runSettle, runSettleBatched } from './settle.js';
import { booksDigest, verifyPhase } from './verify.js';
import { arCounter, eligibleCustomers, installWorkload, planWorkload } from './workload.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUTPUT = join(ROOT, '.data', 'bench', 'sagepro.json');

interface Options {
  receipts: number;
  writers: number;
  profile: number;
  batch: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { receipts: 10_000, writers: 8, profile: 1_000, batch: 20 };
  for (const arg of argv) {
    const match = /^--(receipts|writers|profile|batch)=(\d+)$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg}. Usage: npm run bench:sagepro [-- --receipts=N] [-- --writers=N] [-- --profile=N|0] [-- --batch=N]`);
    options[match[1] as keyof Options] = Number(match[2]);
  }
  if (options.receipts < 10 || options.writers < 1 || options.batch < 1) throw new Error('--receipts must be at least 10, --writers and --batch at least 1');
  options.profile = Math.min(options.profile, options.receipts);
  return options;
}

/** The sandbox company plus the workload's invoices, vacuumed and analysed: the template of every phase. */
async function prepareSeed(url: string, receipts: number) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await ensureSageProSandbox(pool);
    const counter = await arCounter(pool);
    const workload = planWorkload(await eligibleCustomers(pool), counter.int1 + 1, receipts);
    const invoiceIds = await installWorkload(pool, workload);
    await pool.query('VACUUM ANALYZE');
    return { workload, invoiceIds, counter };
  } finally {
    await pool.end();
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let server: BenchServer | undefined;
  const databases: string[] = [];
  try {
    const options = parseOptions(argv);
    server = await openServer(process.env);
    const admin = server.adminUrl;
    const facts = { ...(await describeServer(admin)), where: server.where };
    say(`[bench] PostgreSQL ${facts.version} (${server.where}) ready in ${seconds(started)}`);

    const runId = randomBytes(3).toString('hex');
    const seedDb = `settle_bench_${runId}_seed`;
    await createDatabase(admin, seedDb);
    databases.push(seedDb);
    const { workload, invoiceIds, counter } = await prepareSeed(withDatabase(admin, seedDb), options.receipts);
    say(`[bench] sandbox + ${workload.invoices.length} invoices for ${workload.receipts.length} receipts ready in ${seconds(started)}`);

    /** A fresh copy of the seed database, checkpointed, for one phase. */
    const freshCopy = async (label: string) => {
      const name = `settle_bench_${runId}_${label}`;
      await createDatabase(admin, name, seedDb);
      databases.push(name);
      await checkpoint(admin);
      return withDatabase(admin, name);
    };
    const check = async (label: string, url: string, count: number) => {
      const problems = await verifyPhase(url, workload, count, invoiceIds, counter.int2 + count);
      if (problems.length) throw new Error(`${label}: the books are wrong after the run:\n  ${problems.join('\n  ')}`);
    };

    const settleUrl = await freshCopy('settle');
    const settle = await runSettle(settleUrl, workload, options.receipts, options.writers, server.postmasterPid);
    say(`[bench] Settle: ${options.receipts} receipts in ${(settle.wallMs / 1000).toFixed(2)} s`);
    if (settle.outcomes.Applied !== options.receipts) throw new Error(`Settle answered ${JSON.stringify(settle.outcomes)}, expected ${options.receipts} Applied`);
    await check('Settle', settleUrl, options.receipts);

    const batchedUrl = await freshCopy('settle_batched');
    const settleBatched = await runSettleBatched(batchedUrl, workload, options.receipts, options.writers, options.batch, server.postmasterPid);
    say(`[bench] Settle batched (${options.batch} per batch): ${options.receipts} receipts in ${(settleBatched.wallMs / 1000).toFixed(2)} s`);
    if (settleBatched.outcomes.Applied !== options.receipts) throw new Error(`Settle batched answered ${JSON.stringify(settleBatched.outcomes)}, expected ${options.receipts} Applied`);
    await check('Settle batched', batchedUrl, options.receipts);

    const baselineUrl = await freshCopy('baseline');
    const baseline = await runBaseline(baselineUrl, workload, invoiceIds, counter.int2 + 1, options.receipts, options.writers, server.postmasterPid);
    say(`[bench] baseline: ${options.receipts} receipts in ${(baseline.wallMs / 1000).toFixed(2)} s`);
    await check('Baseline', baselineUrl, options.receipts);
    const [settleBooks, baselineBooks] = [await booksDigest(settleUrl), await booksDigest(baselineUrl)];
    if (settleBooks !== baselineBooks) throw new Error('Settle and the baseline end with different balances on the same receipts');
    if ((await booksDigest(batchedUrl)) !== baselineBooks) throw new Error('Settle batched and the baseline end with different balances on the same receipts');

    const result = record({
      server: facts, workload, writers: options.writers, settle, settleBatched, batch: options.batch, baseline,
      verified: [
        `${options.receipts.toLocaleString('en-US')} ARCASH lines, one per reference, each in its own AR session with 2 ARDIST lines summing to 0 (every phase)`,
        `every workload invoice paid in full; item, customer and session balances agree; SYSDATA counters = highest numbers used (every phase)`,
        `Settle: ${settle.outcomes.Applied} Applied; Settle batched: ${settleBatched.outcomes.Applied} Applied; all three phases end with identical ARMAST and ARCUST balances`,
      ],
    });
    say(formatRecord(result));

    if (options.profile > 0) {
      const [settleCopy, baselineCopy] = [await freshCopy('profile_settle'), await freshCopy('profile_baseline')];
      const profileSettle = new StatementRecorder();
      const profiledSettle = await runSettle(settleCopy, workload, options.profile, options.writers, undefined, profileSettle);
      await check('Settle (profile pass)', settleCopy, options.profile);
      const profileBaseline = new StatementRecorder();
      const profiledBaseline = await runBaseline(baselineCopy, workload, invoiceIds, counter.int2 + 1, options.profile, options.writers, undefined, profileBaseline);
      await check('Baseline (profile pass)', baselineCopy, options.profile);
      result.profile = { settle: analyse(profileSettle.transactions, profiledSettle.wallMs), baseline: analyse(profileBaseline.transactions, profiledBaseline.wallMs) };
      say(formatProfile(result.profile.settle, result.profile.baseline));
    }

    result.totalSeconds = (performance.now() - started) / 1000;
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
    say(`\n[bench] written to ${OUTPUT.slice(ROOT.length)}; whole run ${seconds(started)}`);
    return 0;
  } catch (error) {
    process.stderr.write(`bench:sagepro: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  } finally {
    if (server && server.where === 'DATABASE_URL') {
      for (const name of databases.reverse()) await dropDatabase(server.adminUrl, name).catch(() => undefined);
    }
    await server?.stop();
  }
}
