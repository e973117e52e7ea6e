/**
 * The model-based test of the pipeline (issue #11, "Proven"): random histories over 3–5 fresh
 * invoices — approved, declined, voided, partly and fully refunded, charged back, duplicated,
 * reordered, with Sage Pro outages, read-only spells, pauses, dead letters replayed and reviews
 * resolved — run through the real pipeline (PostgreSQL, Redis, both sandboxes, partner webhooks) and
 * compared with the plain reference model (reference-model.ts). A failing history shrinks to a minimal
 * one, printed one command per line.
 *
 *   npm test                                   MODEL_RUNS histories (default 20), fixed seed, the kinds
 *                                              of CI_KINDS (everything but PENDING_FIXES)
 *   MODEL_SEED=7 MODEL_RUNS=20 npx vitest run --project e2e test/model/pipeline-model.e2e.spec.ts
 *   MODEL_KINDS=all …                          every command kind, PENDING_FIXES included
 *   npm run check:model -- --runs N --seed S   explores (MODEL_MODE=explore): no stop at the first
 *                                              failure, faults grouped by invariant, each shortest
 *                                              history shrunk; see scripts/check-model.mjs
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { COMMAND_KINDS, type CommandKind, kindsOf, normaliseHistory, printHistory, rawHistory, type RawHistory } from './history.js';
import { MODEL_PIPELINE_ENV, PipelineDriver } from './pipeline-driver.js';
import { compareLedgers, expectedLedger, type Violation } from './reference-model.js';

/**
 * Command kinds a known fault would fail, left out of the `npm test` run until its fix lands (with a
 * line here saying what fails). Empty: every kind holds. Before removing one, run
 * `npm run check:model -- --runs 60 --seed <a few>` to see it hold beyond the fixed seed. The kinds
 * that were here while #11 was being fixed: pause (a paused integration dropped its payments),
 * approve_unknown (a reversal of a reviewed payment waited forever once the review was dismissed),
 * refund_without_original (taken from the wrong receipt, or ignored while another sale of the
 * document was still on its way).
 */
export const PENDING_FIXES: CommandKind[] = [];

const CI_KINDS = COMMAND_KINDS.filter((k) => !PENDING_FIXES.includes(k));
const kinds: readonly CommandKind[] = process.env.MODEL_KINDS === 'all' ? COMMAND_KINDS : process.env.MODEL_KINDS ? (process.env.MODEL_KINDS.split(',') as CommandKind[]) : CI_KINDS;
const RUNS = Number(process.env.MODEL_RUNS ?? 20);
const SEED = Number(process.env.MODEL_SEED ?? 20_261_207);
const MAX_COMMANDS = Number(process.env.MODEL_MAX_COMMANDS ?? 10);
const EXPLORE = process.env.MODEL_MODE === 'explore';

let t: TestApp;
let tenant: PipelineTenant;
let driver: PipelineDriver;

