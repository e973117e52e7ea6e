/**
 * The payment workflows end to end: a payment made in the PayTrace sandbox is found by the change
 * feed, lands in the inbox, and becomes the right Sage Pro records in the sandbox company.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterInvoice, type IssuedInvoice } from '../../backend/src/demo/demo-company.js';
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { TEST_VISA } from '../support/paytrace-merchant.js';
import { cashLinesOf, eventReaches, eventsOf, freshInvoices, invoiceRow, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let invoices: { invno: string; custno: string; cents: number }[];

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '3', PIPELINE_WAIT_FOR_SALE_SECONDS: '3' });
  tenant = await pipelineTenant(t, 'Granite Supply');
  invoices = await freshInvoices(tenant, 12);
  for (const kind of ['payment_declined', 'chargeback', 'validation_failure']) {
    await tenant.gql('mutation($i: UpsertAlertRuleInput!) { upsertAlertRule(input: $i) { id } }', { i: { kind, enabled: true } });
  }
}, 60_000);

/**
 * A sale charged to a vault customer keyed by its Sage Pro customer number (as merchants who vault
 * customers do: the change feed reads the vault id as the payer's customer number); its transaction id.
 */
async function vaultSale(custno: string, cents: number, extra: Record<string, unknown> = {}): Promise<number> {
  const created = await tenant.merchant.api('/v1/customer/create', { customer_id: custno, credit_card: TEST_VISA, billing_address: { name: 'Vaulted Payer' } });
  // 171: the customer is in the vault already (an earlier test vaulted it).
  if (created.body.response_code !== 160) expect(Object.keys(created.body.errors ?? {}), JSON.stringify(created.body)).toEqual(['171']);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const reply = await tenant.merchant.api('/v1/transactions/sale/by_customer', { customer_id: custno, amount, ...extra });
  expect(reply.body.success, JSON.stringify(reply.body)).toBe(true);
  return reply.body.transaction_id as number;
}

/** How many open invoices of the customer have exactly this balance. */
async function openInvoicesOfAmount(custno: string, cents: number): Promise<number> {
  const { rows } = await tenant.company.query(
    `SELECT count(*)::int AS n FROM pro01.armast WHERE trim(custno) = $1 AND arstat = '' AND round(balance * 100)::int = $2`,
    [custno, cents],
  );
  return rows[0].n;
}

/** Waits for the tenant's alert of `kind` that names the event among its samples. */
async function alertFor(kind: string, eventId: string) {
  let found: { summary: string } | undefined;
  await eventually(async () => {
    const { alerts } = await tenant.gql('{ alerts(first: 50) { nodes { kind summary samples { eventId } } } }');
    found = alerts.nodes.find((a: { kind: string; samples: { eventId: string }[] }) => a.kind === kind && a.samples.some((s) => s.eventId === eventId));
    expect(found, `a ${kind} alert naming event ${eventId}`).toBeDefined();
  }, 10_000);
  return found!;
}

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

describe('approved sale', () => {
  it('becomes a cash receipt on the invoice its invoice_id names, with status Paid', async () => {
    const invoice = invoices[0];
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(event.outcome).toMatchObject({ receipt: `PT${sale.transactionId}`, invno: invoice.invno, status: 'paid' });
    const lines = await cashLinesOf(tenant, `PT${sale.transactionId}`);
    expect(lines).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: invoice.cents }]);
    const row = await invoiceRow(tenant, invoice.invno);
    expect(Number(row.balance)).toBe(0);
    expect(row.refno).toBe(`PAID PT${sale.transactionId}`);
  });
});

/** Settles the merchant's open batch and records what the feed sees. */
async function settleAndPoll() {
  await tenant.merchant.settle();
  await tenant.poll();
}

/** The sandbox company's TCP proxy: refusing new connections and cutting open ones is Sage Pro down. */
async function sageProFaults(faults: Record<string, unknown>) {
  const admin = (request: ReturnType<typeof t.http.put>) => request.set('x-sandbox-admin-key', t.config.sandboxAdminKey).set('x-sandbox-tenant', tenant.tenantId);
  const res = await admin(t.http.put('/sandbox/sagepro/admin/faults')).send(faults);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  if (faults.refuse) expect((await admin(t.http.post('/sandbox/sagepro/admin/faults/cut')).send({})).status).toBe(200);
}

