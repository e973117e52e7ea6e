/**
 * Shopify's ids are large integers, and about a tenth of them pass the Luhn check a card number passes.
 * They are ids, not card numbers: a signed Shopify order whose order, customer and line item ids are
 * 13-digit Luhn-valid numbers is stored with those ids intact (a card number in its note still
 * redacted) and becomes its own sales order in Sage Pro, end to end through POST /webhooks/<id>.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passesLuhn, withLuhnCheckDigit } from '../../backend/src/platform/card-data/card-numbers.js';
import { pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';

const CARD = '4111111111111111';
/** Two distinct 13-digit, Luhn-valid order ids: were they redacted, both would become one reference. */
const luhnValidId = (body: string) => Number(withLuhnCheckDigit(body));
const ORDER_IDS = [luhnValidId('567890123456'), luhnValidId('567890123457')];
const LINE_ITEM_ID = luhnValidId('567890123458');
const CUSTOMER_ID = luhnValidId('567890123459');

let t: TestApp;
let tenant: PipelineTenant;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200' });
  tenant = await pipelineTenant(t, 'Luhn Outfitters');
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

function shopifyOrder(id: number, sku: string, cents: number) {
  const price = (cents / 100).toFixed(2);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#L${id % 10_000}`,
    created_at: '2026-03-01T09:15:00-05:00',
    currency: 'USD',
    total_price: price,
    email: 'luhn.buyer@outfitters.test',
    note: `paid by card ${CARD}, call back`,
    customer: { id: CUSTOMER_ID, first_name: 'Lu', last_name: 'Hn', email: 'luhn.buyer@outfitters.test', phone: null },
    billing_address: { address1: '1 Check St', address2: null, city: 'Portland', province_code: 'OR', zip: '97201', country_code: 'US', company: 'Luhn Outfitters' },
    shipping_address: null,
    line_items: [{ id: LINE_ITEM_ID, product_id: LINE_ITEM_ID, variant_id: LINE_ITEM_ID, sku, title: 'Checked item', quantity: 1, price }],
  };
}

describe('a Shopify order whose ids pass the Luhn check', () => {
  it('keeps its ids, redacts the card number in its note, and becomes its own sales order', async () => {
    expect([...ORDER_IDS, LINE_ITEM_ID, CUSTOMER_ID].every((id) => passesLuhn(String(id)))).toBe(true);
    const created = await tenant.gql(
      'mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: shopify_orders, name: "Store" }) { secret url } }',
      { i: tenant.integrationId },
    );
    const { secret, url } = created.createWebhookEndpoint as { secret: string; url: string };
    const { rows: stock } = await tenant.company.query(
      `SELECT trim(l.item) AS item, round(i.price * 100)::int AS cents FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
        WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 5 ORDER BY l.item LIMIT 1`,
    );
    expect(stock).toHaveLength(1);

    for (const id of ORDER_IDS) {
      const body = JSON.stringify(shopifyOrder(id, stock[0].item, stock[0].cents));
      const hmac = createHmac('sha256', secret).update(body).digest('base64');
      const answer = await t.http.post(new URL(url).pathname).set('content-type', 'application/json').set('x-shopify-hmac-sha256', hmac).send(body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    }

    const sonos = new Set<string>();
    for (const id of ORDER_IDS) {
      let row: any;
      await eventually(async () => {
        [row] = (await tenant.db.query(`SELECT state, outcome, event, payload FROM inbox_events WHERE tenant_id = $1 AND external_id = $2`, [tenant.tenantId, `order:${id}`])).rows;
        expect(row?.state, JSON.stringify(row?.outcome)).toBe('done');
      }, 20_000);
      expect(row.event.orderId).toBe(String(id));
      expect(row.payload).toMatchObject({ id, admin_graphql_api_id: `gid://shopify/Order/${id}`, customer: { id: CUSTOMER_ID }, line_items: [{ id: LINE_ITEM_ID, product_id: LINE_ITEM_ID }] });
      expect(row.payload.note).toMatch(/^paid by card \[card number redacted\], call back$/);
      expect(JSON.stringify([row.payload, row.event])).not.toContain(CARD);

      const { rows: orders } = await tenant.company.query(`SELECT trim(sono) AS sono, trim(ponum) AS ponum, notes FROM pro01.somast WHERE trim(sono) = $1`, [row.outcome.sono]);
      expect(orders[0].ponum).toBe(`#L${id % 10_000}`);
      expect(orders[0].notes).toContain(`SHOP:${id}`);
      sonos.add(orders[0].sono);
    }
    expect(sonos.size).toBe(ORDER_IDS.length);
  });
});
