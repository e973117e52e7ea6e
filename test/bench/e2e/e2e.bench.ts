/**
 * `npm run bench:e2e`: the time for 10,000 approved payments to become 10,000 Sage Pro receipts,
 * exactly once. Target: at most 20 s.
 *
 * Per configuration (PIPELINE_BATCH_SIZE / PIPELINE_CONCURRENCY / DATABASE_POOL_SIZE), outside the
 * clock: Settle in a process of its own with API and workers (role all, as `npm start`), a fresh
 * tenant made through GraphQL (sandbox Sage Pro connection, integration, settle_events endpoint),
 * 10,000 open invoices written into its sandbox company (invoices.ts), and 10,000 `payment.approved`
 * deliveries signed. The clock starts with the first delivery and stops when every inbox event is in
 * a final state. Then exactly once is checked from both sides (verify.ts).
 *
 * Feed (--feed): `webhook` (default) POSTs the deliveries to the endpoint over keep-alive connections;
 * `inbox` hands them to InboxService.accept in chunks inside the Settle process (the same
 * normalisation, no HTTP), to leave the ingest path out.
 * The baseline (first configuration only): the same receipts' Sage Pro rows written by plain SQL
 * (bench:sagepro's baseline: 8 writers, one transaction per receipt) on 10,000 other invoices of the
 * same company: the floor of the Sage Pro writes alone. A profile pass follows unless --profile=0.
 *
 *   npm run bench:e2e [-- --events=10000] [-- --feed=webhook|inbox] [-- --configs=200/4/10,100/4/10]
 *                     [-- --connections=16] [-- --chunk=100] [-- --baseline=1|0] [-- --profile=2000|0]
 *                     [-- --timeout=300] [-- --shared-db=0|1] [-- --log-level=info]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from '../../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../../backend/src/sandbox/sandbox.service.js';
import { runBaseline } from '../sagepro/baseline.js';
import { checkpoint, cpuSince, postgresCpu } from '../sagepro/server.js';
import type { Workload } from '../sagepro/workload.js';
import { latestProfile, summariseProfile } from '../ingest/cpuprofile.js';
import { approvedPaymentBody, type Delivery, signDeliveries } from '../ingest/deliveries.js';
import { type BenchInfrastructure, openInfrastructure } from '../ingest/infrastructure.js';
import { runLoad } from '../ingest/load.js';
import { startSettle, type SettleProcess } from '../ingest/settle-app.js';
import { type BenchTenant, setUpTenant } from '../ingest/tenant.js';
import { type E2eWorkload, installInvoices } from './invoices.js';
import { type E2eRecord, type E2eRun, formatE2e, formatE2eProfile, type StepTime } from './report.js';
import { warningsSince } from './log-warnings.js';
import { verifyExactlyOnce } from './verify.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUTPUT = join(ROOT, '.data', 'bench', 'e2e.json');
export const TARGET_SECONDS = 20;

export interface PipelineConfig {
  batch: number;
  concurrency: number;
  pool: number;
}

export interface E2eOptions {
  events: number;
  feed: 'webhook' | 'inbox';
  configs: PipelineConfig[];
  connections: number;
  chunk: number;
  baseline: number;
  profile: number;
  timeout: number;
  logLevel: string;
  /** All configurations (and the profile pass) in one Settle database, one tenant after another. */
  sharedDb: number;
}