describe('approved sale without a document number', () => {
  it("is matched by the payer's customer number, its amount and its date (within the integration's window)", async () => {
    // An invoice entered today in Sage Pro, as a clerk would; the payment names its customer, not its
    // number. Its amount must be the customer's only open one of that size, or the match is ambiguous.
    let entered: IssuedInvoice;
    do entered = (await enterInvoice(tenant.company, 'pro01', '01', new Date().toISOString().slice(0, 10)))!;
    while (await openInvoicesOfAmount(entered.custno, entered.cents) > 1);
    const transactionId = await vaultSale(entered.custno, entered.cents);
    await tenant.poll();
    const event = await eventReaches(tenant, transactionId, 'payment.approved', 'done');
    expect(event.outcome).toMatchObject({ invno: entered.invno, status: 'paid' });
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toEqual([{ invno: entered.invno, custno: entered.custno, cents: entered.cents }]);
    const { syncEvent } = await tenant.gql('query($id: ID!) { syncEvent(id: $id) { timeline { step rule } } }', { id: event.id });
    expect(syncEvent.timeline.find((s: { step: string }) => s.step === 'matched').rule).toBe('customer_amount_date');
  });
});

describe('declined payment', () => {
  it('marks the invoice Payment Failed and writes no cash', async () => {
    const invoice = invoices[1];
    const sale = await tenant.merchant.sale(29, { invoice_id: invoice.invno });
    await tenant.poll();
    const event = await eventReaches(tenant, sale.transactionId, 'payment.declined', 'done');
    expect(event.outcome).toMatchObject({ status: 'failed', invno: invoice.invno });
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([]);
    expect((await invoiceRow(tenant, invoice.invno)).refno).toBe(`PAYFAIL PT${sale.transactionId}`);
    // Customer service hears of it.
    expect((await alertFor('payment_declined', event.id)).summary).toContain('declined');
  });
});

describe('void, refund and chargeback', () => {
  it('a void reverses the receipt: the invoice is open again and marked Refunded', async () => {
    const invoice = invoices[2];
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    await tenant.merchant.void(sale.transactionId);
    await tenant.poll();
    const event = await eventReaches(tenant, sale.transactionId, 'payment.voided', 'done');
    expect(event.outcome).toMatchObject({ reversal: `PT${sale.transactionId}-V`, of: `PT${sale.transactionId}`, status: 'refunded' });
    const row = await invoiceRow(tenant, invoice.invno);
    expect(Math.round(Number(row.balance) * 100)).toBe(invoice.cents);
    expect(row.refno).toBe(`REFUNDED PT${sale.transactionId}`);
  });

  it('a refund of a settled sale reverses what it refunds, found through the shared invoice_id', async () => {
    const invoice = invoices[3];
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    await settleAndPoll();
    const refund = await tenant.merchant.refund(sale.transactionId, 500);
    await tenant.poll();
    const event = await eventReaches(tenant, refund.transactionId, 'payment.refunded', 'done');
    expect(event.outcome).toMatchObject({ reversal: `PT${refund.transactionId}`, of: `PT${sale.transactionId}` });
    expect(await cashLinesOf(tenant, `PT${refund.transactionId}`)).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: -500 }]);
    expect(Math.round(Number((await invoiceRow(tenant, invoice.invno)).balance) * 100)).toBe(500);
  });

  it('a chargeback reverses the receipt, opens a dispute and marks the invoice charged back', async () => {
    const invoice = invoices[4];
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    await settleAndPoll();
    const chargeback = await tenant.merchant.chargeback(sale.transactionId, '10.4 Fraud');
    await tenant.poll();
    const event = await eventReaches(tenant, chargeback, 'payment.charged_back', 'done');
    expect(event.outcome).toMatchObject({ reversal: `PT${chargeback}-CB`, of: `PT${sale.transactionId}`, status: 'charged_back' });
    const { rows } = await tenant.db.query('SELECT invno, amount_minor::int AS cents, reason FROM disputes WHERE event_id = $1', [event.id]);
    expect(rows).toEqual([{ invno: invoice.invno, cents: invoice.cents, reason: '10.4 Fraud' }]);
    expect((await invoiceRow(tenant, invoice.invno)).refno).toBe(`CHGBACK PT${sale.transactionId}`);
    expect((await alertFor('chargeback', event.id)).summary).toContain('chargeback');
  });
});

