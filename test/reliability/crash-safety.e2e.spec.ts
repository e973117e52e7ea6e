/**
 * Workers SIGKILLed in the middle of Sage Pro writes, then restarted, leave exactly one receipt per
 * payment. The API runs in this process (role api: it accepts, it never drains); the drains run in
 * real worker processes (`main.js --role=worker`, as `npm start -- --role=worker` runs it) on the same
 * database, Redis and secrets. Each worker is SIGKILLed at a chosen moment, watched from outside:
 *   1. while its receipt batch is being written: a Sage Pro transaction holds ARCASH's write lock;
 *   2. after Sage Pro committed receipts but before Settle recorded them (more PT lines in ARCASH than
 *      receipt effects): the next worker must find them already written, not write them again;
 *   3. at a random 300–800 ms after it started work.
 * The next one takes the dead one's events again once their 2 s leases run out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineTenant, pipelineTenant } from '../pipeline/pipeline-harness.js';
import type { TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { acceptAll, approvedPayment, balances, cashLinesPerReference, invoicesWithRoom, receiptEffects, sleep, stateCounts } from './payments.js';
import { createStack, type Stack } from './stack.js';
import { type BackendBuild, buildBackend, type StandbyWorker, standbyWorker, type WorkerProcess } from './worker-process.js';

const PAYMENTS = 300;
const KILLS = 3;
const PIPELINE = { PIPELINE_LEASE_SECONDS: '2', PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '200', PIPELINE_RETRY_MAX_MS: '1000' };

let build: BackendBuild | undefined;
let stack: Stack | undefined;
let api: TestApp | undefined;
let tenant: PipelineTenant;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  build = buildBackend();
  stack = await createStack(PIPELINE);
  api = await stack.startApp({ role: 'api' });
  tenant = await pipelineTenant(api, 'Crashproof Supply');
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.crash();
  await tenant?.close();
  await api?.close();
  await stack?.close();
  build?.remove();
});

function spareWorker(): Promise<StandbyWorker> {
  const spare = standbyWorker(build!, stack!.env());
  void spare.then((worker) => workers.push(worker), () => undefined);
  return spare;
}

const inFlight = async () => {
  const { rows } = await tenant.db.query<{ n: number }>("SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 AND state IN ('queued', 'processing')", [tenant.tenantId]);
  return rows[0].n;
};
/** Claims (each bumps an event's attempts), receipts and finished events: any of them is a worker at work. */
const progress = async () => {
  const { rows } = await tenant.db.query<{ n: number }>("SELECT (sum(attempts) + count(*) FILTER (WHERE state = 'done'))::int AS n FROM inbox_events WHERE tenant_id = $1", [tenant.tenantId]);
  const { rows: cash } = await tenant.company.query<{ n: number }>("SELECT count(*)::int AS n FROM pro01.arcash WHERE refno LIKE 'PT%'");
  return rows[0].n + cash[0].n;
};
/** A Sage Pro transaction (not ours) has written to ARCASH and not committed yet: a receipt batch mid-write. */
const receiptsBeingWritten = async () => {
  const { rows } = await tenant.company.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND relation = 'pro01.arcash'::regclass AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()`,
  );
  return rows[0].n > 0;
};
/** Sage Pro has committed receipts that Settle has not recorded yet (its finish is still to come). */
const receiptsNotYetRecorded = async () => {
  const cash = (await cashLinesPerReference(tenant)).size;
  return cash > (await receiptEffects(tenant)).total;
};

interface KillMoment {
  name: string;
  /** Resolves once the worker is at the moment to be killed; what it resolves to runs after the kill. */
  reached(): Promise<void | (() => Promise<void>)>;
}
const until = (condition: () => Promise<boolean>, what: string) => async () => {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`the worker never reached "${what}" within 30 s`);
    await sleep(5);
  }
};
const MOMENTS: KillMoment[] = [
  { name: 'receipt batch mid-write', reached: until(receiptsBeingWritten, 'receipt batch mid-write') },
  {
    name: 'Sage Pro committed, Settle not',
    // The window between the two commits is a few milliseconds; a lock on sync_effects (SHARE blocks
    // INSERT, not reads) holds the worker's recording back inside it until the worker is killed.
    reached: async () => {
      const blocker = await tenant.db.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE sync_effects IN SHARE MODE');
      const unblock = async () => {
        await blocker.query('ROLLBACK');
        blocker.release();
      };
      try {
        await until(receiptsNotYetRecorded, 'Sage Pro committed, Settle not')();
      } catch (error) {
        await unblock();
        throw error;
      }
      return unblock;
    },
  },
  {
    name: 'random',
    reached: async () => {
      const startedWith = await progress();
      await eventually(async () => expect(await progress()).toBeGreaterThan(startedWith), 30_000, 25);
      await sleep(300 + Math.floor(Math.random() * 500));
    },
  },
];

describe('worker processes killed mid-write', () => {
  const payments: { transactionId: string; invno: string; cents: number }[] = [];
  let before: Map<string, number>;
  const kills: { moment: string; afterMs: number; unfinished: number }[] = [];
  const startUpsMs: number[] = [];
  let last: StandbyWorker | undefined;

  it('leave every payment with exactly one receipt in Sage Pro and one receipt effect', { timeout: 180_000 }, async () => {
    // Several small partial payments per invoice, each its own PayTrace transaction.
    const invoices = await invoicesWithRoom(tenant, 75, 5_000);
    expect(invoices.length, 'open invoices with room in the sandbox company').toBeGreaterThanOrEqual(30);
    for (let i = 0; i < PAYMENTS; i++) {
      const invoice = invoices[i % invoices.length];
      payments.push({ transactionId: String(810_000_000 + i), invno: invoice.invno, cents: 100 + (i % 37) });
    }
    before = await balances(tenant, invoices.map((invoice) => invoice.invno));
    expect(await acceptAll(api!, tenant, payments.map((p) => approvedPayment(p.transactionId, p.cents, p.invno)), 100)).toBe(PAYMENTS);
    expect(await stateCounts(tenant)).toEqual({ queued: PAYMENTS });

    // Start a worker, kill it at the moment chosen (see the top of this file); again. The next worker
    // process loads its modules meanwhile, so a restart costs the app's start-up only.
    let spare = spareWorker();
    for (const moment of MOMENTS) {
      const standby = await spare;
      const startedAt = Date.now();
      const worker = await standby.start();
      startUpsMs.push(Date.now() - startedAt);
      spare = spareWorker();
      const working = Date.now();
      const afterKill = await moment.reached();
      const afterMs = Date.now() - working;
      await worker.crash();
      await afterKill?.();
      kills.push({ moment: moment.name, afterMs, unfinished: await inFlight() });
    }
    expect(kills).toHaveLength(KILLS);
    // Every kill left work behind (it struck a worker at work), or the test proved nothing.
    expect(kills.filter((kill) => kill.unfinished > 0), JSON.stringify(kills)).toHaveLength(KILLS);

    // A last worker finishes (it takes the dead workers' events once their leases run out).
    last = await spare;
    const lastStartedAt = Date.now();
    await last.start();
    startUpsMs.push(Date.now() - lastStartedAt);
    const finishing = Date.now();
    await eventually(async () => expect(await stateCounts(tenant)).toEqual({ done: PAYMENTS }), 90_000, 250);
    const finishedMs = Date.now() - finishing;

    const lines = await cashLinesPerReference(tenant);
    const effects = await receiptEffects(tenant);
    const { rows: retried } = await tenant.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 AND attempts > 1', [tenant.tenantId]);
    console.log(
      `[crash-safety] ${PAYMENTS} payments, ${kills.length} SIGKILLs (${kills.map((k) => `${k.moment}: after ${k.afterMs} ms, ${k.unfinished} unfinished`).join('; ')}); ` +
        `${retried[0].n} events taken again after a kill, ${effects.alreadyApplied} found already written in Sage Pro; ARCASH refs ${lines.size}, receipt effects ${effects.total}; ` +
        `worker start-ups ${startUpsMs.join('/')} ms, the last worker finished in ${finishedMs} ms`,
    );

    // Exactly one ARCASH line per payment reference, for every payment, and nothing else.
    expect(lines.size).toBe(PAYMENTS);
    expect([...lines.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...lines.keys()].sort()).toEqual(payments.map((p) => `PT${p.transactionId}`).sort());
    // Exactly one receipt effect per event and per reference.
    expect(effects).toMatchObject({ total: PAYMENTS, events: PAYMENTS, references: PAYMENTS });
    // And the money moved once: each invoice's balance fell by exactly what was paid on it.
    const after = await balances(tenant, [...before.keys()]);
    const paid = new Map<string, number>();
    for (const p of payments) paid.set(p.invno, (paid.get(p.invno) ?? 0) + p.cents);
    for (const [invno, cents] of before) expect({ invno, balance: after.get(invno) }).toEqual({ invno, balance: cents - (paid.get(invno) ?? 0) });
    // The kills interrupted real work: some events were claimed more than once, and the kill between
    // the two commits left receipts the next worker found already written (and did not write again).
    expect(retried[0].n).toBeGreaterThan(0);
    expect(effects.alreadyApplied).toBeGreaterThan(0);
  });

  it('a partial payment taken again after a crash is still recorded as Partly paid, never Paid', { timeout: 60_000 }, async () => {
    expect(payments).toHaveLength(PAYMENTS);
    // Let the last worker finish whatever it still has in hand (SIGTERM: a graceful stop), so nothing writes meanwhile.
    await last?.stop();
    const { rows } = await tenant.db.query<{ status: string; n: number }>(
      "SELECT split_part(reference, ':', 2) AS status, count(*)::int AS n FROM sync_effects WHERE tenant_id = $1 AND kind = 'payment_status' GROUP BY 1 ORDER BY 1",
      [tenant.tenantId],
    );
    // Every payment leaves a balance on its invoice: each one's status is partly_paid.
    expect.soft(rows).toEqual([{ status: 'partly_paid', n: PAYMENTS }]);
    const { rows: invoices } = await tenant.company.query<{ refno: string }>('SELECT trim(refno) AS refno FROM pro01.armast WHERE trim(invno) = ANY($1::text[])', [[...before.keys()]]);
    expect.soft(invoices.filter((row) => !row.refno.startsWith('PARTPAID PT')).map((row) => row.refno)).toEqual([]);
  });
});
