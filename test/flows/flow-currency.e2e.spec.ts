/**
 * A flow that converts currencies: a USD payment on a yen or dinar invoice is written in the invoice's
 * currency at the tenant's rate of the transaction's date (half-even in the target's minor units), the
 * rate used is on the effect, a date without a rate is a `no_rate` dead letter that a replay finishes
 * once the rate is entered, and refunds of the converted receipt are written at the receipt's rate.
 * Sage Pro's base-currency balance (armast.bbal, USD in the sandbox company) follows a EUR invoice at
 * the invoice's own rate, to 0 when paid; payments on account and discounts are converted too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from '../../backend/src/flows/definition/default-flows.js';
import type { FlowDefinition } from '../../backend/src/flows/definition/flow-definition.js';
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventReaches, freshInvoices, type OpenInvoice, pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let invoices: OpenInvoice[];
// A Wednesday afternoon in Los Angeles (the tenant's zone): the transaction date is 2026-12-02.
const OCCURRED_AT = '2026-12-02T22:30:00Z';
const DATE = '2026-12-02';

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  tenant = await pipelineTenant(t, 'Converting Traders');
  invoices = await freshInvoices(tenant, 5);
  const { flows } = await tenant.gql('{ flows { id kind draft { revision } } }');
  const flow = flows.find((f: { kind: string }) => f.kind === 'payment_sync');
  const definition: FlowDefinition = defaultFlowDefinition('payment_sync');
  // A discount only on 890000031 ($10.00, in the payment's currency); "0.00" is no discount.
  const disamt = { kind: 'expression', expression: 'transactionId = "890000031" ? "10.00" : "0.00"' };
  definition.steps[2] = { id: 'transform', type: 'transform', config: { currency: { mode: 'convert' }, mappings: { cash_receipt: { disamt } } } } as FlowDefinition['steps'][number];
  const saved = await tenant.gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: flow.id, d: definition, r: flow.draft.revision });
  const { publishFlowVersion: version } = await tenant.gql('mutation($f: ID!, $r: Int!) { publishFlowVersion(flowId: $f, revision: $r, comment: "convert") { id } }', { f: flow.id, r: saved.saveFlowDraft.revision });
  for (const e of ['dev', 'qa', 'prod']) await tenant.gql('mutation($v: ID!, $e: Environment!) { promoteFlowVersion(versionId: $v, environment: $e) { deployment { versionNumber } } }', { v: version.id, e });
}, 90_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

/** The invoice (and its customer) kept in `currency`, owing `balance` (Sage money text), `bbal` in the company's USD. */
async function foreignInvoice(invoice: OpenInvoice, currency: string, balance: string, bbal = balance): Promise<void> {
  // The customer's balance in that currency too (a yen balance has no fractions).
  await tenant.company.query(`UPDATE pro01.arcust SET currency = $2, balance = $3::numeric WHERE trim(custno) = $1`, [invoice.custno, currency, balance]);
  await tenant.company.query(`UPDATE pro01.armast SET currid = $2, invamt = $3::numeric, balance = $3::numeric, bbal = $4::numeric WHERE trim(invno) = $1`, [invoice.invno, currency, balance, bbal]);
}

async function item(where: string, value: string) {
  const { rows } = await tenant.company.query(`SELECT balance::text, bbal::text, trim(currid) AS currid FROM pro01.armast WHERE ${where} = $1`, [value]);
  return rows[0];
}

const usd = (type: PaymentEvent['type'], transactionId: string, amountMinor: number, extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
  type, transactionId, amountMinor, currency: 'USD', occurredAt: OCCURRED_AT, method: 'card', ...extra,
});

async function cash(reference: string) {
  const { rows } = await tenant.company.query(`SELECT paidamt::text AS paidamt, trim(currid) AS currid FROM pro01.arcash WHERE trim(refno) = $1 ORDER BY id_col`, [reference]);
  return rows;
}

async function setRate(base: string, quote: string, rate: string, date = DATE) {
  await tenant.gql('mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { rate } }', { i: { base, quote, date, rate } });
}

