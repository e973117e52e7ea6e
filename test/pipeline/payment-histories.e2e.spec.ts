/**
 * Decisions taken on a payment's whole known history, whatever the order its events arrive in and
 * whatever recovery brings them back: a void known before its sale is written means no receipt, even
 * after a replay; a refund whose sale is a dead letter waits for it; a refund that names no original
 * picks a receipt only by exact amount; reversals never take back more than is left of their receipt.
 * Events come in as a partner's signed deliveries would (the inbox), so their order is the test's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { cashLinesOf, eventReaches, freshInvoices, type OpenInvoice, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let invoices: OpenInvoice[];
let nextId = Number(String(Date.now()).slice(-9)) * 100;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2', PIPELINE_WAIT_FOR_SALE_SECONDS: '2' });
  tenant = await pipelineTenant(t, 'Histories Hardware');
  invoices = await freshInvoices(tenant, 11);
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const transactionId = () => String(++nextId);

function payment(type: PaymentEvent['type'], id: string, amountMinor: number, invno: string, extra: Partial<PaymentEvent> = {}): PaymentEvent {
  return { type, transactionId: id, amountMinor, currency: 'USD', occurredAt: new Date().toISOString(), method: 'card', documentNumber: invno, ...extra };
}

/** Delivered together: stored in one statement, so one drain claims them all. */
async function deliver(...events: PaymentEvent[]): Promise<void> {
  await tenant.accept('partner', ...events.map((event) => ({ externalId: `msg_${event.type}_${event.transactionId}`, event })));
}

async function readOnly(on: boolean): Promise<void> {
  const res = await t.http
    .put('/sandbox/sagepro/admin/companies/01/read-only')
    .set('x-sandbox-admin-key', t.config.sandboxAdminKey)
    .set('x-sandbox-tenant', tenant.tenantId)
    .send({ read_only: on });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function sageProLatency(ms: number): Promise<void> {
  const res = await t.http.put('/sandbox/sagepro/admin/faults').set('x-sandbox-admin-key', t.config.sandboxAdminKey).set('x-sandbox-tenant', tenant.tenantId).send({ latency_ms: ms });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function replayAll(): Promise<void> {
  await tenant.gql('mutation { replayDeadLetters(input: { all: true }) { replayed } }');
}

async function balanceOf(invno: string): Promise<number> {
  const { rows } = await tenant.company.query('SELECT round(balance * 100)::int AS cents FROM pro01.armast WHERE trim(invno) = $1', [invno]);
  return rows[0].cents;
}

/** A sale delivered and written to Sage Pro (its receipt is there); its transaction id. */
async function writtenSale(cents: number, documentNumber: string): Promise<string> {
  const id = transactionId();
  await deliver(payment('payment.approved', id, cents, documentNumber));
  await eventReaches(tenant, id, 'payment.approved', 'done');
  return id;
}

/** A sale that became a dead letter while the company refused writes. */
async function deadSale(invoice: OpenInvoice, cents = invoice.cents): Promise<string> {
  const id = transactionId();
  await readOnly(true);
  try {
    await deliver(payment('payment.approved', id, cents, invoice.invno));
    await eventReaches(tenant, id, 'payment.approved', 'dead');
  } catch (error) {
    await readOnly(false);
    throw error;
  }
  return id;
}

describe('a void and its sale', () => {
  it('a sale that was a dead letter when PayTrace voided it posts nothing when it is replayed', async () => {
    const invoice = invoices[0];
    const id = await deadSale(invoice);
    try {
      await deliver(payment('payment.voided', id, invoice.cents, invoice.invno));
      const waiting = await eventReaches(tenant, id, 'payment.voided', 'waiting');
      expect(waiting.outcome.waiting).toContain('waits for a person');
    } finally {
      await readOnly(false);
    }
    await replayAll();
    const sale = await eventReaches(tenant, id, 'payment.approved', 'ignored');
    expect(sale.outcome.ignored).toContain('voided');
    await eventReaches(tenant, id, 'payment.voided', 'ignored');
    expect(await cashLinesOf(tenant, `PT${id}`)).toEqual([]);
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents);
  });

  it('a void that arrives before its sale leaves the sale unposted', async () => {
    const invoice = invoices[1];
    const id = transactionId();
    await deliver(payment('payment.voided', id, invoice.cents, invoice.invno));
    await eventReaches(tenant, id, 'payment.voided', 'ignored');
    await deliver(payment('payment.approved', id, invoice.cents, invoice.invno));
    await eventReaches(tenant, id, 'payment.approved', 'ignored');
    expect(await cashLinesOf(tenant, `PT${id}`)).toEqual([]);
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents);
  });
});

