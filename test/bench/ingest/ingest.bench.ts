/**
 * `npm run bench:ingest`: accepted webhooks per second and p50/p99 latency of Settle's
 * POST /webhooks/:endpointId (settle_events, Standard Webhooks signed), next to a bare baseline on
 * the same machine in the same run (a minimal Fastify server doing one INSERT and one Redis write per
 * request), as a ratio. Target: Settle ingests at least 70 % of the baseline.
 *
 * Set-up, outside the clock: PostgreSQL (embedded, durable settings, or DATABASE_URL) and Redis,
 * Settle in a process of its own (role `api` by default: no queue workers compete with ingest), a
 * tenant with a sandbox Sage Pro connection, an integration and a settle_events endpoint made through
 * GraphQL, and the baseline in another process. Each phase's deliveries (a unique webhook-id each)
 * are signed before its clock starts. Rounds alternate which server goes first. A profile pass
 * (instrumented, CPU-profiled) follows the headline figures unless --profile=0.
 *
 *   npm run bench:ingest [-- --duration=10] [-- --connections=16] [-- --rounds=3] [-- --warmup=2000]
 *                        [-- --pool=10] [-- --role=api|all] [-- --profile=1|0] [-- --log-level=info]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../../backend/src/platform/runtime/free-port.js';
import { adminQuery, checkpoint, cpuSince, postgresCpu } from '../sagepro/server.js';
import { BASELINE_TABLE_DDL } from './baseline-process.js';
import { latestProfile, summariseProfile } from './cpuprofile.js';
import { type Delivery, ingestDeliveries } from './deliveries.js';
import { type BenchInfrastructure, openInfrastructure } from './infrastructure.js';
import { type LoadResult, percentile, runLoad } from './load.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { formatIngest, formatIngestProfile, type IngestPhase, type IngestRecord } from './report.js';
import { startSettle } from './settle-app.js';
import { setUpTenant } from './tenant.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUTPUT = join(ROOT, '.data', 'bench', 'ingest.json');
export const TARGET_RATIO = 0.7;
const BASELINE_TABLE = 'bench_baseline_inbox';

export interface IngestOptions {
  duration: number;
  connections: number;
  rounds: number;
  warmup: number;
  pool: number;
  role: 'api' | 'all';
  profile: number;
  logLevel: string;
}

function parseOptions(argv: string[]): IngestOptions {
  const options: IngestOptions = { duration: 10, connections: 16, rounds: 3, warmup: 2_000, pool: 10, role: 'api', profile: 1, logLevel: 'info' };
  for (const arg of argv) {
    const number = /^--(duration|connections|rounds|warmup|pool|profile)=(\d+)$/.exec(arg);
    const role = /^--role=(api|all)$/.exec(arg);
    const level = /^--log-level=(fatal|error|warn|info|debug|silent)$/.exec(arg);
    if (number) (options as unknown as Record<string, number>)[number[1]] = Number(number[2]);
    else if (role) options.role = role[1] as 'api' | 'all';
    else if (level) options.logLevel = level[1];
    else throw new Error(`Unknown argument ${arg}. Usage: npm run bench:ingest [-- --duration=S --connections=N --rounds=N --warmup=N --pool=N --role=api|all --profile=1|0 --log-level=info]`);
  }
  if (options.duration < 1 || options.connections < 1 || options.rounds < 1 || options.pool < 1) throw new Error('--duration, --connections, --rounds and --pool must be at least 1');
  return options;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Target {
  label: string;
  server: ServerProcess;
  path: string;
  /** Deliveries numbered from `first`, signed now. */
  deliveries(first: number, count: number): Delivery[];
  accepted: number;
}