function parseOptions(argv: string[]): E2eOptions {
  const options: E2eOptions = { events: 10_000, feed: 'webhook', configs: [{ batch: 200, concurrency: 4, pool: 10 }], connections: 16, chunk: 100, baseline: 1, profile: 2_000, timeout: 300, logLevel: 'info', sharedDb: 0 };
  const usage = 'Usage: npm run bench:e2e [-- --events=N --feed=webhook|inbox --configs=B/C/P,… --connections=N --chunk=N --baseline=1|0 --profile=N|0 --timeout=S --shared-db=0|1 --log-level=info]';
  for (const arg of argv) {
    const number = /^--(events|connections|chunk|baseline|profile|timeout|shared-db)=(\d+)$/.exec(arg);
    const feed = /^--feed=(webhook|inbox)$/.exec(arg);
    const configs = /^--configs=(\d+\/\d+\/\d+(?:,\d+\/\d+\/\d+)*)$/.exec(arg);
    const level = /^--log-level=(fatal|error|warn|info|debug|silent)$/.exec(arg);
    if (number) (options as unknown as Record<string, number>)[number[1] === 'shared-db' ? 'sharedDb' : number[1]] = Number(number[2]);
    else if (feed) options.feed = feed[1] as 'webhook' | 'inbox';
    else if (configs) options.configs = configs[1].split(',').map((text) => {
      const [batch, concurrency, pool] = text.split('/').map(Number);
      return { batch, concurrency, pool };
    });
    else if (level) options.logLevel = level[1];
    else throw new Error(`Unknown argument ${arg}. ${usage}`);
  }
  if (options.events < 1 || options.connections < 1 || options.chunk < 1) throw new Error(`--events, --connections and --chunk must be at least 1. ${usage}`);
  for (const c of options.configs) if (c.batch < 1 || c.batch > 1000 || c.concurrency < 1 || c.concurrency > 64 || c.pool < 1 || c.pool > 200) throw new Error(`--configs: batch 1–1000, concurrency 1–64, pool 1–200 (got ${c.batch}/${c.concurrency}/${c.pool})`);
  return options;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const settings = (c: PipelineConfig, logLevel: string) => ({
  PIPELINE_BATCH_SIZE: String(c.batch), PIPELINE_CONCURRENCY: String(c.concurrency), DATABASE_POOL_SIZE: String(c.pool), LOG_LEVEL: logLevel,
});

export async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let infra: BenchInfrastructure | undefined;
  let settle: SettleProcess | undefined;
  try {
    const options = parseOptions(argv);
    const load = loadavg()[0];
    infra = await openInfrastructure('e2e');
    say(`[bench] PostgreSQL ${infra.facts.version} (${infra.facts.where}) and Redis ready in ${seconds(started)}`);
    const runs: E2eRun[] = [];
    let baseline: E2eRecord['baseline'];
    let customers = 0;
    let busiestShare = 0;
    for (const [k, config] of options.configs.entries()) {
      // Each configuration on a Settle database of its own (unless --shared-db=1): the same start for each.
      const database = k === 0 || options.sharedDb ? undefined : await infra.newDatabase(`c${k + 1}`);
      settle = await startSettle(infra, { role: 'all', label: `settle-${k + 1}`, settings: settings(config, options.logLevel), database });
      const prepared = await prepareTenant(infra, settle, `E2E Bench ${k + 1}`, options.events, 700_000_001 + k * 1_000_000, options.baseline > 0 && k === 0);
      customers = prepared.workload.customers.length;
      busiestShare = prepared.busiestShare;
      if (prepared.baselineWorkload) {
        baseline = await runSqlBaseline(infra, prepared.companyUrl, prepared.baselineWorkload);
        say(`[bench] baseline (plain SQL, 8 writers): ${options.events} receipts in ${(baseline.wallMs / 1000).toFixed(2)} s`);
      }
      say(`[bench] config ${label(config)}: Settle up, tenant + ${options.events} invoices ready in ${seconds(started)}; feeding through ${options.feed === 'webhook' ? 'the webhook endpoint' : 'InboxService.accept'}`);
      const run = await timedRun(infra, settle, prepared, options, config);
      runs.push(run);
      say(`[bench] config ${label(config)}: ${run.events} events in ${run.seconds.toFixed(2)} s (${run.perSecond.toFixed(0)}/s), exactly once ${run.exactlyOnce.ok ? 'OK' : 'FAILED'}`);
      await settle.stop();
      settle = undefined;
    }
    const record: E2eRecord = {
      benchmark: 'e2e-payments-to-receipts',
      ranAt: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      loadAverageAtStart: load,
      postgres: infra.facts,
      options: { ...options, configs: options.configs.map(label) },
      workload: { events: options.events, customers, busiestShare },
      runs,
      baseline,
      targetSeconds: TARGET_SECONDS,
    };
    say(formatE2e(record));

    if (options.profile > 0) {
      const config = options.configs[0];
      const profileDir = join(infra.dir, 'cpu-profile');
      mkdirSync(profileDir, { recursive: true });
      settle = await startSettle(infra, {
        role: 'all', label: 'settle-profile', database: options.sharedDb ? undefined : await infra.newDatabase('profile'), cpuProfileDir: profileDir, instrument: fileURLToPath(new URL('./instrument.ts', import.meta.url)), settings: settings(config, options.logLevel),
      });
      const prepared = await prepareTenant(infra, settle, 'E2E Bench Profile', options.profile, 790_000_001, false);
      await settle.request({ type: 'reset' });
      const from = await settle.request<number>({ type: 'now' });
      const run = await timedRun(infra, settle, prepared, options, config);
      const to = await settle.request<number>({ type: 'now' });
      const report = await settle.request<{ windowMs: number; timers: Record<string, { count: number; totalMs: number }> }>({ type: 'report' });
      await settle.stop();
      settle = undefined;
      record.profile = { run, ...report, cpu: summariseProfile(latestProfile(profileDir), from, to) };
      say(formatE2eProfile(record.profile));
    }

    record.totalSeconds = (performance.now() - started) / 1000;
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, `${JSON.stringify(record, null, 2)}\n`);
    say(`\n[bench] written to ${OUTPUT.slice(ROOT.length)}; whole run ${seconds(started)}`);
    return runs.every((run) => run.exactlyOnce.ok) ? 0 : 1;
  } catch (error) {
    process.stderr.write(`bench:e2e: ${(error as Error).stack ?? String(error)}\n`);
    if (infra) process.stderr.write(`(server logs were in ${infra.dir})\n`);
    return 1;
  } finally {
    await settle?.stop().catch(() => undefined);
    await infra?.stop();
  }
}