describe('a refund whose sale is a dead letter', () => {
  it('waits for it (past the wait for an unknown sale) and reverses once the replayed sale is written', async () => {
    const invoice = invoices[2];
    const id = await deadSale(invoice);
    const refundId = transactionId();
    try {
      await deliver(payment('payment.refunded', refundId, 1_000, invoice.invno, { originalTransactionId: id }));
      await eventReaches(tenant, refundId, 'payment.refunded', 'waiting');
      // Longer than PIPELINE_WAIT_FOR_SALE_SECONDS: an unknown sale would be sent to review by now.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await eventReaches(tenant, refundId, 'payment.refunded', 'waiting');
    } finally {
      await readOnly(false);
    }
    await replayAll();
    await eventReaches(tenant, id, 'payment.approved', 'done');
    const refund = await eventReaches(tenant, refundId, 'payment.refunded', 'done');
    expect(refund.outcome).toMatchObject({ of: `PT${id}`, reversedMinor: 1_000 });
    expect(await balanceOf(invoice.invno)).toBe(1_000);
  });
});

describe('refunds and reversals that add up', () => {
  /** Two payments on one invoice, the smaller first, each written before the next arrives. */
  async function paidTwice(invoice: OpenInvoice): Promise<{ small: string; large: string; smallCents: number; largeCents: number }> {
    const smallCents = Math.floor(invoice.cents / 5);
    const largeCents = Math.floor(invoice.cents / 2);
    const small = await writtenSale(smallCents, invoice.invno);
    const large = await writtenSale(largeCents, invoice.invno);
    return { small, large, smallCents, largeCents };
  }

  it('a refund naming no original takes the receipt of exactly its amount, not the latest one', async () => {
    const invoice = invoices[3];
    const paid = await paidTwice(invoice);
    const refundId = transactionId();
    await deliver(payment('payment.refunded', refundId, paid.smallCents, invoice.invno));
    const refund = await eventReaches(tenant, refundId, 'payment.refunded', 'done');
    expect(refund.outcome).toMatchObject({ of: `PT${paid.small}`, reversedMinor: paid.smallCents });
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents - paid.largeCents);
  });

  it('one that matches no receipt exactly goes to review listing what is left of each, moves no money, and is placed by a person', async () => {
    const invoice = invoices[4];
    const paid = await paidTwice(invoice);
    const refundId = transactionId();
    await deliver(payment('payment.refunded', refundId, paid.smallCents + 1, invoice.invno));
    const review = await eventReaches(tenant, refundId, 'payment.refunded', 'manual_review');
    expect(review.outcome).toMatchObject({
      review: 'ambiguous_original',
      candidates: [
        { reference: `PT${paid.large}`, remainingMinor: paid.largeCents },
        { reference: `PT${paid.small}`, remainingMinor: paid.smallCents },
      ],
    });
    expect(await cashLinesOf(tenant, `PT${refundId}`)).toEqual([]);
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents - paid.smallCents - paid.largeCents);

    // A person places it on the receipt it belongs to; a sale's actions do not fit a refund.
    const { rows } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1', [review.id]);
    const resolve = (input: Record<string, unknown>) =>
      t.gql('mutation($id: ID!, $i: ResolveManualReviewInput!) { resolveManualReview(id: $id, input: $i) { resolution } }', { id: rows[0].id, i: input }, { token: tenant.token });
    const misfit = await resolve({ action: 'match_invoice', invno: invoice.invno });
    expect(misfit.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action' });
    const placed = await resolve({ action: 'reverse_receipt', receiptReference: `PT${paid.large}` });
    expect(placed.body.errors, JSON.stringify(placed.body.errors)).toBeUndefined();
    const refund = await eventReaches(tenant, refundId, 'payment.refunded', 'done');
    expect(refund.outcome).toMatchObject({ of: `PT${paid.large}`, reversedMinor: paid.smallCents + 1 });
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents - paid.smallCents - paid.largeCents + paid.smallCents + 1);
  });

  it('a reversal takes back at most what earlier reversals left of its receipt, and says what was beyond it', async () => {
    const invoice = invoices[5];
    const paid = await paidTwice(invoice);
    const first = transactionId();
    await deliver(payment('payment.refunded', first, paid.smallCents, invoice.invno, { originalTransactionId: paid.small }));
    await eventReaches(tenant, first, 'payment.refunded', 'done');
    // The small payment is refunded in full: the invoice's other cash is the large payment's, not its.
    const second = transactionId();
    await deliver(payment('payment.refunded', second, 100, invoice.invno, { originalTransactionId: paid.small }));
    const nothing = await eventReaches(tenant, second, 'payment.refunded', 'ignored');
    expect(nothing.outcome.ignored).toContain('already reversed in full');
    expect(await cashLinesOf(tenant, `PT${second}`)).toEqual([]);
    // A chargeback of more than the large receipt: reverses the receipt, and no more.
    const chargeback = transactionId();
    await deliver(payment('payment.charged_back', chargeback, paid.largeCents + 700, invoice.invno, { originalTransactionId: paid.large, reason: '10.4 Fraud' }));
    const charged = await eventReaches(tenant, chargeback, 'payment.charged_back', 'done');
    expect(charged.outcome).toMatchObject({ of: `PT${paid.large}`, reversedMinor: paid.largeCents, beyondReceiptMinor: 700 });
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents);
    const { rows } = await tenant.db.query(
      `SELECT s.detail FROM event_steps s JOIN inbox_events e ON e.id = s.event_id WHERE e.payment_key = $1 AND s.step = 'placed on its receipt'`,
      [`pt:${chargeback}`],
    );
    expect(rows[0].detail).toMatchObject({ receipt: `PT${paid.large}`, remainingMinor: paid.largeCents, beyondReceiptMinor: 700 });
  });

  it('a refund naming no original finds the receipt of a document the payer wrote in another case or spacing', async () => {
    const invoice = invoices[8];
    const sale = await writtenSale(1_500, ` ${invoice.invno.toLowerCase()} `);
    const refund = transactionId();
    await deliver(payment('payment.refunded', refund, 500, invoice.invno));
    const reversed = await eventReaches(tenant, refund, 'payment.refunded', 'done');
    expect(reversed.outcome).toMatchObject({ of: `PT${sale}`, reversedMinor: 500 });
  });

  it('a refund naming no original does not wait for a dead sale of its document smaller than itself', async () => {
    const invoice = invoices[9];
    const paid = await writtenSale(2_000, invoice.invno);
    await deadSale(invoice, 500);
    await readOnly(false);
    const refund = transactionId();
    await deliver(payment('payment.refunded', refund, 1_500, invoice.invno));
    const reversed = await eventReaches(tenant, refund, 'payment.refunded', 'done');
    expect(reversed.outcome).toMatchObject({ of: `PT${paid}`, reversedMinor: 1_500 });
  });

  it('two reversals of one receipt in the same drain take back no more than the receipt together', async () => {
    const invoice = invoices[6];
    const paid = await paidTwice(invoice);
    const refund = transactionId();
    const chargeback = transactionId();
    const half = Math.floor(paid.smallCents / 2);
    await deliver(
      payment('payment.refunded', refund, half, invoice.invno, { originalTransactionId: paid.small }),
      payment('payment.charged_back', chargeback, paid.smallCents, invoice.invno, { originalTransactionId: paid.small, reason: '10.4 Fraud' }),
    );
    await eventReaches(tenant, refund, 'payment.refunded', 'done');
    const charged = await eventReaches(tenant, chargeback, 'payment.charged_back', 'done');
    expect(charged.outcome).toMatchObject({ reversedMinor: paid.smallCents - half, beyondReceiptMinor: half });
    // The large payment's cash stays on the invoice: only the small receipt was taken back, once.
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents - paid.largeCents);
  });
  it('two reversals of one receipt in two drains at once take back no more than the receipt together', async () => {
    const invoice = invoices[10];
    const paid = await paidTwice(invoice);
    const refund = transactionId();
    const chargeback = transactionId();
    const half = Math.floor(paid.smallCents / 2);
    // Every exchange with the company is slow, so the refund is still being written while a second
    // drain of the tenant (two may run) takes the chargeback.
    await sageProLatency(150);
    try {
      await deliver(payment('payment.refunded', refund, half, invoice.invno, { originalTransactionId: paid.small }));
      await eventReaches(tenant, refund, 'payment.refunded', 'processing');
      await deliver(payment('payment.charged_back', chargeback, paid.smallCents, invoice.invno, { originalTransactionId: paid.small, reason: '10.4 Fraud' }));
      await eventReaches(tenant, chargeback, 'payment.charged_back', 'processing');
      await eventReaches(tenant, refund, 'payment.refunded', 'done', 30_000);
      const charged = await eventReaches(tenant, chargeback, 'payment.charged_back', 'done', 30_000);
      expect(charged.outcome).toMatchObject({ reversedMinor: paid.smallCents - half, beyondReceiptMinor: half });
    } finally {
      await sageProLatency(0);
    }
    expect(await balanceOf(invoice.invno)).toBe(invoice.cents - paid.largeCents);
  });
});

