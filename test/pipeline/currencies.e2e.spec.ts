/**
 * Money in every currency, end to end: amounts reach Sage Pro with their currency's ISO 4217 exponent
 * (¥1,200 is 1200, not 12.00), and a payment in a currency the books are not kept in is never posted
 * at face value: where the company keeps no currency, the tenant's base currency decides.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SageProConnectionsService } from '../../backend/src/connections/sagepro/sagepro-connections.service.js';
import type { OrderEvent, PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { cashLinesOf, eventReaches, freshInvoices, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '3' });
  tenant = await pipelineTenant(t, 'Kanto Trading'); // a new tenant's base currency: USD
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const accept = (source: 'partner' | 'shopify', externalId: string, event: PaymentEvent | OrderEvent) => tenant.accept(source, { externalId, event });

const payment = (transactionId: string, amountMinor: number, currency: string, documentNumber: string): PaymentEvent => ({
  type: 'payment.approved',
  transactionId,
  amountMinor,
  currency,
  occurredAt: new Date().toISOString(),
  method: 'card',
  documentNumber,
});

/** Money exactly as Sage Pro holds it (numeric(16,4) text), never through a float. */
async function cashText(reference: string): Promise<{ paidamt: string; currid: string }[]> {
  const { rows } = await tenant.company.query(`SELECT paidamt::text AS paidamt, trim(currid) AS currid FROM pro01.arcash WHERE trim(refno) = $1 ORDER BY id_col`, [reference]);
  return rows;
}

/** The customer of `invno` keeps no currency, nor do its items: its money is the books' (the tenant's base currency). */
async function blankCurrencies(custno: string): Promise<void> {
  await tenant.company.query(`UPDATE pro01.arcust SET currency = '' WHERE trim(custno) = $1`, [custno]);
  await tenant.company.query(`UPDATE pro01.armast SET currid = '' WHERE trim(custno) = $1`, [custno]);
}

async function deadLetterOf(eventId: string) {
  let letter: { cause: string; field: string | null; errorCode: string; reason: string } | undefined;
  await eventually(async () => {
    const { deadLetters } = await tenant.gql('{ deadLetters(first: 50) { nodes { eventId cause field errorCode reason } } }');
    letter = deadLetters.nodes.find((d: { eventId: string }) => d.eventId === eventId);
    expect(letter).toBeDefined();
  }, 10_000);
  return letter!;
}

/** A Shopify order of two of a stocked item at `priceMinor` yen each, from Kaori (a JPY customer once created); its sales order number. */
async function yenOrder(orderId: string, orderNumber: string, paymentTransactionId: string, priceMinor: number): Promise<string> {
  const { rows: stock } = await tenant.company.query(
    `SELECT trim(l.item) AS item FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
      WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 2 ORDER BY l.item LIMIT 1`,
  );
  expect(stock).toHaveLength(1);
  const order: OrderEvent = {
    type: 'order.created',
    orderId,
    orderNumber,
    occurredAt: new Date().toISOString(),
    currency: 'JPY',
    totalMinor: 2 * priceMinor,
    customer: { email: 'kaori@kanto.test', firstName: 'Kaori', lastName: 'Sato', company: 'Sato Shoten', phone: '03-5555-0100' },
    billingAddress: { line1: '1-1 Marunouchi', line2: '', city: 'Tokyo', state: '13', zip: '100-0005', country: 'JP' },
    shippingAddress: null,
    lines: [{ sku: stock[0].item, title: 'Shelf bracket', quantity: 2, priceMinor }],
    paymentTransactionId,
  };
  await accept('shopify', `order:${orderId}`, order);
  let sono = '';
  await eventually(async () => {
    const { rows } = await tenant.db.query(`SELECT state, outcome FROM inbox_events WHERE tenant_id = $1 AND external_id = $2`, [tenant.tenantId, `order:${orderId}`]);
    expect(rows[0]?.state, JSON.stringify(rows[0])).toBe('done');
    sono = rows[0].outcome.sono;
  }, 15_000);
  return sono;
}

describe('a yen shop order', () => {
  it('is written as ¥1,200 (1200.0000), not 12.00, on its order and on the payment taken for it', async () => {
    const sono = await yenOrder('830001', '#JP-1001', '710000001', 1_200);
    const { rows: orders } = await tenant.company.query(`SELECT trim(custno) AS custno, ordamt::text, trim(currid) AS currid FROM pro01.somast WHERE trim(sono) = $1`, [sono]);
    expect(orders[0]).toMatchObject({ ordamt: '2400.0000', currid: 'JPY' });
    const { rows: lines } = await tenant.company.query(`SELECT price::text, extprice::text FROM pro01.sotran WHERE trim(sono) = $1`, [sono]);
    expect(lines).toEqual([{ price: '1200.0000', extprice: '2400.0000' }]);
    const { rows: customers } = await tenant.company.query(`SELECT trim(currency) AS currency, onorder::text FROM pro01.arcust WHERE trim(custno) = $1`, [orders[0].custno]);
    expect(customers[0]).toEqual({ currency: 'JPY', onorder: '2400.0000' });
    const { rows: effects } = await tenant.db.query(`SELECT amount_minor::int AS minor, currency FROM sync_effects WHERE tenant_id = $1 AND kind = 'sales_order' AND sono = $2`, [tenant.tenantId, sono]);
    expect(effects).toEqual([{ minor: 2_400, currency: 'JPY' }]);

    // The order's payment, in yen, goes on the customer's account in yen.
    await accept('partner', 'evt-yen-pay', payment('710000001', 2_400, 'JPY', '#JP-1001'));
    await eventReaches(tenant, '710000001', 'payment.approved', 'done');
    expect(await cashText('PT710000001')).toEqual([{ paidamt: '2400.0000', currid: 'JPY' }]);
  });
});