describe('a flow that converts currencies', () => {
  it('dead-letters a payment whose date has no rate (no_rate, naming both), and a replay after the rate is entered writes it in yen at that rate', async () => {
    const invoice = invoices[0];
    await foreignInvoice(invoice, 'JPY', '18000.0000');
    await tenant.accept('partner', { externalId: 'fx-1', event: usd('payment.approved', '890000001', 12_000, { documentNumber: invoice.invno }) });
    const dead = await eventReaches(tenant, '890000001', 'payment.approved', 'dead');
    const { deadLetters } = await tenant.gql('{ deadLetters(first: 20) { nodes { id eventId errorCode field reason } } }');
    const letter = deadLetters.nodes.find((d: { eventId: string }) => d.eventId === dead.id);
    expect(letter).toMatchObject({ errorCode: 'no_rate', field: 'currency', reason: expect.stringContaining(`USD→JPY rate for ${DATE}`) });
    expect(await cash('PT890000001')).toEqual([]);

    await setRate('USD', 'JPY', '150');
    await tenant.gql('mutation($id: ID!) { replayDeadLetters(input: { ids: [$id] }) { replayed } }', { id: letter.id });
    const done = await eventReaches(tenant, '890000001', 'payment.approved', 'done');
    expect(await cash('PT890000001')).toEqual([{ paidamt: '18000.0000', currid: 'JPY' }]);
    const { rows: effects } = await tenant.db.query(`SELECT amount_minor::int AS minor, currency, records -> 'conversion' AS conversion FROM sync_effects WHERE event_id = $1 AND kind = 'receipt'`, [done.id]);
    // The effect keeps what PayTrace moved; the conversion says what Sage Pro got, at which rate.
    expect(effects[0]).toMatchObject({ minor: 12_000, currency: 'USD', conversion: { amountMinor: 18_000, currency: 'JPY', rate: '150', date: DATE, forDate: DATE, rounding: 'half_even' } });
  });

  it('reverses part of a converted receipt at its own rate, and the rest whole', async () => {
    await tenant.accept('partner', { externalId: 'fx-2', event: usd('payment.refunded', '890000002', 3_333, { originalTransactionId: '890000001' }) });
    await eventReaches(tenant, '890000002', 'payment.refunded', 'done');
    // $33.33 at 150 is ¥4,999.5: half-even makes ¥5,000 (the even neighbour).
    expect(await cash('PT890000002')).toEqual([{ paidamt: '-5000.0000', currid: 'JPY' }]);
    await tenant.accept('partner', { externalId: 'fx-3', event: usd('payment.refunded', '890000003', 8_667, { originalTransactionId: '890000001' }) });
    await eventReaches(tenant, '890000003', 'payment.refunded', 'done');
    expect(await cash('PT890000003')).toEqual([{ paidamt: '-13000.0000', currid: 'JPY' }]);
  });

  it('converts a payment a person placed on a yen invoice in review, at the same rate', async () => {
    const invoice = invoices[2];
    await foreignInvoice(invoice, 'JPY', '30000.0000');
    await tenant.accept('partner', { externalId: 'fx-5', event: usd('payment.approved', '890000005', 20_000, { documentNumber: 'NO-SUCH-DOC' }) });
    const held = await eventReaches(tenant, '890000005', 'payment.approved', 'manual_review');
    const { rows } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1', [held.id]);
    await tenant.gql('mutation($id: ID!, $i: ResolveManualReviewInput!) { resolveManualReview(id: $id, input: $i) { id } }', { id: rows[0].id, i: { action: 'match_invoice', invno: invoice.invno } });
    await eventReaches(tenant, '890000005', 'payment.approved', 'done');
    expect(await cash('PT890000005')).toEqual([{ paidamt: '30000.0000', currid: 'JPY' }]);
  });

  it('converts into dinars with their three decimals, through a cross rate of the day', async () => {
    const invoice = invoices[1];
    await foreignInvoice(invoice, 'KWD', '30.7500');
    // ECB-style: both quoted against the euro; USD→KWD = 0.3321 / 1.08 = 0.3075.
    await setRate('EUR', 'USD', '1.08');
    await setRate('EUR', 'KWD', '0.3321');
    await tenant.accept('partner', { externalId: 'fx-4', event: usd('payment.approved', '890000004', 10_000, { documentNumber: invoice.invno }) });
    await eventReaches(tenant, '890000004', 'payment.approved', 'done');
    expect(await cash('PT890000004')).toEqual([{ paidamt: '30.7500', currid: 'KWD' }]);
  });

  describe("Sage Pro's base-currency figures (a EUR invoice in a USD company, EUR/USD 1.25 on 2026-12-09)", () => {
    // A week later: the rates of 2026-12-02 are beyond the look-back.
    const LATER = { occurredAt: '2026-12-09T22:30:00Z' };
    const send = async (type: PaymentEvent['type'], id: string, minor: number, extra: Partial<PaymentEvent> = {}) => {
      await tenant.accept('partner', { externalId: `fx-${id}`, event: usd(type, id, minor, { ...LATER, ...extra }) });
      return eventReaches(tenant, id, type, 'done');
    };

    beforeAll(() => setRate('EUR', 'USD', '1.25', '2026-12-09'));

    it("moves armast.bbal at the invoice's own rate (1.23457), back on a refund, to 0 when paid; a refund of a paid invoice restores it at the day's rate", async () => {
      const invoice = invoices[3];
      await foreignInvoice(invoice, 'EUR', '1000.0000', '1234.5700');
      const on = { documentNumber: invoice.invno };
      await send('payment.approved', '890000021', 50_000, on); // $500 → €400
      expect(await cash('PT890000021')).toEqual([{ paidamt: '400.0000', currid: 'EUR' }]);
      // 1234.57 × 600 / 1000 = 740.742 → 740.74
      expect(await item('trim(invno)', invoice.invno)).toEqual({ balance: '600.0000', bbal: '740.7400', currid: 'EUR' });
      await send('payment.refunded', '890000022', 50_000, { originalTransactionId: '890000021' });
      expect(await item('trim(invno)', invoice.invno)).toEqual({ balance: '1000.0000', bbal: '1234.5700', currid: 'EUR' });
      await send('payment.approved', '890000023', 125_000, on); // $1,250 → €1,000
      expect(await item('trim(invno)', invoice.invno)).toEqual({ balance: '0.0000', bbal: '0.0000', currid: 'EUR' });
      // Paid in full, the invoice keeps no rate: €200 back at the tenant's EUR→USD of the day.
      await send('payment.refunded', '890000024', 25_000, { originalTransactionId: '890000023' });
      expect(await cash('PT890000024')).toEqual([{ paidamt: '-200.0000', currid: 'EUR' }]);
      expect(await item('trim(invno)', invoice.invno)).toEqual({ balance: '200.0000', bbal: '250.0000', currid: 'EUR' });
    });

    it('converts a discount taken at the same rate: paidamt + disamt is what the invoice owes less', async () => {
      const invoice = invoices[4];
      await foreignInvoice(invoice, 'EUR', '1000.0000', '1250.0000');
      await send('payment.approved', '890000031', 80_000, { documentNumber: invoice.invno }); // $800 + $10 discount
      const { rows } = await tenant.company.query(`SELECT paidamt::text, disamt::text, trim(currid) AS currid FROM pro01.arcash WHERE trim(refno) = 'PT890000031'`);
      expect(rows).toEqual([{ paidamt: '640.0000', disamt: '8.0000', currid: 'EUR' }]);
      expect(await item('trim(invno)', invoice.invno)).toEqual({ balance: '352.0000', bbal: '440.0000', currid: 'EUR' });
    });

    it('previews the conversion the pipeline would make, and a date without a rate as the no_rate dead letter it would be', async () => {
      const invoice = invoices[4]; // EUR, owing €352.00 after the discount
      const { flows } = await tenant.gql('{ flows { id kind } }');
      const flowId = flows.find((f: { kind: string }) => f.kind === 'payment_sync').id;
      const preview = async (id: string, occurredAt: string) =>
        (
          await tenant.gql(
            `query($f: ID!, $s: FlowSampleInput!) { previewFlow(flowId: $f, environment: prod, sample: $s) {
              decision summary firedRules { step rule } rows { table values } problems { field message } } }`,
            { f: flowId, s: { event: usd('payment.approved', id, 10_000, { occurredAt, documentNumber: invoice.invno }) } },
          )
        ).previewFlow;
      const converted = await preview('890000051', LATER.occurredAt); // $100 at 1/1.25 → €80
      expect(converted).toMatchObject({ decision: 'apply_to_invoice', problems: [] });
      expect(converted.firedRules).toContainEqual({ step: 'transform', rule: 'rate:2026-12-09' });
      expect(converted.rows.find((row: { table: string }) => row.table === 'arcash').values).toMatchObject({ paidamt: '80.0000', currid: 'EUR' });
      const missing = await preview('890000052', '2026-11-02T20:00:00Z');
      expect(missing.rows).toEqual([]);
      expect(missing.problems).toEqual([{ field: 'currency', message: expect.stringContaining('No USD→EUR rate for 2026-11-02') }]);
      expect(await cash('PT890000051')).toEqual([]);
    });

    it("converts a payment on account into the customer's currency, the rate on the effect and bbal at the day's rate", async () => {
      const { custno } = invoices[4]; // a EUR customer now
      await tenant.accept('partner', { externalId: 'fx-41', event: usd('payment.approved', '890000041', 20_000, { ...LATER, documentNumber: 'NO-SUCH-DOC-41' }) });
      const held = await eventReaches(tenant, '890000041', 'payment.approved', 'manual_review');
      const { rows: reviews } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1', [held.id]);
      await tenant.gql('mutation($id: ID!, $i: ResolveManualReviewInput!) { resolveManualReview(id: $id, input: $i) { id } }', { id: reviews[0].id, i: { action: 'post_on_account', custno } });
      const done = await eventReaches(tenant, '890000041', 'payment.approved', 'done');
      expect(await cash('PT890000041')).toEqual([{ paidamt: '160.0000', currid: 'EUR' }]);
      expect(await item("artype = 'O' AND trim(refno)", 'PT890000041')).toEqual({ balance: '-160.0000', bbal: '-200.0000', currid: 'EUR' });
      const { rows: effects } = await tenant.db.query(`SELECT amount_minor::int AS minor, currency, records -> 'conversion' AS conversion FROM sync_effects WHERE event_id = $1 AND kind = 'payment_on_account'`, [done.id]);
      expect(effects[0]).toMatchObject({ minor: 20_000, currency: 'USD', conversion: { amountMinor: 16_000, currency: 'EUR', date: '2026-12-09' } });
    });
  });
});
