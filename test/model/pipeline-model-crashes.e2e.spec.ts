/**
 * The model-based test of the pipeline with worker kills and poison events (issue #11, "Proven"): the
 * same histories and reference model as pipeline-model.e2e.spec.ts, but the pipeline runs in real
 * worker processes (serve.js --role=worker, as in test/reliability/crash-safety), next to an API app
 * in this process that only accepts the partner's webhooks. Two more command kinds, this runner's only:
 *   kill    SIGKILL the running worker right after the next delivery, or 0–800 ms later; a standby
 *           worker (modules loaded) starts at once, and takes the dead one's events once their leases
 *           run out;
 *   poison  one payment whose processing kills its worker every time (poison-file-worker.mjs): it must
 *           end as a dead letter with cause worker_crashed, move no money (the model nets it 0), and
 *           never be replayed; every other payment ends as the model says.
 * A supervisor starts the next worker whenever one dies, as a process manager would.
 *
 *   npm test                                   MODEL_CRASH_RUNS histories (default 4, up to 6 commands), fixed seed
 *   MODEL_SEED=7 MODEL_CRASH_RUNS=8 npx vitest run --project e2e test/model/pipeline-model-crashes.e2e.spec.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { sleep } from '../reliability/payments.js';
import { createStack, type Stack } from '../reliability/stack.js';
import { type BackendBuild, buildBackend, type StandbyWorker, standbyWorker, type WorkerProcess } from '../reliability/worker-process.js';
import type { TestApp } from '../support/app.js';
import { COMMAND_KINDS, type CommandKind, type History, type KillMoment, kindsOf, normaliseHistory, printHistory, type RawCommand, rawHistory, type RawHistory } from './history.js';
import { MODEL_PIPELINE_ENV, PipelineDriver, type RunHooks } from './pipeline-driver.js';
import { compareLedgers, expectedLedger, type Violation } from './reference-model.js';

/**
 * Kinds a known fault would fail in this runner, left out of the `npm test` run until its fix lands
 * (with a line here saying what fails). MODEL_KINDS=all puts them back.
 * - (refund_without_original was here: a refund naming no original waited on the poisoned sale of
 *   its document, a dead letter never replayed, though smaller than the refund; fixed in e0b9031.)
 * - (reorder was here: one failure, "E1 approve P1 113.00 for I3 held back; kill after next delivery;
 *   E2 refund 113.00 of P1; E3 approve P2 56.50 for I3; E4 approve P3 56.50 for I3 — POISON", P1 not
 *   as the model says, seen once on a loaded machine before e0b9031 and never since: MODEL_KINDS=all
 *   passed seeds 20261207 and 7, then 1 and 2 (6 histories each) after the reversal lock of 3cacce7.)
 */
export const CRASH_PENDING_FIXES: CommandKind[] = [];

const BASE_KINDS = process.env.MODEL_KINDS === 'all' ? COMMAND_KINDS : COMMAND_KINDS.filter((k) => !CRASH_PENDING_FIXES.includes(k));
const RUNS = Number(process.env.MODEL_CRASH_RUNS ?? 4);
const SEED = Number(process.env.MODEL_SEED ?? 20_261_207);
const MAX_COMMANDS = Number(process.env.MODEL_MAX_COMMANDS ?? 6);
const POISON_FILE_WORKER = fileURLToPath(new URL('./poison-file-worker.mjs', import.meta.url));
/** Leases short enough that a killed worker's events are taken again within seconds. */
const PIPELINE = { ...MODEL_PIPELINE_ENV, PIPELINE_LEASE_SECONDS: '2' };

let build: BackendBuild | undefined;
let stack: Stack | undefined;
let api: TestApp | undefined;
let tenant: PipelineTenant;
let driver: PipelineDriver;
let supervisor: Supervisor | undefined;
let poisonFile = '';

/** One worker process at a time; when it dies (killed or poisoned), the standby one starts. */
class Supervisor {
  private current?: WorkerProcess;
  private spare?: Promise<StandbyWorker>;
  private stopped = false;
  private readonly all: StandbyWorker[] = [];
  failure?: unknown;
  deaths = 0;
  kills = 0;
  readonly startUpsMs: number[] = [];

  async start(): Promise<void> {
    this.spare = this.spareWorker();
    await this.next();
    void this.watch();
  }

