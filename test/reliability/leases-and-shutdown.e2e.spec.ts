/**
 * The parts of dispatch that keep a drain's events its own while it works, and let it go cleanly:
 * - DrainSlots (Redis): at most N running drains per tenant; a dead holder's place expires; a drain
 *   turned away leaves a note for the next one to finish.
 * - Lease renewal (PostgreSQL): a batch that takes longer than PIPELINE_LEASE_SECONDS is not claimed
 *   again by another drain (Sage Pro made slow through the sandbox's fault proxy).
 * - Shutdown: a worker closed mid-batch either lets the batch finish, or (past
 *   WORKER_CLOSE_TIMEOUT_MS) abandons it without recording anything; the next worker takes it again.
 * Leases are 1 s here, so a batch of a few seconds outlives several of them.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DrainSlots } from '../../backend/src/pipeline/dispatch/drain-slots.js';
import { EventStore } from '../../backend/src/pipeline/inbox/event-store.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { renewLeases } from '../../backend/src/pipeline/inbox/lease.js';
import { PrismaService } from '../../backend/src/platform/database/prisma.service.js';
import { freshInvoices, type PipelineTenant, pipelineTenant } from '../pipeline/pipeline-harness.js';
import type { TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { approvedPayment, cashLinesPerReference, partnerEntry, sleep } from './payments.js';
import { createStack, type Stack } from './stack.js';

const PIPELINE = {
  PIPELINE_LEASE_SECONDS: '1',
  PIPELINE_BATCH_SIZE: '4',
  PIPELINE_TENANT_DRAINS: '2',
  PIPELINE_SWEEP_MS: '200',
  PIPELINE_RETRY_BASE_MS: '200',
  PIPELINE_RETRY_MAX_MS: '1000',
};

let stack: Stack | undefined;
let api: TestApp;
let tenant: PipelineTenant;
let invoices: { invno: string; custno: string; cents: number }[];
let nextTransaction = 640_000_000;
const apps: TestApp[] = [];

beforeAll(async () => {
  stack = await createStack(PIPELINE);
  // Accepts and answers, never drains: the workers below are started and stopped by the tests.
  api = await stack.startApp({ role: 'api' });
  apps.push(api);
  tenant = await pipelineTenant(api, 'Leaseholder Goods');
  invoices = await freshInvoices(tenant, 40);
  expect(invoices).toHaveLength(40);
}, 120_000);

afterAll(async () => {
  await tenant?.close();
  for (const app of apps.reverse()) await Promise.race([app.close(), sleep(20_000)]);
  await stack?.close();
});

async function accept(count: number): Promise<{ ids: string[]; references: string[] }> {
  const events = invoices.splice(0, count).map((invoice) => approvedPayment(String(nextTransaction++), invoice.cents, invoice.invno));
  const { accepted } = await api.app.get(InboxService).accept(tenant.tenantId, events.map((event) => partnerEntry(tenant, event)));
  expect(accepted).toHaveLength(count);
  return { ids: accepted, references: events.map((event) => `PT${event.transactionId}`) };
}

interface Row {
  id: string;
  state: string;
  attempts: number;
  last_error: string | null;
}
async function rows(ids: string[]): Promise<Row[]> {
  const { rows } = await tenant.db.query<Row>('SELECT id, state::text, attempts, last_error FROM inbox_events WHERE id = ANY($1::uuid[]) ORDER BY id', [ids]);
  return rows;
}
const states = async (ids: string[]) => (await rows(ids)).map((row) => row.state).sort();

/** The Sage Pro sandbox of `app` (its own fault proxy) gets `latency_ms` added to every chunk each way. */
async function slowSagePro(app: TestApp, latencyMs: number) {
  const res = await app.http
    .put('/sandbox/sagepro/admin/faults')
    .set('x-sandbox-admin-key', app.config.sandboxAdminKey)
    .set('x-sandbox-tenant', tenant.tenantId)
    .send({ latency_ms: latencyMs });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function expectOneReceiptEach(ids: string[], references: string[]) {
  const lines = await cashLinesPerReference(tenant);
  expect(references.map((reference) => [reference, lines.get(reference)])).toEqual(references.map((reference) => [reference, 1]));
  const { rows: effects } = await tenant.db.query<{ n: number; events: number }>(
    "SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM sync_effects WHERE kind = 'receipt' AND event_id = ANY($1::uuid[])",
    [ids],
  );
  expect(effects[0]).toEqual({ n: ids.length, events: ids.length });
}

const nothingFailed = async () => {
  const { rows: dead } = await tenant.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letters WHERE tenant_id = $1', [tenant.tenantId]);
  return dead[0].n;
};

describe('drain slots (Redis)', () => {
  const redis = new Redis(inject('redisUrl'));
  const prefix = `t_slots_${randomBytes(4).toString('hex')}`;
  const key = (...parts: string[]) => [prefix, ...parts].join(':');
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets at most `limit` drains of a tenant run; the one turned away is noted for the next to finish', async () => {
    const slots = new DrainSlots(redis, key, 2, 30_000);
    const first = await slots.acquire('tenant-a');
    const second = await slots.acquire('tenant-a');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(await slots.acquire('tenant-a')).toBeNull();
    // Another tenant is not affected.
    const other = await slots.acquire('tenant-b');
    expect(other).not.toBeNull();
    expect(await other!.release()).toBe(false);
    // The first to finish reads the note (and queues the tenant again); the second finds none.
    expect(await first!.release()).toBe(true);
    expect(await second!.release()).toBe(false);
    expect(await slots.acquire('tenant-a')).not.toBeNull();
  });

  it("frees a dead drain's place once its time runs out, and keeps a live one's while it renews", async () => {
    const slots = new DrainSlots(redis, key, 1, 400);
    const dead = await slots.acquire('tenant-c');
    expect(dead).not.toBeNull();
    expect(await slots.acquire('tenant-c')).toBeNull();
    await sleep(500);
    const live = await slots.acquire('tenant-c');
    expect(live).not.toBeNull();
    for (let i = 0; i < 6; i++) {
      await sleep(150);
      await live!.renew();
    }
    expect(await slots.acquire('tenant-c')).toBeNull();
    // The dead one's late release does not free the live one's place.
    await dead!.release();
    expect(await slots.acquire('tenant-c')).toBeNull();
    expect(await live!.release()).toBe(true);
  });
});

