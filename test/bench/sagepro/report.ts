/** The printed block and the JSON record (.data/bench/sagepro.json) of one run. */
import { availableParallelism } from 'node:os';
import type { Profile } from './profile.js';
import type { ServerFacts } from './server.js';
import type { SettleResult } from './settle.js';
import type { Workload } from './workload.js';
import { type PhaseResult, percentile, windowRates } from './writers.js';

export const TARGET_PER_SECOND = 1_000;
const WINDOW = 1_000;

export interface PhaseSummary {
  receipts: number;
  writers: number;
  wallMs: number;
  receiptsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstWindowPerSecond: number;
  lastWindowPerSecond: number;
  retries: number;
  nodeCpuMsPerReceipt: number;
  postgresCpuMsPerReceipt?: number;
}

export function summarise(result: PhaseResult): PhaseSummary {
  const windows = windowRates(result.completionsMs, WINDOW);
  return {
    receipts: result.receipts,
    writers: result.writers,
    wallMs: result.wallMs,
    receiptsPerSecond: (result.receipts / result.wallMs) * 1000,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    firstWindowPerSecond: windows.first,
    lastWindowPerSecond: windows.last,
    retries: result.retries,
    nodeCpuMsPerReceipt: result.nodeCpuMs / result.receipts,
    postgresCpuMsPerReceipt: result.postgresCpuMs === undefined ? undefined : result.postgresCpuMs / result.receipts,
  };
}

export interface BenchRecord {
  benchmark: 'sagepro-receipts';
  ranAt: string;
  node: string;
  cpus: number;
  postgres: ServerFacts & { where: string };
  workload: { receipts: number; writers: number; invoices: number; customers: number; splitInvoices: number; busiestShare: number; quietestShare: number };
  settle: PhaseSummary & { outcomes: SettleResult['outcomes'] };
  /** applyPaymentsToInvoices, `batch` receipts per transaction. */
  settleBatched: PhaseSummary & { outcomes: SettleResult['outcomes']; batch: number };
  baseline: PhaseSummary;
  ratio: number;
  batchedRatio: number;
  target: { receiptsPerSecond: number; met: boolean; batchedMet: boolean };
  verified: string[];
  profile?: { settle: Profile; baseline: Profile };
  totalSeconds?: number;
}