export async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let infra: BenchInfrastructure | undefined;
  const servers: ServerProcess[] = [];
  try {
    const options = parseOptions(argv);
    const load = loadavg()[0];
    infra = await openInfrastructure('ingest');
    const { facts } = infra;
    say(`[bench] PostgreSQL ${facts.version} (${facts.where}) and Redis ready in ${seconds(started)}`);

    let settle = await startSettle(infra, { role: options.role, label: 'settle', settings: { DATABASE_POOL_SIZE: String(options.pool), LOG_LEVEL: options.logLevel } });
    servers.push(settle);
    const tenant = await setUpTenant(settle.baseUrl, 'Ingest Bench');
    say(`[bench] Settle (role ${options.role}, pid ${settle.pid}) up, tenant + settle_events endpoint made through GraphQL in ${seconds(started)}`);

    await adminQuery(infra.adminUrl, BASELINE_TABLE_DDL(BASELINE_TABLE));
    const baselinePort = await findFreePort();
    const baseline = await startServerProcess(new URL('./baseline-process.ts', import.meta.url).href, {
      logFile: join(infra.dir, 'baseline.log'),
      env: { PORT: String(baselinePort), BENCH_BASELINE_URL: infra.adminUrl, BENCH_BASELINE_TABLE: BASELINE_TABLE, BENCH_POOL_SIZE: String(options.pool), REDIS_URL: infra.redisUrl, BENCH_REDIS_KEY: `${infra.redisPrefix}:baseline` },
    });
    servers.push(baseline);

    let numbered = 0;
    const sign = (tag: string) => (first: number, count: number) => ingestDeliveries(tenant.endpoint.secret, tag, first, count);
    const settleTarget: Target = { label: 'Settle', server: settle, path: tenant.endpoint.path, deliveries: sign(`s${infra.runId}`), accepted: 0 };
    const baselineTarget: Target = { label: 'Baseline', server: baseline, path: '/in', deliveries: sign(`b${infra.runId}`), accepted: 0 };

    /** One timed phase: `count` pre-signed deliveries, sent for `durationMs`. */
    const phase = async (target: Target, count: number, durationMs?: number): Promise<IngestPhase> => {
      const deliveries = target.deliveries(numbered, count);
      numbered += count;
      await checkpoint(infra!.serverUrl);
      const pgBefore = postgresCpu(infra!.postmasterPid);
      const serverBefore = target.server.cpuMs();
      const result = await runLoad(target.server.port, target.path, deliveries, { connections: options.connections, durationMs });
      const serverCpu = (target.server.cpuMs() ?? NaN) - (serverBefore ?? NaN);
      target.accepted += result.statuses[202] ?? 0;
      return summarise(target.label, result, serverCpu, cpuSince(pgBefore, postgresCpu(infra!.postmasterPid)));
    };

    // Warm-up, untimed: JIT, pools, the endpoint cache. Its rate sizes the timed phases' deliveries.
    const warm = { settle: await phase(settleTarget, options.warmup), baseline: await phase(baselineTarget, options.warmup) };
    say(`[bench] warmed up (${options.warmup} requests each: Settle ${warm.settle.perSecond.toFixed(0)}/s, baseline ${warm.baseline.perSecond.toFixed(0)}/s)`);
    // Sized by the faster warm-up (a loaded machine can make one side's warm-up slow), so no phase runs out.
    const fastest = Math.max(warm.settle.perSecond, warm.baseline.perSecond);
    const toSign = () => Math.min(300_000, Math.ceil(fastest * options.duration * 3) + 5_000);

    const rounds: { settle: IngestPhase; baseline: IngestPhase }[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? [baselineTarget, settleTarget] : [settleTarget, baselineTarget];
      const results: Record<string, IngestPhase> = {};
      for (const target of order) {
        results[target.label] = await phase(target, toSign(), options.duration * 1000);
      }
      rounds.push({ settle: results.Settle, baseline: results.Baseline });
      say(`[bench] round ${round + 1}: Settle ${results.Settle.perSecond.toFixed(0)}/s, baseline ${results.Baseline.perSecond.toFixed(0)}/s, ratio ${(results.Settle.perSecond / results.Baseline.perSecond).toFixed(3)}`);
    }

    const verified = await verifyIngest(infra, tenant.tenantId, settleTarget.accepted, baselineTarget.accepted);
    const record: IngestRecord = {
      benchmark: 'webhook-ingest',
      ranAt: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      loadAverageAtStart: load,
      postgres: facts,
      options,
      rounds,
      medianRatio: median(rounds.map((r) => r.settle.perSecond / r.baseline.perSecond)),
      target: TARGET_RATIO,
      verified,
    };
    say(formatIngest(record));

    if (options.profile) {
      // Profile pass: a fresh Settle process, CPU-profiled and instrumented, the same load for the same time.
      await settle.stop();
      servers.splice(servers.indexOf(settle), 1);
      const profileDir = join(infra.dir, 'cpu-profile');
      mkdirSync(profileDir, { recursive: true });
      settle = await startSettle(infra, {
        role: options.role, label: 'settle-profile', cpuProfileDir: profileDir, instrument: fileURLToPath(new URL('./instrument.ts', import.meta.url)),
        settings: { DATABASE_POOL_SIZE: String(options.pool), LOG_LEVEL: options.logLevel },
      });
      servers.push(settle);
      settleTarget.server = settle;
      await phase(settleTarget, options.warmup);
      await settle.request({ type: 'reset' });
      const from = await settle.request<number>({ type: 'now' });
      const profiled = await phase(settleTarget, toSign(), options.duration * 1000);
      const to = await settle.request<number>({ type: 'now' });
      const timers = await settle.request<Record<string, { count: number; totalMs: number }>>({ type: 'report' });
      await settle.stop();
      servers.splice(servers.indexOf(settle), 1);
      const cpu = summariseProfile(latestProfile(profileDir), from, to);
      record.profile = { phase: profiled, timers, cpu };
      say(formatIngestProfile(record.profile, options.connections));
    }

    record.totalSeconds = (performance.now() - started) / 1000;
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, `${JSON.stringify(record, null, 2)}\n`);
    say(`\n[bench] written to ${OUTPUT.slice(ROOT.length)}; whole run ${seconds(started)}`);
    return 0;
  } catch (error) {
    process.stderr.write(`bench:ingest: ${(error as Error).stack ?? String(error)}\n`);
    if (infra) process.stderr.write(`(server logs were in ${infra.dir})\n`);
    return 1;
  } finally {
    for (const server of servers.reverse()) await server.stop().catch(() => undefined);
    await infra?.stop();
  }
}