describe('a reversal of a payment waiting in manual review', () => {
  const unknownDocument = () => `NOPE-${transactionId()}`;

  it('waits for the review, and reverses what the person posted on account', async () => {
    const invoice = invoices[7];
    const sale = transactionId();
    const document = unknownDocument();
    await deliver(payment('payment.approved', sale, 2_500, document, { customer: { number: invoice.custno } }));
    const review = await eventReaches(tenant, sale, 'payment.approved', 'manual_review');
    const refund = transactionId();
    await deliver(payment('payment.refunded', refund, 1_000, document, { originalTransactionId: sale }));
    await eventReaches(tenant, refund, 'payment.refunded', 'waiting');
    const { rows } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1', [review.id]);
    await tenant.gql('mutation($id: ID!, $i: ResolveManualReviewInput!) { resolveManualReview(id: $id, input: $i) { resolution } }', {
      id: rows[0].id,
      i: { action: 'post_on_account', custno: invoice.custno },
    });
    await eventReaches(tenant, sale, 'payment.approved', 'done');
    const reversed = await eventReaches(tenant, refund, 'payment.refunded', 'done', 10_000);
    expect(reversed.outcome).toMatchObject({ of: `PT${sale}`, reversedMinor: 1_000 });
    expect((await cashLinesOf(tenant, `PT${refund}`)).map((line) => line.cents)).toEqual([-1_000]);
  });

  it('finds nothing to take back once the review is dismissed, without waiting out its minute', async () => {
    const sale = transactionId();
    const document = unknownDocument();
    await deliver(payment('payment.approved', sale, 2_500, document));
    const review = await eventReaches(tenant, sale, 'payment.approved', 'manual_review');
    await deliver(payment('payment.voided', sale, 2_500, document));
    await eventReaches(tenant, sale, 'payment.voided', 'waiting');
    const { rows } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1', [review.id]);
    await tenant.gql('mutation($id: ID!) { resolveManualReview(id: $id, input: { action: dismiss }) { resolution } }', { id: rows[0].id });
    const voided = await eventReaches(tenant, sale, 'payment.voided', 'ignored', 10_000);
    expect(voided.outcome.ignored).toContain('voided before Settle wrote a receipt');
  });
});
