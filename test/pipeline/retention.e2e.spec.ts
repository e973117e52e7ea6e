/**
 * Retention: PIPELINE_RETENTION_DAYS (90 by default) after an event finished, its raw payload and
 * normalised event become a tombstone and its timeline steps are deleted; the inbox row, its key, state,
 * outcome and Sage Pro effects stay, so a redelivery of the same key is still a duplicate. Recent
 * events and unfinished old ones (a review still open) keep everything. Events enter through the inbox
 * as a partner's webhook would; the prune runs as the retention queue's job.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { QueueService } from '../../backend/src/platform/queue/queue.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { cashLinesOf, eventReaches, freshInvoices, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200' });
  tenant = await pipelineTenant(t, 'Rowan Mills');
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const sale = (transactionId: string, amountMinor: number, documentNumber: string): PaymentEvent => ({
  type: 'payment.approved',
  transactionId,
  amountMinor,
  currency: 'USD',
  occurredAt: new Date().toISOString(),
  method: 'card',
  documentNumber,
});

const accept = (externalId: string, event: PaymentEvent) =>
  t.app.get(InboxService).accept(tenant.tenantId, [{ source: 'partner', externalId, integrationId: tenant.integrationId, event, payload: { delivered: event } }]);

interface Stored {
  state: string;
  attempts: number;
  event: any;
  payload: any;
  outcome: any;
  pruned_at: Date | null;
  steps: number;
  effects: number;
}

async function stored(id: string): Promise<Stored> {
  const { rows } = await tenant.db.query<Stored>(
    `SELECT e.state, e.attempts, e.event, e.payload, e.outcome, e.pruned_at,
            (SELECT count(*)::int FROM event_steps s WHERE s.event_id = e.id) AS steps,
            (SELECT count(*)::int FROM sync_effects f WHERE f.event_id = e.id) AS effects
       FROM inbox_events e WHERE e.id = $1`,
    [id],
  );
  return rows[0];
}

it('prunes the payloads and steps of old finished events only, and a pruned key is still a duplicate', async () => {
  const [oldInvoice, recentInvoice] = await freshInvoices(tenant, 2);
  const oldSale = sale('760000001', oldInvoice.cents, oldInvoice.invno);
  expect((await accept('ret-old-sale', oldSale)).accepted).toHaveLength(1);
  await accept('ret-recent-sale', sale('760000002', recentInvoice.cents, recentInvoice.invno));
  await accept('ret-open-review', sale('760000003', 12_34, 'NO-SUCH-31'));
  await accept('ret-dismissed', sale('760000004', 23_45, 'NO-SUCH-32'));

  const oldDone = await eventReaches(tenant, '760000001', 'payment.approved', 'done');
  const recentDone = await eventReaches(tenant, '760000002', 'payment.approved', 'done');
  const openReview = await eventReaches(tenant, '760000003', 'payment.approved', 'manual_review');
  const toDismiss = await eventReaches(tenant, '760000004', 'payment.approved', 'manual_review');
  const { manualReviews } = await tenant.gql('{ manualReviews { nodes { id eventId } } }');
  const review = manualReviews.nodes.find((r: { eventId: string }) => r.eventId === toDismiss.id);
  await tenant.gql('mutation($id: ID!) { resolveManualReview(id: $id, input: { action: dismiss }) { resolution } }', { id: review.id });
  await eventReaches(tenant, '760000004', 'payment.approved', 'ignored');

  // Three of them are 100 days old: the sale and the dismissal finished then, the review is still open.
  await tenant.db.query(
    `UPDATE inbox_events SET received_at = now() - interval '100 days',
            completed_at = CASE WHEN completed_at IS NOT NULL THEN now() - interval '100 days' END
      WHERE id = ANY($1::uuid[])`,
    [[oldDone.id, openReview.id, toDismiss.id]],
  );
  // An old finished refund, as history look-ups find it: by its original's id in the event.
  const { rows: [refund] } = await tenant.db.query<{ id: string }>(
    `INSERT INTO inbox_events (tenant_id, source, external_id, type, payment_key, correlation_id, event, payload, state, received_at, completed_at)
     VALUES ($1, 'partner', 'ret-old-refund', 'payment.refunded', 'pt:760000009', 'ret-old-refund', $2, '{"raw": "delivery"}', 'done',
             now() - interval '100 days', now() - interval '100 days') RETURNING id`,
    [tenant.tenantId, { type: 'payment.refunded', transactionId: '760000009', originalTransactionId: '760000003', amountMinor: 100, currency: 'USD', customer: { name: 'Pat Doe' } }],
  );
  const before = {
    oldDone: await stored(oldDone.id),
    recentDone: await stored(recentDone.id),
    openReview: await stored(openReview.id),
    dismissed: await stored(toDismiss.id),
  };
  for (const row of Object.values(before)) {
    expect(row.steps).toBeGreaterThan(0);
    expect(row.pruned_at).toBeNull();
  }
  expect(before.oldDone.effects).toBeGreaterThan(0);

  await t.app.get(QueueService).add('retention', { type: 'prune' });
  await eventually(async () => expect((await stored(toDismiss.id)).pruned_at).not.toBeNull(), 15_000);
  await eventually(async () => expect((await stored(oldDone.id)).pruned_at).not.toBeNull(), 15_000);

  // The old finished ones: tombstones, no steps; key, state, outcome and Sage Pro effects kept.
  const pruned = await stored(oldDone.id);
  expect(pruned).toMatchObject({ state: 'done', attempts: before.oldDone.attempts, outcome: before.oldDone.outcome, steps: 0, effects: before.oldDone.effects });
  // The tombstone keeps the type and the ids a payment's history joins on, nothing else.
  expect(pruned.event).toEqual({ pruned: true, type: 'payment.approved', transactionId: '760000001' });
  expect(pruned.payload).toEqual({ pruned: true });
  expect(await stored(toDismiss.id)).toMatchObject({ state: 'ignored', steps: 0, event: { pruned: true, type: 'payment.approved', transactionId: '760000004' }, payload: { pruned: true } });
  expect((await stored(refund.id)).event).toEqual({ pruned: true, type: 'payment.refunded', transactionId: '760000009', originalTransactionId: '760000003' });
  // The recent one and the old unfinished one keep everything.
  expect(await stored(recentDone.id)).toEqual(before.recentDone);
  expect(await stored(openReview.id)).toEqual(before.openReview);

  // The events API still shows the pruned event: tombstone, no timeline, its effects.
  const { syncEvent } = await tenant.gql('query($id: ID!) { syncEvent(id: $id) { state event payload timeline { step } effects { kind reference } } }', { id: oldDone.id });
  expect(syncEvent).toMatchObject({ state: 'done', timeline: [] });
  expect(syncEvent.effects).toContainEqual({ kind: 'receipt', reference: 'PT760000001' });
  expect(JSON.parse(syncEvent.event)).toEqual(pruned.event);

  // A redelivery of the pruned event's key is answered as a duplicate and not processed again.
  expect(await accept('ret-old-sale', oldSale)).toEqual({ accepted: [], duplicates: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await stored(oldDone.id)).toEqual(pruned);
  expect(await cashLinesOf(tenant, 'PT760000001')).toEqual([{ invno: oldInvoice.invno, custno: oldInvoice.custno, cents: oldInvoice.cents }]);

  // Pruning again finds nothing more to do and changes nothing.
  await t.app.get(QueueService).add('retention', { type: 'prune' });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await stored(recentDone.id)).toEqual(before.recentDone);
  expect(await stored(openReview.id)).toEqual(before.openReview);
});

it('a pruned event can never be put back in the pipeline', async () => {
  const { rows } = await tenant.db.query<{ id: string }>(`SELECT id FROM inbox_events WHERE tenant_id = $1 AND pruned_at IS NOT NULL LIMIT 1`, [tenant.tenantId]);
  expect(rows).toHaveLength(1);
  await expect(tenant.db.query(`UPDATE inbox_events SET state = 'queued' WHERE id = $1`, [rows[0].id])).rejects.toThrow(/inbox_events_pruned_finished/);
});