  /** SIGKILLs the running worker; the watch starts the next. */
  async kill(): Promise<void> {
    const worker = this.current;
    // Between a death and the next start-up there is no worker to kill.
    if (!worker || worker.child.exitCode !== null || worker.child.signalCode !== null) return;
    this.kills++;
    await worker.crash();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.spare?.catch(() => undefined);
    for (const worker of this.all) await worker.crash();
  }

  private spareWorker(): Promise<StandbyWorker> {
    const spare = standbyWorker(build!, stack!.env({ TEST_POISON_FILE: poisonFile }), 90_000, POISON_FILE_WORKER);
    void spare.then((worker) => this.all.push(worker), () => undefined);
    return spare;
  }

  private async next(): Promise<void> {
    for (let tries = 1; ; tries++) {
      const standby = await this.spare!;
      this.spare = this.spareWorker();
      const startedAt = Date.now();
      try {
        this.current = await standby.start();
        this.startUpsMs.push(Date.now() - startedAt);
        return;
      } catch (error) {
        // A worker may meet the poison before it says it is ready: a death like any other.
        if (tries >= 10 || !standby.output().includes('poison: ')) throw error;
        this.deaths++;
      }
    }
  }

  private async watch(): Promise<void> {
    try {
      while (!this.stopped) {
        await this.current!.exited;
        if (this.stopped) return;
        this.deaths++;
        await this.next();
      }
    } catch (error) {
      if (!this.stopped) this.failure = error;
    }
  }
}

beforeAll(async () => {
  build = buildBackend();
  stack = await createStack(PIPELINE);
  poisonFile = join(stack.dataDir, 'model-poison');
  writeFileSync(poisonFile, '');
  api = await stack.startApp({ role: 'api' });
  tenant = await pipelineTenant(api, 'Model Crash Supply');
  driver = new PipelineDriver(api, tenant, 720_000_000);
  // A poisoned event takes PIPELINE_MAX_ATTEMPTS worker deaths and lease expiries to end.
  driver.quiesceTimeoutMs = 30_000;
  await driver.start();
  supervisor = new Supervisor();
  await supervisor.start();
}, 180_000);

afterAll(async () => {
  await supervisor?.stop();
  await tenant?.close();
  await api?.close();
  await stack?.close();
  build?.remove();
});

const part = fc.constantFrom<'full' | 'half' | 'third'>('full', 'half', 'third');
const killCommand: fc.Arbitrary<RawCommand> = fc.record({ k: fc.constant('kill' as const), moment: fc.constantFrom<KillMoment>('next_delivery', 'delay'), ms: fc.integer({ min: 0, max: 16 }).map((n) => n * 50) });
const poisonCommand: fc.Arbitrary<RawCommand> = fc.record({ k: fc.constant('poison' as const), inv: fc.nat({ max: 9 }), part });
const at = fc.nat({ max: 20 });

/** A history of the usual kinds with 1–2 kills and a poisoned payment put in at random places. */
export function crashHistory(maxCommands: number): fc.Arbitrary<RawHistory> {
  return fc
    .record({
      base: rawHistory(BASE_KINDS, maxCommands),
      poison: fc.record({ at, command: poisonCommand }),
      kills: fc.array(fc.record({ at, command: killCommand }), { minLength: 1, maxLength: 2 }),
    })
    .map(({ base, poison, kills }) => {
      const commands = [...base.commands];
      for (const extra of [poison, ...kills]) commands.splice(extra.at % (commands.length + 1), 0, extra.command);
      return { invoiceCount: base.invoiceCount, commands };
    });
}

interface Outcome {
  printed: string;
  commands: number;
  kinds: string[];
  violations: Violation[];
}

/** Every event of the poisoned payment ended dead, each with a worker_crashed dead letter. */
async function poisonViolations(history: History): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const payment of history.payments.filter((p) => p.poisoned)) {
    const { rows } = await tenant.db.query(
      `SELECT e.state::text AS state, e.attempts, d.cause FROM inbox_events e LEFT JOIN dead_letters d ON d.event_id = e.id AND d.replayed_at IS NULL
        WHERE e.tenant_id = $1 AND e.payment_key = $2`,
      [tenant.tenantId, `pt:${payment.transactionId}`],
    );
    if (!rows.length || rows.some((r) => r.state !== 'dead' || r.cause !== 'worker_crashed')) {
      violations.push({ invariant: 'a poisoned payment ends as a dead letter with cause worker_crashed', detail: `${payment.name}: ${JSON.stringify(rows)}` });
    }
  }
  return violations;
}