beforeAll(async () => {
  t = await startTestApp(MODEL_PIPELINE_ENV);
  tenant = await pipelineTenant(t, 'Model Supply');
  driver = new PipelineDriver(t, tenant);
  await driver.start();
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

interface Outcome {
  printed: string;
  commands: number;
  kinds: string[];
  violations: Violation[];
}

/** One history from fresh invoices to the comparison with the model. */
async function runHistory(raw: RawHistory): Promise<Outcome> {
  const invoices = await driver.enterInvoices(raw.invoiceCount);
  const history = normaliseHistory(raw, invoices, driver.nextTransactionId);
  const observed = await driver.run(history);
  const violations = compareLedgers(history, expectedLedger(history), observed);
  // A failure also says where each event ended, to read it by.
  const ended = violations.length ? `\n    where its events ended:\n${(observed.events ?? []).map((e) => `      ${e.type} ${e.transactionId}: ${e.state} ${JSON.stringify(e.outcome)}`).join('\n')}` : '';
  return { printed: printHistory(history) + ended, commands: history.commands.length, kinds: [...kindsOf(history)], violations };
}

const failureText = (outcome: Outcome) => `${outcome.violations.map((v) => `✗ ${v.invariant}: ${v.detail}`).join('\n')}\n\nhistory:\n${outcome.printed}`;

describe('the reference model itself', () => {
  const invoices = [{ name: 'I1', invno: '9001', custno: 'C1', cents: 200_00 }, { name: 'I2', invno: '9002', custno: 'C2', cents: 90_00 }];
  const model = (commands: RawHistory['commands']) => {
    let id = 0;
    const history = normaliseHistory({ invoiceCount: 2, commands }, invoices, () => String(++id));
    return expectedLedger(history);
  };

  it('caps reversals by what earlier ones left of the receipt, and a void nets zero', () => {
    const ledger = model([
      { k: 'approve', inv: 0, part: 'half', held: false }, // P1 100.00 on I1
      { k: 'refund', pay: 0, part: 'half', withOriginal: true, held: false }, // 50.00 back
      { k: 'chargeback', pay: 0, held: true }, // 100.00 asked, 50.00 left
      { k: 'approve', inv: 1, part: 'full', held: false }, // P2 90.00 on I2
      { k: 'void', pay: 1, held: false },
    ]);
    expect(Object.fromEntries(ledger.net)).toEqual({ P1: 0, P2: 0 });
    expect(Object.fromEntries(ledger.balances)).toEqual({ '9001': 200_00, '9002': 90_00 });
  });

  it('a payment of an unknown document moves money only as its review places it', () => {
    const ledger = model([
      { k: 'approve_unknown', plan: { action: 'match', inv: 1 }, part: 'third', held: false }, // 30.00 on I2
      { k: 'approve_unknown', plan: { action: 'dismiss' }, part: 'full', held: false },
      { k: 'decline', inv: 0, held: false },
    ]);
    expect(Object.fromEntries(ledger.net)).toEqual({ P1: 30_00, P2: 0 });
    expect(Object.fromEntries(ledger.balances)).toEqual({ '9001': 200_00, '9002': 60_00 });
  });
});

describe.skipIf(EXPLORE)('the pipeline against its reference model', () => {
  it(`${RUNS} random histories (seed ${SEED}) end as the model says`, { timeout: 600_000 }, async () => {
    const outcomes = new Map<string, Outcome>();
    const result = await fc.check(
      fc.asyncProperty(rawHistory(kinds, MAX_COMMANDS), async (raw) => {
        const outcome = await runHistory(raw);
        outcomes.set(JSON.stringify(raw), outcome);
        return outcome.violations.length === 0;
      }),
      // Shrinking runs real histories: bounded, the failure found first is reported if time runs out.
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 300_000, markInterruptAsFailure: false },
    );
    if (result.failed && result.counterexample) {
      const minimal = outcomes.get(JSON.stringify(result.counterexample[0]))!;
      console.error(`\nmodel-based test: a failing history (seed ${SEED}, shrunk ${result.numShrinks} times):\n${failureText(minimal)}\n`);
      expect.fail(`the pipeline broke its model (seed ${SEED}, path ${result.counterexample ? result.counterexamplePath : ''}):\n${failureText(minimal)}`);
    }
    expect(result.errorInstance, String(result.errorInstance)).toBeNull();
    // The run is only as good as what it tried: every enabled kind appears in some history.
    const tried = new Set([...outcomes.values()].flatMap((o) => o.kinds));
    if (RUNS >= 20) expect(kinds.filter((k) => !tried.has(k))).toEqual([]);
  });
});

/** Greedy shrink: drop commands, deliver held ones in order, drop invoices, while the same invariant still breaks; bounded by `budget` runs. */
async function shrink(raw: RawHistory, invariant: string, budget: number, first: Outcome): Promise<{ raw: RawHistory; outcome: Outcome; runs: number }> {
  let best = { raw, outcome: first };
  let runs = 0;
  const breaks = (o: Outcome) => o.violations[0]?.invariant === invariant;
  let improved = true;
  while (improved && runs < budget) {
    improved = false;
    for (let at = best.raw.commands.length - 1; at >= 0 && runs < budget; at--) {
      const candidate = { ...best.raw, commands: best.raw.commands.filter((_, i) => i !== at) };
      if (!candidate.commands.length) continue;
      runs++;
      const outcome = await runHistory(candidate);
      if (breaks(outcome)) {
        best = { raw: candidate, outcome };
        improved = true;
      }
    }
    for (let at = 0; at < best.raw.commands.length && runs < budget; at++) {
      const command = best.raw.commands[at];
      if (!('held' in command) || !command.held) continue;
      const candidate = { ...best.raw, commands: best.raw.commands.map((c, i) => (i === at ? { ...c, held: false } : c)) };
      runs++;
      const outcome = await runHistory(candidate);
      if (breaks(outcome)) {
        best = { raw: candidate, outcome };
        improved = true;
      }
    }
    if (best.raw.invoiceCount > 3 && runs < budget) {
      const candidate = { ...best.raw, invoiceCount: 3 };
      runs++;
      const outcome = await runHistory(candidate);
      if (breaks(outcome)) {
        best = { raw: candidate, outcome };
        improved = true;
      }
    }
  }
  return { ...best, runs };
}

describe.runIf(EXPLORE)('exploring the pipeline against its reference model (npm run check:model)', () => {
  it('runs the histories, groups the faults and shrinks the shortest history of each', { timeout: 3_600_000 }, async () => {
    const started = Date.now();
    const faults = new Map<string, { count: number; raw: RawHistory; outcome: Outcome }>();
    let failures = 0;
    const raws = fc.sample(rawHistory(kinds, MAX_COMMANDS), { seed: SEED, numRuns: RUNS });
    for (const [i, raw] of raws.entries()) {
      const outcome = await runHistory(raw);
      if (outcome.violations.length) failures++;
      // A fault is named by its first (most specific) broken invariant: a wrong invoice balance
      // that follows from a payment's wrong net money is the same fault.
      for (const invariant of outcome.violations.slice(0, 1).map((v) => v.invariant)) {
        const known = faults.get(invariant);
        if (!known) faults.set(invariant, { count: 1, raw, outcome });
        else {
          known.count++;
          if (outcome.commands < known.outcome.commands) Object.assign(known, { raw, outcome });
        }
      }
      process.stderr.write(`history ${i + 1}/${RUNS}: ${outcome.violations.length ? `✗ ${outcome.violations[0].invariant}` : 'ok'}\n`);
    }
    const explored = (Date.now() - started) / 1000;
    const budget = Number(process.env.MODEL_SHRINK_RUNS ?? 20);
    const shrunk = [];
    let shrinkRuns = 0;
    for (const [invariant, fault] of faults) {
      const result = budget > 0 ? await shrink(fault.raw, invariant, budget, fault.outcome) : { ...fault, runs: 0 };
      shrinkRuns += result.runs;
      shrunk.push({ invariant, histories: fault.count, shortest: result.outcome.printed, violations: result.outcome.violations.filter((v) => v.invariant === invariant), raw: result.raw });
    }
    const report = { seed: SEED, runs: RUNS, failures, kinds, seconds: explored, historiesPerSecond: RUNS / explored, shrinkRuns, totalSeconds: (Date.now() - started) / 1000, faults: shrunk };
    if (process.env.MODEL_REPORT) writeFileSync(process.env.MODEL_REPORT, JSON.stringify(report, null, 2));
    else console.log(JSON.stringify(report, null, 2));
  });
});
