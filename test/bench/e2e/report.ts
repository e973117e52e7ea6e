/** The printed table and the JSON record (.data/bench/e2e.json) of one bench:e2e run. */
import type { CpuBreakdown } from '../ingest/cpuprofile.js';
import type { ServerFacts } from '../sagepro/server.js';
import type { LogWarning } from './log-warnings.js';
import type { ExactlyOnce } from './verify.js';

export interface StepTime {
  step: string;
  events: number;
  meanMs: number;
  totalMs: number;
}

export interface E2eRun {
  /** batch/concurrency/pool */
  config: string;
  /** --timeout was reached before every event was final: `seconds` is the timeout. */
  timedOut: boolean;
  feed: 'webhook' | 'inbox';
  events: number;
  wallMs: number;
  seconds: number;
  perSecond: number;
  /** When the last delivery was accepted. */
  feedSeconds: number;
  firstFinalSeconds: number;
  halfSeconds: number;
  settleCpuMsPerEvent: number;
  postgresCpuMsPerEvent?: number;
  exactlyOnce: ExactlyOnce;
  steps: StepTime[];
  /** Settle's warnings and errors during the run, from its log. */
  warnings: LogWarning[];
  /** The most receipts one drain wrote in one batch (event_steps), and PIPELINE_BATCH_SIZE. */
  largestBatch: number;
  batchLimit: number;
}

export interface E2eRecord {
  benchmark: 'e2e-payments-to-receipts';
  ranAt: string;
  node: string;
  cpus: number;
  loadAverageAtStart: number;
  postgres: ServerFacts & { where: string };
  options: { events: number; feed: string; configs: string[]; connections: number; chunk: number; logLevel: string };
  workload: { events: number; customers: number; busiestShare: number };
  runs: E2eRun[];
  baseline?: { receipts: number; writers: number; wallMs: number; perSecond: number };
  targetSeconds: number;
  profile?: { run: E2eRun; windowMs: number; timers: Record<string, { count: number; totalMs: number }>; cpu: CpuBreakdown };
  totalSeconds?: number;
}

const fixed = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

export function formatE2e(r: E2eRecord): string {
  const o = r.options;
  const s = r.postgres.settings;
  const widths = [16, 8, 9, 9, 8, 10, 16, 8, 14, 10];
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const feed = o.feed === 'webhook'
    ? `POST /webhooks/:endpointId (settle_events, Standard Webhooks signed before the clock), ${o.connections} keep-alive connections`
    : `InboxService.accept in chunks of ${o.chunk}, inside the Settle process (the webhook's normalisation, no HTTP)`;
  const lines = [
    '',
    '=== Approved payments → Sage Pro receipts, end to end (test/bench/e2e) ===',
    `feed      ${feed}`,
    `Settle    one process, role all (API + pipeline workers), LOG_LEVEL ${o.logLevel}; the tenant's sandbox Sage Pro company through its fault proxy (pool 8)`,
    `workload  ${int(r.workload.events)} new open invoices over ${r.workload.customers} customers (busiest ${pct(r.workload.busiestShare)}), one payment.approved each for the`,
    '          full amount naming its invoice_number, arrival shuffled; clock from the first delivery to the last event final',
    `server    PostgreSQL ${r.postgres.version} (${r.postgres.where}; fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}); Node ${r.node}, ${r.cpus} CPUs,`,
    `          load average ${r.loadAverageAtStart.toFixed(2)} at start (other work on the machine shows up as noise)`,
    '',
    line(['batch/conc/pool', 'events', 'seconds', 'events/s', 'fed at', 'half at', 'CPU ms/ev S+PG', 'retries', 'exactly once', 'max batch']),
    ...r.runs.map((run) =>
      line([run.config, int(run.events), `${run.timedOut ? '>' : ''}${fixed(run.seconds, 2)}`, run.timedOut ? 'n/a' : fixed(run.perSecond), `${fixed(run.feedSeconds)} s`, `${fixed(run.halfSeconds)} s`,
        `${fixed(run.settleCpuMsPerEvent, 2)}+${fixed(run.postgresCpuMsPerEvent, 2)}`, String(run.exactlyOnce.retries), run.timedOut ? 'TIMED OUT' : run.exactlyOnce.ok ? 'OK' : 'FAILED', int(run.largestBatch)])),
    ...(r.baseline
      ? [`Baseline: the same number of receipts' Sage Pro rows by plain SQL (bench:sagepro's baseline, ${r.baseline.writers} writers, one tx each, no`,
        `          lookups, no Settle bookkeeping): ${int(r.baseline.receipts)} in ${fixed(r.baseline.wallMs / 1000, 2)} s (${fixed(r.baseline.perSecond)}/s)`]
      : []),
    '',
    ...r.runs.map((run) => `Target <= ${r.targetSeconds} s for ${int(run.events)} events, exactly once: ${run.seconds <= r.targetSeconds * (run.events / 10_000) && run.exactlyOnce.ok ? 'MET' : 'NOT MET'} (${run.config}: ${fixed(run.seconds, 2)} s${run.events !== 10_000 ? `, target scaled to ${fixed(r.targetSeconds * run.events / 10_000)} s` : ''})`),
    ...r.runs.flatMap((run) => [
      `Exactly once (${run.config}): ${run.exactlyOnce.ok ? 'OK' : 'FAILED'}`,
      ...run.exactlyOnce.checks.map((check) => `  ok   ${check}`),
      ...run.exactlyOnce.problems.map((problem) => `  FAIL ${problem}`),
    ]),
    ...r.runs.filter((run) => run.largestBatch > run.batchLimit).map((run) =>
      `WARNING (${run.config}): a drain wrote ${int(run.largestBatch)} receipts in one batch, more than PIPELINE_BATCH_SIZE ${run.batchLimit}: EventStore.claim took more events than its LIMIT`),
    ...r.runs.flatMap((run) => (run.warnings.length ? [`Settle's log during the run (${run.config}), warnings and errors:`, ...run.warnings.slice(0, 6).map((w) => `  ${String(w.count).padStart(5)} × ${w.level} ${w.message}`)] : [])),
    '',
    `Settle's own timeline (event_steps) of the first configuration, per event attempt:`,
    `  ${'step'.padEnd(44)}${'events'.padStart(8)}${'mean ms'.padStart(10)}${'sum s'.padStart(9)}`,
    ...(r.runs[0]?.steps ?? []).map((step) => `  ${step.step.padEnd(44)}${int(step.events).padStart(8)}${fixed(step.meanMs, 1).padStart(10)}${fixed(step.totalMs / 1000, 1).padStart(9)}`),
    '  (written to Sage Pro (receipt_batch): the whole batch\'s write, repeated on each of its events; "sum s" adds up concurrent drains)',
    '(fed at: the last delivery accepted; half at: 50 % of the events final; CPU: the Settle process + all PostgreSQL processes, per event)',
  ];
  return lines.join('\n');
}