describe('lease renewal', () => {
  it("extends only this drain's claims: rows still processing at the attempt it claimed", async () => {
    const { ids } = await accept(3);
    const { events: claimed } = await api.app.get(EventStore).claim(tenant.tenantId, 3, 1, 8);
    expect(claimed.map((event) => event.id).sort()).toEqual([...ids].sort());
    const [kept, reclaimed, finished] = claimed;
    // Meanwhile another drain took one again, and one was finished.
    await tenant.db.query('UPDATE inbox_events SET attempts = attempts + 1 WHERE id = $1', [reclaimed.id]);
    await tenant.db.query("UPDATE inbox_events SET state = 'done', lease_until = NULL, completed_at = now() WHERE id = $1", [finished.id]);

    const pool = api.app.get(PrismaService).pool;
    expect(await renewLeases(pool, tenant.tenantId, claimed, 120)).toBe(1);
    const { rows: leases } = await tenant.db.query<{ id: string; secondsLeft: number | null }>(
      'SELECT id, extract(epoch FROM lease_until - now())::float AS "secondsLeft" FROM inbox_events WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const left = new Map(leases.map((row) => [row.id, row.secondsLeft]));
    expect(left.get(kept.id)).toBeGreaterThan(100);
    expect(left.get(reclaimed.id)).toBeLessThanOrEqual(1);
    expect(left.get(finished.id)).toBeNull();
    // Row-level security: another tenant's scope renews nothing.
    expect(await renewLeases(pool, '00000000-0000-0000-0000-000000000000', claimed, 120)).toBe(0);
    // Done with them: out of the way of the workers below.
    await tenant.db.query("UPDATE inbox_events SET state = 'done', lease_until = NULL, completed_at = now() WHERE id = ANY($1::uuid[])", [ids]);
  });

  it('a drain whose batch outlives its lease keeps its events: each is taken once and written once', { timeout: 90_000 }, async () => {
    const worker = await stack!.startApp({ role: 'all' });
    apps.push(worker);
    await slowSagePro(worker, 100);
    const started = Date.now();
    const { ids, references } = await accept(8);
    await eventually(async () => expect(await states(ids)).toEqual(Array(8).fill('done')), 60_000, 100);
    const tookMs = Date.now() - started;
    const { rows: batches } = await tenant.db.query<{ longestMs: number }>(
      'SELECT max(extract(epoch FROM completed_at - received_at) * 1000)::int AS "longestMs" FROM inbox_events WHERE id = ANY($1::uuid[])',
      [ids],
    );
    console.log(`[leases] 8 events in batches of 4 with a 1 s lease: all done in ${tookMs} ms, the slowest ${batches[0].longestMs} ms after acceptance`);
    // The batches really outlived the lease (several times over)...
    expect(batches[0].longestMs).toBeGreaterThan(2_000);
    // ...and yet no event was claimed a second time.
    expect((await rows(ids)).map((row) => row.attempts)).toEqual(Array(8).fill(1));
    await expectOneReceiptEach(ids, references);
    await slowSagePro(worker, 0);
    await worker.close();
  });
});

describe('shutdown', () => {
  it('waits for a running drain, which records its results, before the pools close', { timeout: 90_000 }, async () => {
    const worker = await stack!.startApp({ role: 'all' });
    apps.push(worker);
    await slowSagePro(worker, 40);
    const { ids, references } = await accept(4);
    await eventually(async () => expect(await states(ids)).toContain('processing'), 20_000, 20);
    const closing = Date.now();
    await worker.close();
    const closeMs = Date.now() - closing;
    console.log(`[shutdown] graceful: closed in ${closeMs} ms with a batch of 4 running`);
    expect(await states(ids)).toEqual(Array(4).fill('done'));
    expect((await rows(ids)).filter((row) => row.last_error)).toEqual([]);
    expect(await nothingFailed()).toBe(0);
    await expectOneReceiptEach(ids, references);
  });

  it('abandons a drain still running after WORKER_CLOSE_TIMEOUT_MS without recording a failure; the next worker finishes it', { timeout: 90_000 }, async () => {
    const worker = await stack!.startApp({ role: 'all', env: { WORKER_CLOSE_TIMEOUT_MS: '200' } });
    apps.push(worker);
    await slowSagePro(worker, 150);
    const { ids, references } = await accept(4);
    await eventually(async () => expect(await states(ids)).toContain('processing'), 20_000, 20);
    await worker.close();
    // The pools closed under the abandoned drain: nothing of that may be recorded as a failure.
    await sleep(1_500);
    const left = await rows(ids);
    console.log(`[shutdown] abandoned after 200 ms: ${left.map((row) => row.state).join(', ')}`);
    expect(left.filter((row) => row.last_error || !['processing', 'queued', 'done'].includes(row.state))).toEqual([]);
    expect(left.map((row) => row.state)).toContain('processing');
    expect(await nothingFailed()).toBe(0);

    const next = await stack!.startApp({ role: 'worker' });
    apps.push(next);
    await eventually(async () => expect(await states(ids)).toEqual(Array(4).fill('done')), 30_000, 100);
    await expectOneReceiptEach(ids, references);
    await next.close();
  });
});