describe('payments that need a person', () => {
  it('no matching invoice → manual review; matching it to an invoice applies the receipt', async () => {
    const invoice = invoices[5];
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: 'NO-SUCH-9' });
    await tenant.poll();
    const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'manual_review');
    const { manualReviews } = await tenant.gql('{ manualReviews { nodes { id reason eventId } } }');
    const review = manualReviews.nodes.find((r: { eventId: string }) => r.eventId === event.id);
    expect(review.reason).toBe('invoice_not_found');
    const resolved = await t.gql('mutation($id: ID!) { resolveManualReview(id: $id, input: { action: match_invoice, invno: "" }) { id } }', { id: review.id }, { token: tenant.token });
    expect(resolved.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'invno' });
    await tenant.gql('mutation($id: ID!, $invno: String!) { resolveManualReview(id: $id, input: { action: match_invoice, invno: $invno }) { resolution } }', { id: review.id, invno: invoice.invno });
    const done = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(done.outcome).toMatchObject({ invno: invoice.invno });
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toHaveLength(1);
  });

  it('no matching invoice → manual review; posting it on account of a customer writes an unapplied payment of theirs', async () => {
    const { custno } = invoices[9];
    const sale = await tenant.merchant.sale(12_34, { invoice_id: 'NO-SUCH-7' });
    await tenant.poll();
    const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'manual_review');
    const { manualReviews } = await tenant.gql('{ manualReviews { nodes { id eventId } } }');
    const review = manualReviews.nodes.find((r: { eventId: string }) => r.eventId === event.id);
    const post = 'mutation($id: ID!, $custno: String!) { resolveManualReview(id: $id, input: { action: post_on_account, custno: $custno }) { resolution } }';
    const refused = await t.gql(post, { id: review.id, custno: 'TOOLONG1' }, { token: tenant.token });
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'custno' });
    expect((await tenant.gql(post, { id: review.id, custno })).resolveManualReview.resolution).toBe('on_account');
    const done = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(done.outcome).toMatchObject({ onAccount: custno });
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([{ invno: expect.any(String), custno, cents: 12_34 }]);
  });

  it('with the payment-on-account policy, a payment of a known customer that matches no invoice goes straight on account', async () => {
    const { custno } = invoices[10];
    const policy = 'mutation($id: ID!, $p: UnmatchedPaymentPolicy!) { updateIntegration(id: $id, input: { unmatchedPolicy: $p }) { unmatchedPolicy } }';
    await tenant.gql(policy, { id: tenant.integrationId, p: 'payment_on_account' });
    try {
      const transactionId = await vaultSale(custno, 56_78, { invoice_id: 'NO-SUCH-8' });
      await tenant.poll();
      const done = await eventReaches(tenant, transactionId, 'payment.approved', 'done');
      expect(done.outcome).toMatchObject({ onAccount: custno });
      expect(await cashLinesOf(tenant, `PT${transactionId}`)).toEqual([{ invno: expect.any(String), custno, cents: 56_78 }]);
    } finally {
      await tenant.gql(policy, { id: tenant.integrationId, p: 'manual_review' });
    }
  });

  it("data that breaks Sage Pro's field rules is rejected with the field and reason, raises an alert, and writes nothing", async () => {
    const invoice = invoices[11];
    const transactionId = '700000123';
    // A partner's event, as its signed webhook would store it: a sum beyond ARCASH.PAIDAMT (12 digits before the point).
    const event: PaymentEvent = {
      type: 'payment.approved', transactionId, amountMinor: 100_000_000_000_000, currency: 'USD', occurredAt: new Date().toISOString(), method: 'card', documentNumber: invoice.invno,
    };
    await t.app.get(InboxService).accept(tenant.tenantId, [{ source: 'partner', externalId: 'msg_too_big', integrationId: tenant.integrationId, event, payload: event }]);
    const dead = await eventReaches(tenant, transactionId, 'payment.approved', 'dead');
    const { deadLetters } = await tenant.gql('{ deadLetters(first: 50) { nodes { eventId cause field reason } } }');
    expect(deadLetters.nodes.find((d: { eventId: string }) => d.eventId === dead.id)).toMatchObject({ cause: 'validation', field: 'arcash.paidamt', reason: expect.stringContaining('12 digits') });
    expect((await alertFor('validation_failure', dead.id)).summary).toContain('arcash.paidamt');
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toEqual([]);
    const { rows } = await tenant.company.query('SELECT round(balance * 100)::int AS cents FROM pro01.armast WHERE trim(invno) = $1', [invoice.invno]);
    expect(rows).toEqual([{ cents: invoice.cents }]); // the invoice is as open as it was
  });

  it('a second, distinct payment for an invoice Settle already paid is flagged as a potential overpayment', async () => {
    const invoice = invoices[6];
    const first = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    await eventReaches(tenant, first.transactionId, 'payment.approved', 'done');
    const second = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    const event = await eventReaches(tenant, second.transactionId, 'payment.approved', 'manual_review');
    expect(event.outcome).toMatchObject({ review: 'potential_overpayment', invno: invoice.invno });
    expect(await cashLinesOf(tenant, `PT${second.transactionId}`)).toEqual([]);
  });
});