export function formatE2eProfile(p: NonNullable<E2eRecord['profile']>): string {
  const n = p.run.events;
  const timers = Object.entries(p.timers);
  const pick = (prefix: string) => timers.filter(([name]) => name.startsWith(prefix) && !name.endsWith('items per call') && !name.endsWith(': failed'));
  const failed = timers.filter(([name]) => name.endsWith(': failed'));
  const items = timers.filter(([name]) => name.endsWith('items per call'));
  const block = (entries: [string, { count: number; totalMs: number }][]) =>
    entries.map(([name, t]) => `  ${name.padEnd(80)}${int(t.count).padStart(7)}${fixed(t.totalMs / t.count, 2).padStart(9)}${fixed(t.totalMs / 1000, 1).padStart(8)}`);
  const sum = (prefix: string) => timers.filter(([name]) => name.startsWith(prefix)).reduce((total, [, t]) => total + t.count, 0);
  const drains = p.timers['drain: one turn of the tenant (all below)'];
  return [
    '',
    `--- Profile pass (${int(n)} events, config ${p.run.config}, instrumented and CPU-profiled: ${fixed(p.run.seconds, 2)} s, ${fixed(p.run.perSecond)} events/s) ---`,
    `  ${'stage'.padEnd(80)}${'calls'.padStart(7)}${'mean ms'.padStart(9)}${'sum s'.padStart(8)}`,
    ...block(pick('drain')),
    ...block(pick('event')),
    ...block(pick('Sage Pro:')),
    ...block(pick('signal')),
    ...block(pick('feed')),
    ...items.map(([name, t]) => `  ${name.padEnd(80)}${fixed(t.totalMs / t.count, 1).padStart(7)} (mean)`),
    ...failed.map(([name, t]) => `  ${name.padEnd(80)}${int(t.count).padStart(7)} (calls that threw)`),
    drains ? `  drains in flight on average: ${fixed(drains.totalMs / p.windowMs, 2)}; ${int(drains.count)} drains, ${fixed(n / drains.count, 1)} events each` : '',
    `SQL statements per event: Settle database ${fixed(sum('sql Settle') / n, 2)}, Sage Pro company ${fixed(sum('sql Sage Pro') / n, 2)}; Redis commands per event ${fixed(sum('redis') / n, 2)}`,
    ...block(pick('sql').sort((a, b) => b[1].totalMs - a[1].totalMs).slice(0, 22)),
    ...block(pick('redis').slice(0, 6)),
    `Settle process CPU in the window: ${fixed(p.cpu.busyMs / n, 3)} ms per event (${fixed((p.cpu.busyMs / p.cpu.windowMs) * 100)} % of one core); self time by package:`,
    ...p.cpu.byPackage.slice(0, 14).map((x) => `  ${x.name.padEnd(48)}${pct(x.share).padStart(8)}${fixed(x.ms / n, 3).padStart(9)} ms/event`),
    'Functions with the most self time:',
    ...p.cpu.topFunctions.map((x) => `  ${x.name.slice(0, 96).padEnd(98)}${pct(x.share).padStart(8)}`),
    '(calls and "sum s" add up concurrent drains; the instrumentation and the profiler slow the run down)',
  ].join('\n');
}
