/**
 * Redis is only the doorbell; PostgreSQL is the inbox. With Redis down a webhook still answers 202 once
 * its event is stored, InboxService.accept still stores; when Redis comes back (restarted, empty: every
 * drain job it held is gone) the sweeper signals every tenant with due events, and each event is
 * processed exactly once. The same holds for events accepted while no worker runs at all (an API-only
 * process), across a Redis restart, once a worker process starts.
 *
 * This file runs its own redis-server (no persistence) on a port of its own, so stopping it disturbs
 * no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { findFreePort } from '../../backend/src/platform/runtime/free-port.js';
import { type RunningRedis, startRedisServer } from '../../backend/src/platform/runtime/redis-server.js';
import { freshInvoices, type PipelineTenant, pipelineTenant } from '../pipeline/pipeline-harness.js';
import type { TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { approvedPayment, cashLinesPerReference, partnerEntry, sleep } from './payments.js';
import { createStack, type Stack } from './stack.js';

const redisDir = mkdtempSync(join(tmpdir(), 'settle-redis-outage-'));
let redisPort: number;
let redis: RunningRedis | undefined;
let stack: Stack | undefined;
const apps: TestApp[] = [];
let tenant: PipelineTenant;
let invoices: { invno: string; custno: string; cents: number }[];
let nextTransaction = 620_000_000;

const startRedis = async () => {
  redis = await startRedisServer(redisDir, { persist: false, port: redisPort });
};
const stopRedis = async () => {
  await redis?.stop();
  redis = undefined;
};

beforeAll(async () => {
  redisPort = await findFreePort();
  await startRedis();
  // Small batches, one drain at a time: Redis goes away between two drains of one tenant's events.
  stack = await createStack({ REDIS_URL: redis!.url, PIPELINE_BATCH_SIZE: '2', PIPELINE_CONCURRENCY: '1', PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '200', PIPELINE_RETRY_MAX_MS: '1000' });
  apps.push(await stack.startApp({ role: 'all' }));
  tenant = await pipelineTenant(apps[0], 'Harbor Tools');
  invoices = await freshInvoices(tenant, 45);
  expect(invoices).toHaveLength(45);
}, 120_000);

afterAll(async () => {
  await tenant?.close();
  // Bounded: a hung close must not take the other clean-ups with it.
  for (const app of apps.reverse()) await Promise.race([app.close(), sleep(15_000)]);
  await stopRedis();
  await stack?.close();
  rmSync(redisDir, { recursive: true, force: true });
});

/** One approved payment of a whole fresh invoice: its receipt reference is PT<transaction id>. */
function nextPayment() {
  const invoice = invoices.shift()!;
  return approvedPayment(String(nextTransaction++), invoice.cents, invoice.invno);
}

async function accept(app: TestApp, count: number): Promise<{ ids: string[]; references: string[] }> {
  const events = Array.from({ length: count }, nextPayment);
  const { accepted } = await app.app.get(InboxService).accept(tenant.tenantId, events.map((event) => partnerEntry(tenant, event)));
  return { ids: accepted, references: events.map((event) => `PT${event.transactionId}`) };
}

