/** The printed table and the JSON record (.data/bench/ingest.json) of one bench:ingest run. */
import type { ServerFacts } from '../sagepro/server.js';
import type { CpuBreakdown } from './cpuprofile.js';

export interface IngestPhase {
  label: string;
  requests: number;
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<number, number>;
  non202: number;
  ranOut: boolean;
  serverCpuMsPerRequest: number;
  postgresCpuMsPerRequest?: number;
  clientCpuMsPerRequest: number;
}

export interface IngestRecord {
  benchmark: 'webhook-ingest';
  ranAt: string;
  node: string;
  cpus: number;
  loadAverageAtStart: number;
  postgres: ServerFacts & { where: string };
  options: { duration: number; connections: number; rounds: number; warmup: number; pool: number; role: string; logLevel: string };
  rounds: { settle: IngestPhase; baseline: IngestPhase }[];
  medianRatio: number;
  target: number;
  verified: string[];
  profile?: { phase: IngestPhase; timers: Record<string, { count: number; totalMs: number }>; cpu: CpuBreakdown };
  totalSeconds?: number;
}

const fixed = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatIngest(r: IngestRecord): string {
  const o = r.options;
  const s = r.postgres.settings;
  const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-202', 'CPU ms/req srv+PG+gen'];
  const widths = [24, 9, 8, 8, 9, 8, 22];
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const row = (label: string, p: IngestPhase) =>
    line([label, fixed(p.perSecond), fixed(p.p50Ms, 2), fixed(p.p99Ms, 2), int(p.requests) + (p.ranOut ? '*' : ''), String(p.non202),
      `${fixed(p.serverCpuMsPerRequest, 2)}+${fixed(p.postgresCpuMsPerRequest, 2)}+${fixed(p.clientCpuMsPerRequest, 2)}`]);
  const med = (pick: (x: { settle: IngestPhase; baseline: IngestPhase }) => number) => median(r.rounds.map(pick));
  const lines = [
    '',
    '=== Webhook ingest: Settle vs bare Fastify (test/bench/ingest) ===',
    `settle_events deliveries (payment.approved, Standard Webhooks signed before the clock, a unique webhook-id each), ${o.connections} keep-alive connections,`,
    `${o.duration} s per phase, ${o.rounds} round(s) alternating which goes first, after ${int(o.warmup)} warm-up requests each`,
    `Settle    POST /webhooks/:endpointId, its own process, role ${o.role}${o.role === 'api' ? ' (no queue workers in it)' : ''}, DATABASE_POOL_SIZE ${o.pool}, LOG_LEVEL ${o.logLevel} (to a file)`,
    `baseline  Fastify in its own process, pg pool ${o.pool}: 1 INSERT (autocommit, inbox-sized row, unique key) + 1 Redis LPUSH per request`,
    `server    PostgreSQL ${r.postgres.version} (${r.postgres.where}; fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}, shared_buffers ${s.shared_buffers}); Redis`,
    `          Node ${r.node}, ${r.cpus} CPUs, load average ${r.loadAverageAtStart.toFixed(2)} at start (other work on the machine shows up as noise)`,
    '',
    line(header),
    ...r.rounds.flatMap((round, i) => [row(`round ${i + 1} Settle`, round.settle), row(`round ${i + 1} baseline`, round.baseline),
      line([`round ${i + 1} ratio`, fixed(round.settle.perSecond / round.baseline.perSecond, 3)])]),
    line(['median Settle', fixed(med((x) => x.settle.perSecond)), fixed(med((x) => x.settle.p50Ms), 2), fixed(med((x) => x.settle.p99Ms), 2)]),
    line(['median baseline', fixed(med((x) => x.baseline.perSecond)), fixed(med((x) => x.baseline.p50Ms), 2), fixed(med((x) => x.baseline.p99Ms), 2)]),
    line(['Ratio Settle/baseline', fixed(r.medianRatio, 3)]),
    '',
    `Target >= ${pct(r.target)} of the baseline: ${r.medianRatio >= r.target ? 'MET' : 'NOT MET'} (median of the rounds' ratios, ${pct(r.medianRatio)})`,
    ...r.verified.map((v) => `Verified: ${v}`),
    '(CPU ms/req: the server process + all PostgreSQL processes + the load generator, per answered request; * = every pre-signed delivery sent before the time was up)',
  ];
  return lines.join('\n');
}

export function formatIngestProfile(p: NonNullable<IngestRecord['profile']>, connections: number): string {
  const n = p.phase.requests;
  const timers = Object.entries(p.timers);
  const sql = timers.filter(([name]) => name.startsWith('sql'));
  const redis = timers.filter(([name]) => name.startsWith('redis'));
  const calls = timers.filter(([name]) => !name.startsWith('sql') && !name.startsWith('redis') && !name.endsWith('items per call') && !name.endsWith(': failed'));
  const items = timers.filter(([name]) => name.endsWith('items per call'));
  const perRequest = (entries: [string, { count: number }][]) => entries.reduce((sum, [, t]) => sum + t.count, 0) / n;
  const block = (entries: [string, { count: number; totalMs: number }][]) =>
    entries.map(([name, t]) => `  ${name.padEnd(84)}${fixed(t.count / n, 2).padStart(7)}${fixed(t.totalMs / t.count, 3).padStart(10)}`);
  return [
    '',
    `--- Profile pass: Settle instrumented and CPU-profiled (${int(n)} requests, ${fixed(p.phase.perSecond)} req/s, p50 ${fixed(p.phase.p50Ms, 2)} ms with the profiler on) ---`,
    `Where a request's time goes (wall time, ${connections} requests in flight; per request: calls, mean ms per call):`,
    ...block(calls),
    ...items.map(([name, t]) => `  ${name.padEnd(84)}${fixed(t.totalMs / t.count, 2).padStart(7)} (mean; ${int(t.count)} calls)`),
    `PostgreSQL statements: ${fixed(perRequest(sql), 2)} per request`,
    ...block(sql),
    `Redis commands: ${fixed(perRequest(redis), 2)} per request`,
    ...block(redis),
    `Settle process CPU in the window: ${fixed(p.cpu.busyMs / n, 3)} ms per request (${fixed(p.cpu.busyMs / p.cpu.windowMs * 100)} % of one core busy); self time by package:`,
    ...p.cpu.byPackage.slice(0, 14).map((x) => `  ${x.name.padEnd(48)}${pct(x.share).padStart(8)}${fixed(x.ms / n, 3).padStart(9)} ms/req`),
    'Functions with the most self time:',
    ...p.cpu.topFunctions.map((x) => `  ${x.name.slice(0, 96).padEnd(98)}${pct(x.share).padStart(8)}`),
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