describe("a yen order's base-currency figures", () => {
  it("are at the tenant's rate of the order date when the rate table has one: somast.exchrat and bordamt, sotran.bprice and bextpri", async () => {
    // Two days back: whatever the date is in the tenant's zone, the look-back finds it.
    const rateDate = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await tenant.gql('mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { rate } }', { i: { base: 'USD', quote: 'JPY', date: rateDate, rate: '150' } });
    const sono = await yenOrder('830002', '#JP-1002', '710000002', 1_235);
    const { rows: orders } = await tenant.company.query(`SELECT ordamt::text, bordamt::text, exchrat::text, trim(currid) AS currid FROM pro01.somast WHERE trim(sono) = $1`, [sono]);
    // ¥2,470 / 150 = $16.4666… → $16.47; ¥1,235 / 150 = $8.2333… → $8.23
    expect(orders[0]).toEqual({ ordamt: '2470.0000', bordamt: '16.4700', exchrat: '0.00667', currid: 'JPY' });
    const { rows: lines } = await tenant.company.query(`SELECT bprice::text, bextpri::text, exchrat::text FROM pro01.sotran WHERE trim(sono) = $1`, [sono]);
    expect(lines).toEqual([{ bprice: '8.2300', bextpri: '16.4700', exchrat: '0.00667' }]);
  });
});

describe('a payment in a currency the books are not kept in', () => {
  it('is a validation dead letter naming `currency` when the company keeps none and the tenant is in USD; it writes nothing, and a USD payment still posts', async () => {
    const [euro, dollar] = await freshInvoices(tenant, 2);
    await blankCurrencies(euro.custno);
    await blankCurrencies(dollar.custno);

    await accept('partner', 'evt-eur-1', payment('710000011', euro.cents, 'EUR', euro.invno));
    const dead = await eventReaches(tenant, '710000011', 'payment.approved', 'dead');
    expect(await deadLetterOf(dead.id)).toMatchObject({ cause: 'validation', field: 'currency', reason: expect.stringMatching(/EUR.*USD/) });
    expect(await cashLinesOf(tenant, 'PT710000011')).toEqual([]);
    const { rows } = await tenant.company.query('SELECT round(balance * 100)::int AS cents FROM pro01.armast WHERE trim(invno) = $1', [euro.invno]);
    expect(rows).toEqual([{ cents: euro.cents }]); // as open as it was

    await accept('partner', 'evt-usd-1', payment('710000012', dollar.cents, 'USD', dollar.invno));
    await eventReaches(tenant, '710000012', 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, 'PT710000012')).toEqual([{ invno: dollar.invno, custno: dollar.custno, cents: dollar.cents }]);
  });

  it("takes the tenant's base currency as the books' where the company keeps none: a EUR tenant posts a EUR payment and refuses a USD one", async () => {
    const setCurrency = (code: string) => tenant.gql('mutation($i: UpdateTenantInput!) { updateTenant(input: $i) { baseCurrency } }', { i: { baseCurrency: code } });
    expect((await setCurrency('EUR')).updateTenant.baseCurrency).toBe('EUR');
    try {
      const [euro, dollar] = await freshInvoices(tenant, 2);
      await blankCurrencies(euro.custno);
      await blankCurrencies(dollar.custno);
      await accept('partner', 'evt-eur-2', payment('710000031', euro.cents, 'EUR', euro.invno));
      await eventReaches(tenant, '710000031', 'payment.approved', 'done');
      expect((await cashText('PT710000031')).map((line) => line.currid)).toEqual(['EUR']);
      expect(await cashLinesOf(tenant, 'PT710000031')).toEqual([{ invno: euro.invno, custno: euro.custno, cents: euro.cents }]);

      await accept('partner', 'evt-usd-2', payment('710000032', dollar.cents, 'USD', dollar.invno));
      const dead = await eventReaches(tenant, '710000032', 'payment.approved', 'dead');
      expect(await deadLetterOf(dead.id)).toMatchObject({ cause: 'validation', field: 'currency', reason: expect.stringMatching(/USD.*EUR/) });
      expect(await cashLinesOf(tenant, 'PT710000032')).toEqual([]);
    } finally {
      await setCurrency('USD');
    }
  });

  it('is refused naming `currency` when the company keeps USD on the document: a ¥ or KWD amount is never taken as dollars', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    await tenant.company.query(`UPDATE pro01.armast SET currid = 'USD' WHERE trim(invno) = $1`, [invoice.invno]);
    await TenantContext.run({ tenantId: tenant.tenantId }, async () => {
      const target = await t.app.get(SageProConnectionsService).open(tenant.sageProConnectionId);
      try {
        const company = new KyselySageProCompany(target.db as Kysely<SageProDatabase>, { ...target.options, fallbackCurrency: 'USD' });
        for (const currency of ['JPY', 'KWD']) {
          await expect(company.applyPaymentToInvoice(invoice.invno, { reference: `PT71000002${currency === 'JPY' ? 1 : 2}`, amountCents: invoice.cents, date: '2026-12-07', currency })).rejects.toMatchObject({
            kind: 'validation',
            field: 'currency',
          });
        }
      } finally {
        await target.release();
      }
    });
    expect(await cashLinesOf(tenant, 'PT710000021')).toEqual([]);
    expect(await cashLinesOf(tenant, 'PT710000022')).toEqual([]);
  });
});
