/**
 * A poison event (one whose processing kills the worker: out of memory, a native crash) ends, and
 * never takes other payments down with it. The drains run in real worker processes (as in
 * crash-safety) started through poison-worker.mjs, which SIGKILLs its own process whenever a drain of
 * it starts on one marked payment; a supervisor loop starts the next worker each time one dies, as a
 * process manager would. With PIPELINE_MAX_ATTEMPTS = 3 the marked payment must end as a dead letter
 * with cause worker_crashed after its third claim, and every other payment of the tenant, claimed in
 * the same first batch, must get its receipt. One of them is slow and taken back first: the poison,
 * taken back next by a second drain of the same worker, must wait until it is done (a dead worker's
 * event runs alone in its process), so the bystander is charged for the first death only.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineTenant, pipelineTenant } from '../pipeline/pipeline-harness.js';
import type { TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { acceptAll, approvedPayment, cashLinesPerReference, invoicesWithRoom, sleep, stateCounts } from './payments.js';
import { createStack, type Stack } from './stack.js';
import { type BackendBuild, buildBackend, type StandbyWorker, standbyWorker, type WorkerProcess } from './worker-process.js';

const POISON = '830000000';
const SLOW = '830000001';
const OTHERS = 20;
const MAX_ATTEMPTS = 3;
const PIPELINE = { PIPELINE_LEASE_SECONDS: '2', PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '200', PIPELINE_RETRY_MAX_MS: '1000', PIPELINE_MAX_ATTEMPTS: String(MAX_ATTEMPTS) };
const POISON_WORKER = fileURLToPath(new URL('./poison-worker.mjs', import.meta.url));

let build: BackendBuild | undefined;
let stack: Stack | undefined;
let api: TestApp | undefined;
let tenant: PipelineTenant;
const workers: StandbyWorker[] = [];

beforeAll(async () => {
  build = buildBackend();
  stack = await createStack(PIPELINE);
  api = await stack.startApp({ role: 'api' });
  tenant = await pipelineTenant(api, 'Poison Pill Supply');
  await tenant.gql('mutation($i: UpsertAlertRuleInput!) { upsertAlertRule(input: $i) { id } }', { i: { kind: 'dead_letter', enabled: true } });
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.crash();
  await tenant?.close();
  await api?.close();
  await stack?.close();
  build?.remove();
});

function spareWorker(): Promise<StandbyWorker> {
  const spare = standbyWorker(build!, stack!.env({ TEST_POISON_TRANSACTION_ID: POISON, TEST_SLOW_TRANSACTION_ID: SLOW }), 90_000, POISON_WORKER);
  void spare.then((worker) => workers.push(worker), () => undefined);
  return spare;
}

const eventOf = async (transactionId: string) => {
  const { rows } = await tenant.db.query<{ id: string; state: string; attempts: number }>(
    'SELECT id, state::text, attempts FROM inbox_events WHERE tenant_id = $1 AND payment_key = $2',
    [tenant.tenantId, `pt:${transactionId}`],
  );
  return rows[0];
};
const poisonEvent = () => eventOf(POISON);

describe('an event that kills its worker', () => {
  it('ends as a worker_crashed dead letter after PIPELINE_MAX_ATTEMPTS, and every other payment gets its receipt', { timeout: 90_000 }, async () => {
    const invoices = await invoicesWithRoom(tenant, OTHERS + 1, 5_000);
    expect(invoices).toHaveLength(OTHERS + 1);
    // All in the first batch, received in this order (one acceptance each): the slow bystander, the
    // poison, the others. A dead worker's events are taken back in that order.
    const payments = [SLOW, POISON, ...Array.from({ length: OTHERS - 1 }, (_, i) => String(830_000_002 + i))].map((transactionId, i) =>
      approvedPayment(transactionId, 100 + i, invoices[i].invno),
    );
    for (const part of [payments.slice(0, 1), payments.slice(1, 2), payments.slice(2)]) await acceptAll(api!, tenant, part);
    expect(await stateCounts(tenant)).toEqual({ queued: OTHERS + 1 });

    // Supervisor: a worker runs; when it dies, the next (already loaded) one starts. Until the work is
    // over, or far more deaths than the attempts allow (then the poison is reclaimed forever).
    const deaths: string[] = [];
    const over = async () => (await poisonEvent()).state === 'dead' && (await stateCounts(tenant)).done === OTHERS;
    let spare = spareWorker();
    const started = Date.now();
    const deadline = started + 60_000;
    let last: WorkerProcess | undefined;
    while (!(await over()) && deaths.length <= MAX_ATTEMPTS + 2 && Date.now() < deadline) {
      last = await (await spare).start();
      spare = spareWorker();
      while (last.child.exitCode === null && last.child.signalCode === null && !(await over()) && Date.now() < deadline) await sleep(100);
      if (last.child.signalCode !== null || last.child.exitCode !== null) {
        const died = last.output().match(/poison: \d+ event\(s\) in hand/)?.[0] ?? `exited ${last.child.exitCode ?? last.child.signalCode}`;
        deaths.push(`${died} (${Date.now() - started} ms)`);
      }
    }
    console.log(`[poison-events] ${deaths.length} worker deaths: ${deaths.join('; ')}; over after ${Date.now() - started} ms: ${JSON.stringify(await stateCounts(tenant))}`);
    if (!(await over())) console.log(`[poison-events] the last worker said:\n${last?.output()}`);

    // The poison event died with its worker once per attempt, and then ended.
    expect(deaths, 'one worker death per attempt').toHaveLength(MAX_ATTEMPTS);
    expect(deaths.slice(1).map((death) => death.replace(/ \(.*/, '')), 'a reclaimed event is claimed alone').toEqual(Array(MAX_ATTEMPTS - 1).fill('poison: 1 event(s) in hand'));
    const poison = await poisonEvent();
    expect(poison).toMatchObject({ state: 'dead', attempts: MAX_ATTEMPTS });
    const { rows: letters } = await tenant.db.query('SELECT cause, error_code, attempts, reason FROM dead_letters WHERE event_id = $1', [poison.id]);
    expect(letters).toEqual([{ cause: 'worker_crashed', error_code: 'worker_crashed', attempts: MAX_ATTEMPTS, reason: expect.stringMatching(/^Every attempt \(3\) ended with the worker/) }]);
    const { rows: steps } = await tenant.db.query("SELECT attempt, outcome, rule FROM event_steps WHERE event_id = $1 AND step = 'worker crashed'", [poison.id]);
    expect(steps).toEqual([{ attempt: MAX_ATTEMPTS, outcome: 'error', rule: 'worker_crashed' }]);

    // Somebody is told, in an alert of its own kind of dead letter (raised just after the claim that ended it commits).
    await eventually(async () => {
      const { rows: alerts } = await tenant.db.query('SELECT summary FROM alerts WHERE tenant_id = $1 AND group_key = $2', [tenant.tenantId, 'worker_crashed:worker_crashed']);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].summary).toMatch(/stopped the worker processing them on every attempt/);
    }, 10_000);

    // None of the others was taken down: each is done with exactly one receipt.
    expect(await stateCounts(tenant)).toEqual({ done: OTHERS, dead: 1 });
    const lines = await cashLinesPerReference(tenant);
    const others = payments.filter((p) => p.transactionId !== POISON);
    expect([...lines.keys()].sort()).toEqual(others.map((p) => `PT${p.transactionId}`).sort());
    expect([...lines.values()].every((n) => n === 1)).toBe(true);
    // The slow bystander was in hand at the first death only: its second claim ran alone.
    expect(await eventOf(SLOW), 'the bystander is charged for the first death only').toMatchObject({ state: 'done', attempts: 2 });
  });
});