describe('Sage Pro down', () => {
  it('retries with backoff, becomes a dead letter, and a replay after recovery writes exactly one receipt', async () => {
    const invoice = invoices[7];
    await sageProFaults({ refuse: true });
    try {
      const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
      await tenant.poll();
      const dead = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'dead');
      expect(dead.attempts).toBe(3);
      const { deadLetters } = await tenant.gql('{ deadLetters { nodes { id cause errorCode eventId } } }');
      const letter = deadLetters.nodes.find((d: { eventId: string }) => d.eventId === dead.id);
      expect(letter).toMatchObject({ cause: 'exhausted' });
      await sageProFaults({ refuse: false });
      const replay = await tenant.gql('mutation($ids: [ID!]) { replayDeadLetters(input: { ids: $ids }) { replayed } }', { ids: [letter.id] });
      expect(replay.replayDeadLetters.replayed).toBe(1);
      const again = await tenant.gql('mutation($ids: [ID!]) { replayDeadLetters(input: { ids: $ids }) { replayed } }', { ids: [letter.id] });
      expect(again.replayDeadLetters.replayed).toBe(0);
      await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
      expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toHaveLength(1);
      const { rows } = await tenant.db.query("SELECT count(*)::int AS n FROM event_steps WHERE event_id = $1 AND outcome = 'error'", [dead.id]);
      expect(rows[0].n).toBeGreaterThanOrEqual(3);
    } finally {
      await sageProFaults({ refuse: false });
    }
  });
});

describe('the timeline', () => {
  it('records each step with its duration and the rule that matched, under the event correlation id', async () => {
    const [event] = await eventsOf(tenant, "type = 'payment.approved' AND state = 'done'");
    const { syncEvent } = await tenant.gql('query($id: ID!) { syncEvent(id: $id) { correlationId timeline { step outcome rule durationMs } effects { kind writeOutcome } } }', { id: event.id });
    expect(syncEvent.correlationId).toBeTruthy();
    const steps = syncEvent.timeline.map((s: { step: string }) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['received', 'connected to Sage Pro', 'matched', 'decided', 'written to Sage Pro', 'payment status']));
    expect(syncEvent.timeline.find((s: { step: string }) => s.step === 'matched').rule).toBe('invoice_number');
    expect(syncEvent.effects.map((e: { kind: string }) => e.kind).sort()).toEqual(['payment_status', 'receipt']);
  });
});