export function record(args: {
  server: ServerFacts & { where: string }; workload: Workload; writers: number; settle: SettleResult; settleBatched: SettleResult; batch: number;
  baseline: PhaseResult; verified: string[];
}): BenchRecord {
  const settle = summarise(args.settle);
  const settleBatched = summarise(args.settleBatched);
  const baseline = summarise(args.baseline);
  const { workload } = args;
  return {
    benchmark: 'sagepro-receipts',
    ranAt: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    postgres: args.server,
    workload: {
      receipts: workload.receipts.length, writers: args.writers, invoices: workload.invoices.length, customers: workload.customers.length,
      splitInvoices: workload.splitInvoices, busiestShare: workload.busiestShare, quietestShare: workload.quietestShare,
    },
    settle: { ...settle, outcomes: args.settle.outcomes },
    settleBatched: { ...settleBatched, outcomes: args.settleBatched.outcomes, batch: args.batch },
    baseline,
    ratio: settle.receiptsPerSecond / baseline.receiptsPerSecond,
    batchedRatio: settleBatched.receiptsPerSecond / baseline.receiptsPerSecond,
    target: {
      receiptsPerSecond: TARGET_PER_SECOND,
      met: settle.receiptsPerSecond >= TARGET_PER_SECOND,
      batchedMet: settleBatched.receiptsPerSecond >= TARGET_PER_SECOND,
    },
    verified: args.verified,
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

export function formatRecord(r: BenchRecord): string {
  const w = r.workload;
  const s = r.postgres.settings;
  const cpu = (p: PhaseSummary) => `${fixed(p.nodeCpuMsPerReceipt, 2)} + ${p.postgresCpuMsPerReceipt === undefined ? 'n/a' : fixed(p.postgresCpuMsPerReceipt, 2)}`;
  const row = (label: string, p: PhaseSummary) =>
    [label.padEnd(22), fixed(p.receiptsPerSecond).padStart(10), fixed(p.p50Ms, 2).padStart(8), fixed(p.p99Ms, 2).padStart(8), fixed(p.wallMs / 1000, 2).padStart(8),
      int(p.firstWindowPerSecond).padStart(9), int(p.lastWindowPerSecond).padStart(9), cpu(p).padStart(15), String(p.retries).padStart(8)].join('  ');
  const lines = [
    '',
    '=== Sage Pro receipts: Settle vs bare SQL (test/bench/sagepro) ===',
    `${int(w.receipts)} receipts, ${w.writers} concurrent writers (pool of ${w.writers}), one transaction per receipt, applyPaymentToInvoice`,
    `workload  ${int(w.invoices)} new invoices over ${w.customers} customers (busiest ${pct(w.busiestShare)}, quietest ${pct(w.quietestShare)} of the invoices);`,
    `          ${int(w.invoices - w.splitInvoices)} paid in full, ${int(w.splitInvoices)} in two instalments; arrival order shuffled`,
    `server    PostgreSQL ${r.postgres.version} (${r.postgres.where}; fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}, shared_buffers ${s.shared_buffers})`,
    `          Node ${r.node}, ${r.cpus} CPUs`,
    '',
    [''.padEnd(22), 'receipts/s'.padStart(10), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'wall s'.padStart(8), 'first 1k'.padStart(9), 'last 1k'.padStart(9),
      'CPU ms Node+PG'.padStart(15), 'retries'.padStart(8)].join('  '),
    row('Settle', r.settle),
    row(`Settle batched (${r.settleBatched.batch}/tx)`, r.settleBatched),
    row('Baseline (plain SQL)', r.baseline),
    `${'Ratio Settle/baseline'.padEnd(22)}  ${fixed(r.ratio, 3).padStart(10)}`,
    `${'Ratio batched/baseline'.padEnd(22)}  ${fixed(r.batchedRatio, 3).padStart(10)}`,
    '',
    `Target >= ${int(r.target.receiptsPerSecond)} receipts/s: ${r.target.met ? 'MET' : 'NOT MET'} (Settle ${fixed(r.settle.receiptsPerSecond)} receipts/s, one receipt per transaction)`,
    `Target >= ${int(r.target.receiptsPerSecond)} receipts/s: ${r.target.batchedMet ? 'MET' : 'NOT MET'} (Settle batched ${fixed(r.settleBatched.receiptsPerSecond)} receipts/s, ${r.settleBatched.batch} receipts per transaction)`,
    '(batched: p50/p99 are per batch, every receipt of a batch has its latency)',
    ...r.verified.map((line) => `Verified: ${line}`),
    '(first 1k / last 1k: receipts/s over the first and the last 1,000 commits; CPU: per receipt, this process + the PostgreSQL server)',
  ];
  return lines.join('\n');
}

export function formatProfile(settle: Profile, baseline: Profile): string {
  const block = (label: string, p: Profile) => {
    const lines = [
      `${label}: ${fixed(p.roundTrips)} round trips per receipt; BEGIN→COMMIT ${fixed(p.meanReceiptMs, 2)} ms mean, of which ${fixed(p.betweenStatementsMs, 2)} ms between statements (client side)`,
      `  ${'statement'.padEnd(28)}${'/receipt'.padStart(9)}${'mean ms'.padStart(9)}${'first 10%'.padStart(11)}${'last 10%'.padStart(10)}${'share'.padStart(8)}`,
      ...p.kinds.map((k) => `  ${k.kind.padEnd(28)}${fixed(k.perReceipt, 2).padStart(9)}${fixed(k.meanMs, 3).padStart(9)}${fixed(k.firstTenthMs, 3).padStart(11)}${fixed(k.lastTenthMs, 3).padStart(10)}${pct(k.share).padStart(8)}`),
    ];
    if (p.counter) {
      lines.push(
        `  AR counter (SYSDATA AR01, locked by every write): held ${fixed(p.counter.meanHoldMs, 2)} ms per receipt (locked read → COMMIT),`,
        `  held ${pct(p.counter.busyShare)} of the wall clock${p.counter.busyShare > 1 ? ' (over 100 %: each COMMIT returns to the client a little after the row is free)' : ''}`,
        `  → ceiling 1000 / ${fixed(p.counter.meanHoldMs, 2)} = ${int(p.counter.ceilingPerSecond)} receipts/s, whatever the number of writers`,
      );
    }
    return lines.join('\n');
  };
  return [
    '',
    `--- Profile pass (statements stamped on the wire; ${int(settle.receipts)} receipts each, ${fixed((settle.receipts / settle.wallMs) * 1000)} vs ${fixed((baseline.receipts / baseline.wallMs) * 1000)} receipts/s instrumented) ---`,
    block('Settle', settle),
    block('Baseline', baseline),
  ].join('\n');
}
