/**
 * Card numbers in signed deliveries (finding 4 of issue 12): wherever one hides in a delivery (after
 * other words, with dots or double spaces between its groups, glued to another digit, as a JSON number
 * under any key, beyond 2^53), nothing Settle keeps, logs, alerts or writes to Sage Pro carries it.
 * Ids that look like card numbers (a 16-digit Visa-like transaction id and webhook id, a Shopify order
 * id) become keyed tokens: the same on redelivery, so redeliveries are still answered as duplicates.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsCardNumber, withLuhnCheckDigit } from '../../backend/src/platform/card-data/card-numbers.js';
import { findStoredCardNumbers } from '../../backend/src/platform/card-data/scan-database.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';

const CARD = '4111111111111111';
/** A 19-digit Discover number: beyond 2^53, JSON.parse rounds it. */
const LONG_CARD = withLuhnCheckDigit('601100099013942412');
/** Each way the probe hid a card number, as written in a delivery. */
const HIDDEN = {
  afterWords: `qty 1 ${CARD}`,
  dots: '4111.1111.1111.1111',
  doubleSpaces: '4111  1111  1111  1111',
  gluedToDigit: `9${CARD}`,
};
/** Every written form: none of them may be found anywhere afterwards. */
const FORMS = [CARD, LONG_CARD, '4111.1111.1111.1111', '4111  1111  1111  1111', '4111 1111 1111 1111'];

const logDir = mkdtempSync(join(tmpdir(), 'settle-card-log-'));
const logFile = join(logDir, 'settle.log');
let t: TestApp;
let tenant: PipelineTenant;
let standard: { url: string; secret: string };
let shopify: { url: string; secret: string };

beforeAll(async () => {
  // A card-like transaction id is no PayTrace id (at most 15 digits): its event fails; two quick attempts make it a dead letter.
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_MAX_ATTEMPTS: '2', PIPELINE_RETRY_BASE_MS: '50', PIPELINE_RETRY_MAX_MS: '100', LOG_LEVEL: 'info', LOG_FILE: logFile });
  tenant = await pipelineTenant(t, 'Card Hiders');
  await tenant.gql('mutation { upsertAlertRule(input: { kind: dead_letter, enabled: true }) { id } }');
  const endpoint = async (format: string) =>
    (await tenant.gql(`mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: ${format}, name: "${format}" }) { secret url } }`, { i: tenant.integrationId })).createWebhookEndpoint;
  standard = await endpoint('settle_events');
  shopify = await endpoint('shopify_orders');
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
  rmSync(logDir, { recursive: true, force: true });
});

function postStandard(body: string, id: string) {
  const at = new Date();
  return t.http
    .post(new URL(standard.url).pathname)
    .set('content-type', 'application/json')
    .set('webhook-id', id)
    .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
    .set('webhook-signature', new Webhook(standard.secret).sign(id, at, body))
    .send(body);
}

function postShopify(body: string, webhookId: string) {
  const hmac = createHmac('sha256', shopify.secret).update(body).digest('base64');
  return t.http.post(new URL(shopify.url).pathname).set('content-type', 'application/json').set('x-shopify-hmac-sha256', hmac).set('x-shopify-webhook-id', webhookId).send(body);
}

/** A partner payment whose text fields and extra members hide card numbers; the JSON numbers are written raw. */
function partnerDelivery(transactionId: string, invoice: string): string {
  const event = {
    type: 'payment.approved',
    data: {
      transaction_id: transactionId,
      amount: { minor: 12_500, currency: 'USD' },
      occurred_at: '2026-03-01T14:15:00Z',
      invoice_number: invoice,
      customer: { number: 'CUST01', company: `Hiders ${HIDDEN.dots}` },
      reason: `${HIDDEN.afterWords}; ${HIDDEN.doubleSpaces}; ${HIDDEN.gluedToDigit}`,
      reference: 'REFERENCE',
      batch: 'BATCH',
    },
  };
  return JSON.stringify(event).replace('"REFERENCE"', CARD).replace('"BATCH"', LONG_CARD);
}

function shopifyOrder(item: string, cents: number): string {
  const price = (cents / 100).toFixed(2);
  const order = {
    id: 'ORDER_ID',
    admin_graphql_api_id: `gid://shopify/Order/${CARD}`,
    name: '#H1001',
    created_at: '2026-03-01T09:15:00-05:00',
    currency: 'USD',
    total_price: price,
    email: 'hider@cards.test',
    note: `${HIDDEN.afterWords} / ${HIDDEN.dots}`,
    customer: { first_name: 'Card', last_name: 'Hider', email: 'hider@cards.test', phone: null },
    billing_address: { address1: `${HIDDEN.gluedToDigit} Main St`, address2: null, city: 'Portland', province_code: 'OR', zip: '97201', country_code: 'US', company: 'Hiders Inc' },
    shipping_address: null,
    line_items: [{ sku: item, title: `Checked ${HIDDEN.doubleSpaces}`, quantity: 1, price }],
    loyalty_number: 'LOYALTY',
  };
  return JSON.stringify(order).replace('"ORDER_ID"', CARD).replace('"LOYALTY"', LONG_CARD);
}