async function states(ids: string[]): Promise<Record<string, number>> {
  const { rows } = await tenant.db.query<{ state: string; n: number }>('SELECT state::text, count(*)::int AS n FROM inbox_events WHERE id = ANY($1::uuid[]) GROUP BY 1', [ids]);
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/** Every reference has exactly one ARCASH line and its event exactly one receipt effect. */
async function expectOneReceiptEach(ids: string[], references: string[]) {
  const lines = await cashLinesPerReference(tenant);
  expect(references.map((reference) => [reference, lines.get(reference)])).toEqual(references.map((reference) => [reference, 1]));
  const { rows } = await tenant.db.query<{ n: number; events: number; references: number }>(
    "SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events, count(DISTINCT reference)::int AS references FROM sync_effects WHERE kind = 'receipt' AND event_id = ANY($1::uuid[])",
    [ids],
  );
  expect(rows[0]).toEqual({ n: ids.length, events: ids.length, references: ids.length });
}

describe('Redis down', () => {
  it('a webhook still answers 202 once its event is stored; after Redis restarts empty, the sweeper gets every event processed once', { timeout: 120_000 }, async () => {
    const app = apps[0];
    const created = await tenant.gql('mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "Partner" }) { secret url } }', { i: tenant.integrationId });
    const { secret, url } = created.createWebhookEndpoint as { secret: string; url: string };

    // Mid-run: Redis goes away while a drain is working on the first of 20 events (2 per drain).
    const before = await accept(app, 20);
    expect(before.ids).toHaveLength(20);
    await eventually(async () => expect((await states(before.ids)).processing ?? 0).toBeGreaterThan(0), 30_000, 5);
    await stopRedis();
    const unfinishedAtStop = 20 - ((await states(before.ids)).done ?? 0);
    expect(unfinishedAtStop).toBeGreaterThan(0);

    // Redis down: InboxService.accept stores, and signed webhooks are answered 202 with their event ids.
    const during = await accept(app, 10);
    expect(during.ids).toHaveLength(10);
    const webhook = { ids: [] as string[], references: [] as string[], slowestMs: 0 };
    for (let i = 0; i < 5; i++) {
      const event = nextPayment();
      const body = JSON.stringify({ type: event.type, data: { transaction_id: event.transactionId, amount: { minor: event.amountMinor, currency: 'USD' }, occurred_at: event.occurredAt, invoice_number: event.documentNumber } });
      const id = `msg_outage_${event.transactionId}`;
      const at = new Date();
      const started = Date.now();
      const res = await app.http
        .post(new URL(url).pathname)
        .set('content-type', 'application/json')
        .set('webhook-id', id)
        .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
        .set('webhook-signature', new Webhook(secret).sign(id, at, body))
        .send(body);
      webhook.slowestMs = Math.max(webhook.slowestMs, Date.now() - started);
      expect({ status: res.status, accepted: res.body.accepted }).toEqual({ status: 202, accepted: true });
      webhook.ids.push(res.body.eventId);
      webhook.references.push(`PT${event.transactionId}`);
    }
    const stored = [...during.ids, ...webhook.ids];
    expect(await states(stored)).toEqual({ queued: 15 });
    // Nothing rings the doorbell while Redis is down: the events wait in PostgreSQL (several sweeps fail meanwhile).
    await sleep(1_500);
    expect(await states(stored)).toEqual({ queued: 15 });

    // Redis back, empty. The sweeper signals the tenant; every event is processed, each exactly once.
    await startRedis();
    const all = [...before.ids, ...stored];
    const references = [...before.references, ...during.references, ...webhook.references];
    const restarted = Date.now();
    await eventually(async () => expect(await states(all)).toEqual({ done: 35 }), 60_000, 100);
    console.log(
      `[redis-outage] Redis stopped with ${unfinishedAtStop} of 20 events unfinished; 15 accepted while it was down (slowest webhook 202: ${webhook.slowestMs} ms); ` +
        `all 35 done ${Date.now() - restarted} ms after Redis restarted`,
    );
    await expectOneReceiptEach(all, references);
  });

  it('events accepted while no worker runs, across a Redis restart, are all processed once a worker process starts', { timeout: 120_000 }, async () => {
    if (!redis) {
      // The test before failed with Redis down: bring it back and let the clients reconnect first
      // (a BullMQ worker closed while reconnecting never finishes closing, bullmq#4656).
      await startRedis();
      await sleep(3_000);
    }
    await apps[0].close();
    const api = await stack!.startApp({ role: 'api' });
    apps.push(api);
    const waiting = await accept(api, 10);
    expect(waiting.ids).toHaveLength(10);
    await sleep(1_000);
    expect(await states(waiting.ids)).toEqual({ queued: 10 });

    // The drain jobs the API queued are lost with Redis; only PostgreSQL knows about the events now.
    await stopRedis();
    await startRedis();
    const worker = await stack!.startApp({ role: 'worker' });
    apps.push(worker);
    const started = Date.now();
    await eventually(async () => expect(await states(waiting.ids)).toEqual({ done: 10 }), 60_000, 100);
    console.log(`[redis-outage] 10 events accepted with no worker running: all done ${Date.now() - started} ms after a worker started`);
    await expectOneReceiptEach(waiting.ids, waiting.references);
  });
});