const label = (c: PipelineConfig) => `${c.batch}/${c.concurrency}/${c.pool}`;

interface PreparedTenant {
  tenant: BenchTenant;
  companyUrl: string;
  workload: E2eWorkload;
  busiestShare: number;
  /** 10,000 more invoices, paid by the SQL baseline only. */
  baselineWorkload?: E2eWorkload;
}

async function prepareTenant(infra: BenchInfrastructure, settle: SettleProcess, company: string, events: number, firstTransaction: number, withBaseline: boolean): Promise<PreparedTenant> {
  const tenant = await setUpTenant(settle.baseUrl, company);
  const settleDb = decodeURIComponent(new URL(settle.database.adminUrl).pathname.slice(1));
  const companyUrl = withDatabase(infra.serverUrl, sageProSandboxDatabase(settleDb, tenant.tenantId));
  const pool = new pg.Pool({ connectionString: companyUrl, max: 1 });
  try {
    const today = new Date().toISOString().slice(0, 10);
    const baselineWorkload = withBaseline ? await installInvoices(pool, events, 600_000_001, today, 7) : undefined;
    const workload = await installInvoices(pool, events, firstTransaction, today);
    const counts = new Map<number, number>();
    for (const invoice of workload.invoices) counts.set(invoice.customer.id, (counts.get(invoice.customer.id) ?? 0) + 1);
    return { tenant, companyUrl, workload, baselineWorkload, busiestShare: Math.max(...counts.values()) / events };
  } finally {
    await pool.end();
  }
}

/** bench:sagepro's plain-SQL baseline over the extra invoices (their receipts are referenced BL<n>). */
async function runSqlBaseline(infra: BenchInfrastructure, companyUrl: string, extra: E2eWorkload): Promise<NonNullable<E2eRecord['baseline']>> {
  const pool = new pg.Pool({ connectionString: companyUrl, max: 1 });
  const { rows: [counter] } = await pool.query(`SELECT int2 FROM prosys.sysdata WHERE sysid = 'AR01'`);
  await pool.end();
  const receipts = extra.payments.map((payment, i) => ({ ...payment, reference: `BL${600_000_001 + i}` }));
  await checkpoint(infra.serverUrl);
  const result = await runBaseline(companyUrl, { receipts } as unknown as Workload, extra.invoiceIds, Number(counter.int2) + 1, receipts.length, 8, infra.postmasterPid);
  return { receipts: receipts.length, writers: 8, wallMs: result.wallMs, perSecond: (receipts.length / result.wallMs) * 1000 };
}

