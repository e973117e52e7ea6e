/**
 * `npm run bench:noisy-neighbour`: tenant B's latency of `{ tenant { id } }` alone, then while tenant
 * A sends the heaviest operations the limits allow from several connections at once, in one run,
 * side by side. Target (issue #12): B's p99 under 100 ms and no error for B.
 *
 * Set-up, outside the clock: PostgreSQL (embedded, durable settings, or DATABASE_URL) and Redis
 * (../ingest/infrastructure.ts), Settle in a process of its own (role `api`, NODE_ENV=production,
 * the default limits), tenants A and B signed up through GraphQL, and 1,000 audit entries for A so
 * that its pages are full. A's operations alternate between 99 aliases of `tenant { id }` (the most
 * transactions one operation may ask: cost 990 of 1,000) and 9 audit-log pages of 100 (the most
 * rows: cost 990). A does not wait when refused (RATE_LIMITED): it sends its next one at once.
 *
 *   npm run bench:noisy-neighbour [-- --duration=10] [-- --heavy=4] [-- --pool=10] [-- --warmup=200]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery } from '../sagepro/server.js';
import { type BenchInfrastructure, openInfrastructure } from '../ingest/infrastructure.js';
import { percentile } from '../ingest/load.js';
import { startSettle } from '../ingest/settle-app.js';
import { gql } from '../ingest/tenant.js';
import { type CallerResult, callRepeatedly } from './graphql-load.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUTPUT = join(ROOT, '.data', 'bench', 'noisy-neighbour.json');
const TARGET_P99_MS = 100;
const LIGHT = '{ tenant { id } }';
const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');
export const HEAVY = [
  `query { ${aliases(99, 'tenant { id }')} }`,
  `query { ${aliases(9, 'auditLog(first: 100) { nodes { id action createdAt } }')} }`,
];

interface Options {
  duration: number;
  heavy: number;
  pool: number;
  warmup: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { duration: 10, heavy: 4, pool: 10, warmup: 200 };
  for (const arg of argv) {
    const number = /^--(duration|heavy|pool|warmup)=(\d+)$/.exec(arg);
    if (!number) throw new Error(`Unknown argument ${arg}. Usage: npm run bench:noisy-neighbour [-- --duration=S --heavy=N --pool=N --warmup=N]`);
    (options as unknown as Record<string, number>)[number[1]] = Number(number[2]);
  }
  if (options.duration < 1 || options.heavy < 1 || options.pool < 1) throw new Error('--duration, --heavy and --pool must be at least 1');
  return options;
}

async function signUp(baseUrl: string, company: string): Promise<{ token: string; tenantId: string }> {
  const slug = company.toLowerCase().replace(/[^a-z0-9]/g, '');
  const data = await gql(baseUrl, 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
    i: { companyName: company, email: `ops@${slug}.test`, password: `${slug}-bench-pass-1` },
  });
  return { token: data.signUp.accessToken, tenantId: data.signUp.me.tenant.id };
}

interface Figures {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  errors: Record<string, number>;
}

const figures = (result: CallerResult): Figures => ({
  requests: result.latenciesMs.length,
  p50: percentile(result.latenciesMs, 50),
  p99: percentile(result.latenciesMs, 99),
  max: Math.max(...result.latenciesMs),
  errors: result.errors,
});

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const load = loadavg()[0];
  let infra: BenchInfrastructure | undefined;
  try {
    infra = await openInfrastructure('noisy');
    const settle = await startSettle(infra, {
      role: 'api',
      label: 'settle',
      settings: { DATABASE_POOL_SIZE: String(options.pool), LOG_LEVEL: 'warn', SANDBOXES: 'off' },
    });
    const port = Number(new URL(settle.baseUrl).port);
    const a = await signUp(settle.baseUrl, 'Noisy A');
    const b = await signUp(settle.baseUrl, 'Quiet B');
    await adminQuery(
      infra.adminUrl,
      `INSERT INTO audit_log (id, tenant_id, action, created_at)
       SELECT gen_random_uuid(), $1::uuid, 'bench.filler', now() - make_interval(secs => n) FROM generate_series(1, 1000) AS n`,
      [a.tenantId],
    );
    // Every heavy operation is within the cost limit: a refusal here would make the run meaningless.
    for (const query of HEAVY) await gql(settle.baseUrl, query, {}, a.token);

    await callRepeatedly(port, b.token, [LIGHT], { connections: 1, durationMs: 60_000, stop: (() => { let n = 0; return () => n++ >= options.warmup; })() });
    process.stderr.write(`[bench] B alone for ${options.duration} s…\n`);
    const alone = await callRepeatedly(port, b.token, [LIGHT], { connections: 1, durationMs: options.duration * 1000 });
    process.stderr.write(`[bench] B while A sends heavy operations on ${options.heavy} connections for ${options.duration} s…\n`);
    const [underLoad, noisy] = await Promise.all([
      callRepeatedly(port, b.token, [LIGHT], { connections: 1, durationMs: options.duration * 1000 }),
      callRepeatedly(port, a.token, HEAVY, { connections: options.heavy, durationMs: options.duration * 1000 }),
    ]);
    await settle.stop();

    const record = {
      at: new Date().toISOString(),
      options,
      machine: { cpus: availableParallelism(), loadAverageAtStart: load },
      alone: figures(alone),
      underLoad: figures(underLoad),
      tenantA: { requests: noisy.latenciesMs.length, statuses: noisy.statuses, errors: noisy.errors, p50: percentile(noisy.latenciesMs, 50) },
    };
    const met = record.underLoad.p99 < TARGET_P99_MS && Object.keys(record.underLoad.errors).length === 0 && Object.keys(record.alone.errors).length === 0;
    process.stdout.write(report(record, met));
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, JSON.stringify({ ...record, targetMet: met }, null, 2));
    return 0;
  } catch (error) {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  } finally {
    await infra?.stop();
  }
}

function report(record: { options: Options; machine: { cpus: number; loadAverageAtStart: number }; alone: Figures; underLoad: Figures; tenantA: { requests: number; statuses: Record<string, number>; errors: Record<string, number>; p50: number } }, met: boolean): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const errors = (value: Record<string, number>) => Object.entries(value).map(([code, n]) => `${n} ${code}`).join(', ') || '0';
  const rows: [string, string, string][] = [
    ['B requests', String(record.alone.requests), String(record.underLoad.requests)],
    ['B p50', ms(record.alone.p50), ms(record.underLoad.p50)],
    ['B p99', ms(record.alone.p99), ms(record.underLoad.p99)],
    ['B max', ms(record.alone.max), ms(record.underLoad.max)],
    ['B errors', errors(record.alone.errors), errors(record.underLoad.errors)],
    ['A operations (cost 990 each)', '-', `${record.tenantA.requests}: ${Object.entries(record.tenantA.statuses).map(([s, n]) => `${n} × ${s}`).join(', ')}`],
    ['A p50', '-', ms(record.tenantA.p50)],
  ];
  const width = [Math.max(...rows.map((r) => r[0].length)), 14, 14];
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(width[i] ?? 0)).join('  ');
  return [
    '',
    `Noisy neighbour: tenant B's { tenant { id } } alone, then while tenant A sends the heaviest operations allowed`,
    `(${record.options.heavy} connections, ${record.options.duration} s each phase, pool ${record.options.pool}, ${record.machine.cpus} CPUs, load average ${record.machine.loadAverageAtStart.toFixed(1)} at start)`,
    '',
    line(['', 'B alone', 'B under load']),
    ...rows.map(line),
    '',
    `Target: B's p99 under ${TARGET_P99_MS} ms and no error for B: ${met ? 'MET' : 'NOT MET'}`,
    '',
  ].join('\n');
}