function summarise(label: string, result: LoadResult, serverCpuMs: number, postgresCpuMs: number | undefined): IngestPhase {
  const non202 = Object.entries(result.statuses).filter(([status]) => status !== '202').reduce((sum, [, n]) => sum + n, 0);
  return {
    label,
    requests: result.requests,
    wallMs: result.wallMs,
    perSecond: (result.requests / result.wallMs) * 1000,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    statuses: result.statuses,
    non202,
    ranOut: result.ranOut,
    serverCpuMsPerRequest: serverCpuMs / result.requests,
    postgresCpuMsPerRequest: postgresCpuMs === undefined ? undefined : postgresCpuMs / result.requests,
    clientCpuMsPerRequest: result.clientCpuMs / result.requests,
  };
}

/** Every 202 is one stored row, on both sides; nothing else was stored. */
async function verifyIngest(infra: BenchInfrastructure, tenantId: string, settleAccepted: number, baselineAccepted: number): Promise<string[]> {
  const [{ count: inbox }] = await adminQuery<{ count: string }>(infra.adminUrl, 'SELECT count(*) FROM inbox_events WHERE tenant_id = $1', [tenantId]);
  const [{ count: rows }] = await adminQuery<{ count: string }>(infra.adminUrl, `SELECT count(*) FROM ${BASELINE_TABLE}`);
  const problems: string[] = [];
  if (Number(inbox) !== settleAccepted) problems.push(`Settle answered 202 ${settleAccepted} times but the inbox holds ${inbox} events`);
  if (Number(rows) !== baselineAccepted) problems.push(`the baseline answered 202 ${baselineAccepted} times but its table holds ${rows} rows`);
  if (problems.length) throw new Error(problems.join('; '));
  return [`Settle: ${settleAccepted.toLocaleString('en-US')} deliveries answered 202 = ${Number(inbox).toLocaleString('en-US')} inbox events; baseline: ${baselineAccepted.toLocaleString('en-US')} = ${Number(rows).toLocaleString('en-US')} rows`];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