async function timedRun(infra: BenchInfrastructure, settle: SettleProcess, prepared: PreparedTenant, options: E2eOptions, config: PipelineConfig): Promise<E2eRun> {
  const { tenant, workload } = prepared;
  const occurredAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const bodies = workload.payments.map((payment) => ({
    id: `evt_e2e_${payment.transactionId}`,
    body: approvedPaymentBody({ transactionId: payment.transactionId, amountMinor: payment.amountCents, invoiceNumber: String(payment.invoice.invno), occurredAt }),
  }));
  const deliveries: Delivery[] = options.feed === 'webhook' ? signDeliveries(tenant.endpoint.secret, bodies) : [];
  const db = new pg.Pool({ connectionString: settle.database.adminUrl, max: 2 });
  try {
    await checkpoint(infra.serverUrl);
    const pgBefore = postgresCpu(infra.postmasterPid);
    const settleBefore = settle.cpuMs() ?? NaN;
    const start = performance.now();
    const startedAt = Date.now();
    let fedAt = NaN;
    const feed = (async () => {
      if (options.feed === 'webhook') {
        const result = await runLoad(settle.port, tenant.endpoint.path, deliveries, { connections: options.connections });
        const refused = Object.entries(result.statuses).filter(([status]) => status !== '202');
        if (refused.length) throw new Error(`The webhook endpoint answered ${JSON.stringify(result.statuses)}`);
      } else {
        for (let i = 0; i < bodies.length; i += options.chunk) {
          const answer = await settle.request<{ accepted: number; duplicates: number }>({ type: 'accept', tenantId: tenant.tenantId, integrationId: tenant.integrationId, deliveries: bodies.slice(i, i + options.chunk) });
          if (answer.duplicates) throw new Error(`InboxService.accept found ${answer.duplicates} duplicates`);
        }
      }
      fedAt = performance.now() - start;
    })();
    const progress: { ms: number; final: number }[] = [];
    const deadline = start + options.timeout * 1000;
    let feedError: unknown;
    let timedOut: string | undefined;
    feed.catch((error) => (feedError = error));
    for (;;) {
      if (feedError) throw feedError;
      const { rows } = await db.query<{ final: number; stuck: number }>(
        `SELECT count(*) FILTER (WHERE state IN ('done', 'ignored', 'dead', 'manual_review'))::int AS final,
                count(*) FILTER (WHERE state IN ('dead', 'manual_review', 'ignored'))::int AS stuck
           FROM inbox_events WHERE tenant_id = $1`, [tenant.tenantId]);
      const at = performance.now();
      progress.push({ ms: at - start, final: rows[0].final });
      if (rows[0].final >= workload.payments.length) break;
      if (at > deadline) {
        timedOut = `only ${rows[0].final} of ${workload.payments.length} events were final after ${options.timeout} s`;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const wallMs = performance.now() - start;
    if (!timedOut) await feed;
    const settleCpu = (settle.cpuMs() ?? NaN) - settleBefore;
    const postgresCpuMs = cpuSince(pgBefore, postgresCpu(infra.postmasterPid));
    const exactlyOnce = await verifyExactlyOnce(settle.database.adminUrl, prepared.companyUrl, tenant.tenantId, workload, tenant.sageProConnectionId);
    if (timedOut) {
      exactlyOnce.ok = false;
      exactlyOnce.problems.unshift(`TIMED OUT: ${timedOut} (--timeout); the counts below are as the clock stopped`);
    }
    const steps = await stepTimes(db, tenant.tenantId);
    // Each receipt_batch step records its batch's size: a drain must never take more than PIPELINE_BATCH_SIZE.
    const { rows: [batches] } = await db.query<{ largest: number | null; batches: number }>(
      `SELECT max((detail->>'batch')::int) AS largest, count(DISTINCT (started_at, detail->>'batch'))::int AS batches
         FROM event_steps WHERE tenant_id = $1 AND rule = 'receipt_batch'`, [tenant.tenantId]);
    const n = workload.payments.length;
    const when = (share: number) => progress.find((p) => p.final >= share * n)?.ms ?? NaN;
    return {
      config: label(config),
      timedOut: timedOut !== undefined,
      feed: options.feed,
      events: n,
      wallMs,
      seconds: wallMs / 1000,
      perSecond: (n / wallMs) * 1000,
      feedSeconds: fedAt / 1000,
      firstFinalSeconds: when(1 / n) / 1000,
      halfSeconds: when(0.5) / 1000,
      settleCpuMsPerEvent: settleCpu / n,
      postgresCpuMsPerEvent: postgresCpuMs === undefined ? undefined : postgresCpuMs / n,
      exactlyOnce,
      steps,
      warnings: warningsSince(settle.logFile, startedAt),
      largestBatch: batches.largest ?? 0,
      batchLimit: config.batch,
    };
  } finally {
    await db.end();
  }
}

/** Settle's own timeline of the run (event_steps): where each event's attempt spent its time. */
async function stepTimes(db: pg.Pool, tenantId: string): Promise<StepTime[]> {
  const { rows } = await db.query<{ step: string; rule: string | null; n: number; mean: number; total: number }>(
    `SELECT step, CASE WHEN rule = 'receipt_batch' OR rule LIKE 'status:%' THEN rule ELSE NULL END AS rule,
            count(*)::int AS n, avg(duration_ms)::float AS mean, sum(duration_ms)::float AS total
       FROM event_steps WHERE tenant_id = $1 GROUP BY 1, 2 ORDER BY total DESC`, [tenantId]);
  return rows.map((row) => ({ step: row.rule ? `${row.step} (${row.rule})` : row.step, events: row.n, meanMs: row.mean, totalMs: row.total }));
}