async function runHistory(raw: RawHistory): Promise<Outcome> {
  if (supervisor!.failure) throw new Error(`the worker supervisor failed: ${supervisor!.failure}`);
  const invoices = await driver.enterInvoices(raw.invoiceCount);
  const history = normaliseHistory(raw, invoices, driver.nextTransactionId);
  writeFileSync(poisonFile, history.payments.filter((p) => p.poisoned).map((p) => `${p.transactionId}\n`).join(''));
  let killAfterDelivery = false;
  const hooks: RunHooks = {
    async command(c) {
      if (c.k !== 'kill') throw new Error(`no runner for command ${c.k}`);
      if (c.moment === 'next_delivery') killAfterDelivery = true;
      else {
        await sleep(c.ms);
        await supervisor!.kill();
      }
    },
    async delivered() {
      if (!killAfterDelivery) return;
      killAfterDelivery = false;
      await supervisor!.kill();
    },
  };
  const started = Date.now();
  const observed = await driver.run(history, hooks);
  if (process.env.MODEL_VERBOSE) process.stderr.write(`[model-crashes] history of ${history.commands.length} commands: ${Date.now() - started} ms\n${printHistory(history)}\n`);
  const violations = [...compareLedgers(history, expectedLedger(history), observed), ...(await poisonViolations(history))];
  writeFileSync(poisonFile, '');
  if (process.env.MODEL_VERBOSE && violations.length) process.stderr.write(`[model-crashes] ✗ ${violations.map((v) => `${v.invariant}: ${v.detail}`).join('\n  ✗ ')}\n`);
  const ended = violations.length ? `\n    where its events ended:\n${(observed.events ?? []).map((e) => `      ${e.type} ${e.transactionId}: ${e.state} ${JSON.stringify(e.outcome)}`).join('\n')}` : '';
  return { printed: printHistory(history) + ended, commands: history.commands.length, kinds: [...kindsOf(history)], violations };
}

const failureText = (outcome: Outcome) => `${outcome.violations.map((v) => `✗ ${v.invariant}: ${v.detail}`).join('\n')}\n\nhistory:\n${outcome.printed}`;

describe('the pipeline in worker processes, killed and poisoned, against its reference model', () => {
  it(`${RUNS} random histories with worker kills and a poisoned payment (seed ${SEED}) end as the model says`, { timeout: 900_000 }, async () => {
    const started = Date.now();
    const outcomes = new Map<string, Outcome>();
    const result = await fc.check(
      fc.asyncProperty(crashHistory(MAX_COMMANDS), async (raw) => {
        const outcome = await runHistory(raw);
        outcomes.set(JSON.stringify(raw), outcome);
        return outcome.violations.length === 0;
      }),
      // Shrinking runs real histories: bounded, the failure found first is reported if time runs out.
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 600_000, markInterruptAsFailure: false },
    );
    const tried = new Set([...outcomes.values()].flatMap((o) => o.kinds));
    console.log(
      `[model-crashes] ${outcomes.size} histories in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}); ${supervisor!.kills} kills, ` +
        `${supervisor!.deaths} worker deaths, start-ups ${supervisor!.startUpsMs.join('/')} ms; kinds tried: ${[...tried].sort().join(', ')}`,
    );
    if (result.failed && result.counterexample && outcomes.has(JSON.stringify(result.counterexample[0]))) {
      const minimal = outcomes.get(JSON.stringify(result.counterexample[0]))!;
      console.error(`\nmodel-based test with crashes: a failing history (seed ${SEED}, shrunk ${result.numShrinks} times):\n${failureText(minimal)}\n`);
      expect.fail(`the pipeline broke its model (seed ${SEED}, path ${result.counterexamplePath}):\n${failureText(minimal)}`);
    }
    expect(result.errorInstance, `${result.errorInstance}\n${result.counterexample ? JSON.stringify(result.counterexample[0]) : ''}`).toBeNull();
    // The run is only as good as what it tried: kills and a poison happened, and the poison killed workers.
    if (RUNS >= 4) {
      expect(['kill', 'poison'].filter((k) => !tried.has(k))).toEqual([]);
      expect(supervisor!.deaths).toBeGreaterThan(supervisor!.kills);
    }
  });
});