async function rowsOf(sql: string, params: unknown[] = [tenant.tenantId]): Promise<string> {
  return JSON.stringify((await tenant.db.query(sql, params)).rows);
}

function expectNoCardNumber(text: string, what: string) {
  for (const form of FORMS) expect(text.includes(form), `${what} holds ${form.length}-character form of a card number`).toBe(false);
  expect(containsCardNumber(text), `${what} holds a card number`).toBe(false);
}

describe('card numbers in signed deliveries', () => {
  it('are kept nowhere, and card-like ids become tokens that still deduplicate', async () => {
    const { rows: stock } = await tenant.company.query(
      `SELECT trim(l.item) AS item, round(i.price * 100)::int AS cents FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
        WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 5 ORDER BY l.item LIMIT 1`,
    );

    // A payment with card numbers in its text and numbers, and one whose transaction id and webhook id look like one.
    const hiding = await postStandard(partnerDelivery('120000901', '1042'), 'msg_hiding_1');
    expect(hiding.status, JSON.stringify(hiding.body)).toBe(202);
    const cardLikeId = `msg_${CARD}`;
    const cardLike = await postStandard(partnerDelivery(CARD, '1043'), cardLikeId);
    expect(cardLike.status, JSON.stringify(cardLike.body)).toBe(202);
    expect((await postStandard(partnerDelivery(CARD, '1043'), cardLikeId)).body).toEqual({ duplicate: true });

    // A Shopify order whose id is a card number: redelivered under another webhook id, still one order.
    const order = shopifyOrder(stock[0].item, stock[0].cents);
    expect((await postShopify(order, `hook-${CARD}`)).status).toBe(202);
    expect((await postShopify(order, 'hook-2')).body).toEqual({ duplicate: true });

    const events = () => tenant.db.query('SELECT state, external_id, correlation_id, payment_key, event, outcome FROM inbox_events WHERE tenant_id = $1', [tenant.tenantId]);
    await eventually(async () => {
      const { rows } = await events();
      expect(rows).toHaveLength(3);
      expect(rows.filter((row) => ['queued', 'processing', 'waiting'].includes(row.state)), JSON.stringify(rows)).toEqual([]);
    }, 30_000);
    const { rows } = await events();
    const token = /^tok-[a-z2-7]{16}$/;
    const byType = (id: string) => rows.find((row) => row.external_id.startsWith(id));
    expect(byType('msg_tok-')?.external_id.slice(4)).toMatch(token);
    expect(byType('msg_tok-')?.event.transactionId).toMatch(token);
    expect(byType('order:tok-')?.event.orderId).toMatch(token);
    expect(byType('order:tok-')?.correlation_id).toMatch(/^hook-tok-/);

    // The inbox, every case and timeline table, the alerts and the log: no card number in any form.
    expectNoCardNumber(await rowsOf('SELECT * FROM inbox_events WHERE tenant_id = $1'), 'inbox_events');
    expectNoCardNumber(await rowsOf('SELECT * FROM dead_letters WHERE tenant_id = $1'), 'dead_letters');
    expectNoCardNumber(await rowsOf('SELECT * FROM event_steps WHERE tenant_id = $1'), 'event_steps');
    expectNoCardNumber(await rowsOf('SELECT * FROM alerts WHERE tenant_id = $1'), 'alerts');
    const letters = JSON.parse(await rowsOf('SELECT d.reason, e.external_id FROM dead_letters d JOIN inbox_events e ON e.id = d.event_id WHERE d.tenant_id = $1'));
    expect(letters.find((letter: { external_id: string }) => letter.external_id.startsWith('msg_tok-'))?.reason).toMatch(/tok-/);
    expect(JSON.parse(await rowsOf('SELECT summary FROM alerts WHERE tenant_id = $1')).length).toBeGreaterThan(0);

    // Sage Pro: the customer the order created carries the token in arcust.comment.
    const { rows: customers } = await tenant.company.query(`SELECT comment FROM pro01.arcust WHERE comment LIKE '%SHOP:%'`);
    expect(customers.map((c) => c.comment.trim())).toEqual([expect.stringMatching(/^<Settle SHOP:tok-[a-z2-7]{16}:C>$/)]);

    // Every table of the platform's database and the tenant's Sage Pro sandbox, as `npm run scan:pan` reads them.
    const sandbox = withDatabase(t.db.adminUrl, sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, tenant.tenantId));
    expect([...(await findStoredCardNumbers(t.db.adminUrl)), ...(await findStoredCardNumbers(sandbox))]).toEqual([]);

    const log = readFileSync(logFile, 'utf8');
    expect(log.split('\n').length).toBeGreaterThan(5);
    expectNoCardNumber(log, 'the log');
  }, 60_000);
});
