/**
 * Order-to-cash from a shop order, and events that arrive out of order: a refund before its sale ends
 * in the same Sage Pro state as the two in order. Events enter through the inbox as a partner's signed
 * webhook or Shopify's would (the routes themselves are proven in test/webhooks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import type { Kysely } from 'kysely';
import { SageProConnectionsService } from '../../backend/src/connections/sagepro/sagepro-connections.service.js';
import { PrismaService as PrismaServiceRef } from '../../backend/src/platform/database/prisma.service.js';
import { EventStore } from '../../backend/src/pipeline/inbox/event-store.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { cashLinesOf, eventReaches, freshInvoices, invoiceRow, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_WAIT_FOR_SALE_SECONDS: '20' });
  tenant = await pipelineTenant(t, 'Alder Works');
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const accept = (source: 'partner' | 'shopify', externalId: string, event: PaymentEvent | OrderEvent) => tenant.accept(source, { externalId, event });

const payment = (type: PaymentEvent['type'], transactionId: string, amountMinor: number, extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
  type,
  transactionId,
  amountMinor,
  currency: 'USD',
  occurredAt: new Date().toISOString(),
  method: 'card',
  ...extra,
});

describe('events out of order', () => {
  it('a refund that arrives before its sale waits, then reverses the receipt once the sale lands', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    await accept('partner', 'evt-refund-1', payment('payment.refunded', '700000002', 300, { originalTransactionId: '700000001', documentNumber: invoice.invno }));
    await eventReaches(tenant, '700000002', 'payment.refunded', 'waiting');
    await accept('partner', 'evt-sale-1', payment('payment.approved', '700000001', invoice.cents, { documentNumber: invoice.invno }));
    await eventReaches(tenant, '700000001', 'payment.approved', 'done');
    const refund = await eventReaches(tenant, '700000002', 'payment.refunded', 'done');
    expect(refund.outcome).toMatchObject({ reversal: 'PT700000002', of: 'PT700000001' });
    expect(await cashLinesOf(tenant, 'PT700000001')).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: invoice.cents }]);
    expect(await cashLinesOf(tenant, 'PT700000002')).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: -300 }]);
    expect(Math.round(Number((await invoiceRow(tenant, invoice.invno)).balance) * 100)).toBe(300);
  });

  it('a delivery repeated under the same id is answered and not processed again', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    const event = payment('payment.approved', '700000011', invoice.cents, { documentNumber: invoice.invno });
    expect((await accept('partner', 'evt-dup-1', event)).accepted).toHaveLength(1);
    expect(await accept('partner', 'evt-dup-1', event)).toEqual({ accepted: [], duplicates: 1 });
    await eventReaches(tenant, '700000011', 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, 'PT700000011')).toHaveLength(1);
  });
});

describe('order-to-cash', () => {
  it('a shop order creates its customer and a sales order with stock allocated; its payment is applied to that order', async () => {
    const { rows: stock } = await tenant.company.query(
      `SELECT trim(l.item) AS item, round(i.price * 100)::int AS cents FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
        WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 5 ORDER BY l.item LIMIT 2`,
    );
    expect(stock).toHaveLength(2);
    const total = stock[0].cents * 2 + stock[1].cents;
    const order: OrderEvent = {
      type: 'order.created',
      orderId: '820001',
      orderNumber: '#1001',
      occurredAt: new Date().toISOString(),
      currency: 'USD',
      totalMinor: total,
      customer: { email: 'new.buyer@alder.test', firstName: 'Robin', lastName: 'Vale', company: 'Vale Outfitters', phone: '555-0100' },
      billingAddress: { line1: '1 Shop St', line2: '', city: 'Portland', state: 'OR', zip: '97201', country: 'US' },
      shippingAddress: null,
      lines: [
        { sku: stock[0].item, title: 'First item', quantity: 2, priceMinor: stock[0].cents },
        { sku: stock[1].item, title: 'Second item', quantity: 1, priceMinor: stock[1].cents },
      ],
      paymentTransactionId: '700000021',
    };
    await accept('shopify', 'order:820001', order);
    let sono = '';
    await eventually(async () => {
      const { rows } = await tenant.db.query(`SELECT state, outcome FROM inbox_events WHERE tenant_id = $1 AND external_id = 'order:820001'`, [tenant.tenantId]);
      expect(rows[0]?.state, JSON.stringify(rows[0])).toBe('done');
      sono = rows[0].outcome.sono;
    }, 15_000);
    const { rows: orders } = await tenant.company.query(`SELECT trim(custno) AS custno, trim(ponum) AS ponum FROM pro01.somast WHERE trim(sono) = $1`, [sono]);
    expect(orders[0].ponum).toBe('#1001');
    const { rows: customers } = await tenant.company.query(`SELECT trim(company) AS company FROM pro01.arcust WHERE custno = $1`, [orders[0].custno.padEnd(6)]);
    expect(customers[0].company).toBe('Vale Outfitters');
    const { rows: lines } = await tenant.company.query(`SELECT trim(item) AS item, qtyord::int AS qty FROM pro01.sotran WHERE trim(sono) = $1 ORDER BY tranlineno`, [sono]);
    expect(lines).toEqual([{ item: stock[0].item, qty: 2 }, { item: stock[1].item, qty: 1 }]);

    await accept('partner', 'evt-order-pay', payment('payment.approved', '700000021', total, { documentNumber: '#1001' }));
    const paid = await eventReaches(tenant, '700000021', 'payment.approved', 'done');
    expect(paid.outcome).toMatchObject({ sono, onAccount: orders[0].custno });
    expect(await cashLinesOf(tenant, 'PT700000021')).toHaveLength(1);
    const { rows: status } = await tenant.company.query(`SELECT trim(orderstat) AS orderstat FROM pro01.somast WHERE trim(sono) = $1`, [sono]);
    expect(status[0].orderstat).toBe('PAID');
  });
});

describe('a worker that died after writing', () => {
  it('its retry finds the receipt already in Sage Pro, records it once, and marks a partial payment Partly paid', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    const half = Math.floor(invoice.cents / 2);
    // What the dead worker left behind: the receipt is in Sage Pro, Settle recorded nothing.
    await TenantContext.run({ tenantId: tenant.tenantId }, async () => {
      const target = await t.app.get(SageProConnectionsService).open(tenant.sageProConnectionId);
      const company = new KyselySageProCompany(target.db as Kysely<SageProDatabase>, target.options);
      await company.applyPaymentToInvoice(invoice.invno, { reference: 'PT700000031', amountCents: half, date: '2026-11-26', currency: 'USD' });
    });
    const event = payment('payment.approved', '700000031', half, { documentNumber: invoice.invno });
    await tenant.db.query(
      `INSERT INTO inbox_events (tenant_id, integration_id, source, external_id, type, payment_key, document_number, amount_minor, currency, correlation_id, event, payload, attempts)
       VALUES ($1, $2, 'partner', 'evt-crashed-1', $3, 'pt:700000031', $4, $5, 'USD', 'evt-crashed-1', $6, $6, 1)`,
      [tenant.tenantId, tenant.integrationId, event.type, invoice.invno, half, JSON.stringify(event)],
    );
    const done = await eventReaches(tenant, '700000031', 'payment.approved', 'done');
    expect(done.outcome).toMatchObject({ write: 'AlreadyApplied', invno: invoice.invno, status: 'partly_paid' });
    expect(await cashLinesOf(tenant, 'PT700000031')).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: half }]);
    expect((await invoiceRow(tenant, invoice.invno)).refno).toBe('PARTPAID PT700000031');
  });
});

describe('claiming a batch', () => {
  it('takes at most the batch size, however many events are due', async () => {
    const other = await pipelineTenant(t, 'Birch Claims');
    try {
      const events = Array.from({ length: 250 }, (_, i) => ({
        source: 'partner' as const,
        externalId: `claim-${i}`,
        integrationId: null,
        event: payment('payment.settled', String(800000000 + i), 100),
        payload: {},
      }));
      // Stored without signalling a drain; the sweeper may still take a batch first, so the claim is bounded, not exact.
      await TenantContext.run({ tenantId: other.tenantId }, () => t.app.get(PrismaServiceRef).inTenant((tx) => t.app.get(InboxService).acceptInTransaction(tx, other.tenantId, events)));
      const { events: claimed } = await t.app.get(EventStore).claim(other.tenantId, 100, 60, 8);
      expect(claimed.length).toBeGreaterThan(0);
      expect(claimed.length).toBeLessThanOrEqual(100);
    } finally {
      await other.close();
    }
  });
});

describe('recording a drain (EventStore.finish)', () => {
  it('is fenced by the claim: a drain whose events were claimed again records no state, and its effects only once', async () => {
    const event = payment('payment.approved', '700000041', 1_000);
    const { rows: [row] } = await tenant.db.query(
      `INSERT INTO inbox_events (tenant_id, integration_id, source, external_id, type, payment_key, amount_minor, currency, correlation_id, event, payload, state, attempts, lease_until)
       VALUES ($1, $2, 'partner', 'evt-fenced-1', $3, 'pt:700000041', 1000, 'USD', 'evt-fenced-1', $4, $4, 'processing', 1, now() + interval '10 minutes') RETURNING id, received_at`,
      [tenant.tenantId, tenant.integrationId, event.type, JSON.stringify(event)],
    );
    const claimed = (attempt: number) => ({
      id: row.id, integrationId: tenant.integrationId, source: 'partner', type: event.type, paymentKey: 'pt:700000041', documentNumber: null,
      correlationId: 'evt-fenced-1', event, attempt, receivedAt: row.received_at,
    });
    const effect = { sageProConnectionId: tenant.sageProConnectionId, kind: 'receipt' as const, reference: 'PT700000041', paymentKey: 'pt:700000041', amountMinor: 1_000, currency: 'USD', writeOutcome: 'Applied' as const, records: {} };
    const step = { step: 'written to Sage Pro', outcome: 'ok' as const, startedAt: new Date(), durationMs: 12 };
    const store = t.app.get(EventStore);
    // Its lease ran out and another drain took it again (attempt 2) while the first one still worked.
    await tenant.db.query('UPDATE inbox_events SET attempts = 2 WHERE id = $1', [row.id]);

    const stale = await store.finish(tenant.tenantId, [
      { event: claimed(1), steps: [step], effects: [effect], state: 'dead', outcome: { deadLetter: 'unexpected' }, deadLetter: { cause: 'permanent', errorCode: 'unexpected', reason: 'late' } },
    ]);
    expect([...stale]).toEqual([]);
    const state = async () => (await tenant.db.query('SELECT state, attempts, outcome, lease_until IS NULL AS released FROM inbox_events WHERE id = $1', [row.id])).rows[0];
    expect(await state()).toEqual({ state: 'processing', attempts: 2, outcome: null, released: false });
    expect((await tenant.db.query('SELECT count(*)::int AS n FROM dead_letters WHERE event_id = $1', [row.id])).rows[0].n).toBe(0);

    const fresh = await store.finish(tenant.tenantId, [{ event: claimed(2), steps: [step], effects: [{ ...effect, writeOutcome: 'AlreadyApplied' }], state: 'done', outcome: { receipt: 'PT700000041' } }]);
    expect([...fresh]).toEqual([row.id]);
    expect(await state()).toEqual({ state: 'done', attempts: 2, outcome: { receipt: 'PT700000041' }, released: true });
    const { rows: effects } = await tenant.db.query('SELECT write_outcome, amount_minor::int AS cents FROM sync_effects WHERE event_id = $1', [row.id]);
    expect(effects).toEqual([{ write_outcome: 'Applied', cents: 1_000 }]);
    const { rows: steps } = await tenant.db.query('SELECT attempt, duration_ms FROM event_steps WHERE event_id = $1 ORDER BY attempt', [row.id]);
    expect(steps).toEqual([{ attempt: 1, duration_ms: 12 }, { attempt: 2, duration_ms: 12 }]);
  });

  it('a wait gives its attempt back and looks again at its time; a retry keeps its error', async () => {
    const insert = async (externalId: string, transactionId: string) => {
      const event = payment('payment.refunded', transactionId, 500, { originalTransactionId: '1' });
      const { rows: [row] } = await tenant.db.query(
        `INSERT INTO inbox_events (tenant_id, integration_id, source, external_id, type, payment_key, correlation_id, event, payload, state, attempts, lease_until)
         VALUES ($1, $2, 'partner', $3, $4, $5, $3, $6, $6, 'processing', 3, now() + interval '10 minutes') RETURNING id, received_at`,
        [tenant.tenantId, tenant.integrationId, externalId, event.type, `pt:${transactionId}`, JSON.stringify(event)],
      );
      return { id: row.id, integrationId: tenant.integrationId, source: 'partner', type: event.type, paymentKey: `pt:${transactionId}`, documentNumber: null, correlationId: externalId, event, attempt: 3, receivedAt: row.received_at };
    };
    const waiting = await insert('evt-wait-1', '700000051');
    const failing = await insert('evt-retry-1', '700000052');
    const later = new Date(Date.now() + 600_000);
    await t.app.get(EventStore).finish(tenant.tenantId, [
      { event: waiting, steps: [], effects: [], state: 'waiting', retryAt: later, why: 'its sale has not arrived yet' },
      { event: failing, steps: [], effects: [], state: 'queued', retryAt: later, error: 'Sage Pro is down' },
    ]);
    const { rows } = await tenant.db.query(
      `SELECT external_id, state, attempts, outcome, last_error, next_attempt_at = $2 AS at_time, completed_at IS NULL AS open FROM inbox_events WHERE id = ANY($1) ORDER BY external_id`,
      [[waiting.id, failing.id], later],
    );
    expect(rows).toEqual([
      { external_id: 'evt-retry-1', state: 'queued', attempts: 3, outcome: null, last_error: 'Sage Pro is down', at_time: true, open: true },
      { external_id: 'evt-wait-1', state: 'waiting', attempts: 2, outcome: { waiting: 'its sale has not arrived yet' }, last_error: null, at_time: true, open: true },
    ]);
    // Not left due to a drain of this test app while the assertions ran: put both away.
    await tenant.db.query(`UPDATE inbox_events SET state = 'ignored', completed_at = now() WHERE id = ANY($1)`, [[waiting.id, failing.id]]);
  });
});
