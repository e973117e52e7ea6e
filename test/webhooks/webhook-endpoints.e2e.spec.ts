/**
 * Integrations and their webhook endpoints: POST /webhooks/<endpoint id> takes Shopify orders (HMAC of
 * the raw body) and Settle partner events (Standard Webhooks) into the inbox, once, with card-like
 * numbers redacted. Every refusal has its own 4xx, is counted in /metrics and stores nothing. The
 * secret is shown only when issued; after a rotation the previous one verifies for the grace period.
 */
import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/app.js';

const MAX_BYTES = 4096;
const TEST_CARD = '4111111111111111';

let t: TestApp;
let db: pg.Pool;
let token: string;
let sageProConnectionId: string;
let integrationId: string;

async function signUp(app: TestApp, company: string): Promise<string> {
  const email = `ops-${randomBytes(4).toString('hex')}@${company.toLowerCase().replaceAll(' ', '-')}.test`;
  const res = await app.gql('mutation($c: String!, $e: String!) { signUp(input: { companyName: $c, email: $e, password: "webhook-pass-1" }) { accessToken } }', { c: company, e: email });
  return res.body.data.signUp.accessToken;
}

async function gqlOk(query: string, variables?: Record<string, unknown>, as = token, app = t) {
  const res = await app.gql(query, variables, { token: as });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

async function errorOf(query: string, variables: Record<string, unknown>, as = token) {
  const res = await t.gql(query, variables, { token: as });
  expect(res.body.errors, 'expected an error').toBeDefined();
  return res.body.errors![0].extensions;
}

const ENDPOINT_FIELDS = 'id name format integrationId url secretHint createdAt rotatedAt previousSecretExpiresAt lastDeliveryAt';

async function newEndpoint(format: 'shopify_orders' | 'settle_events', app = t, as = token, integration = integrationId) {
  const data = await gqlOk(
    `mutation($i: ID!, $f: WebhookFormat!) { createWebhookEndpoint(input: { integrationId: $i, format: $f, name: "Store" }) { secret url endpoint { ${ENDPOINT_FIELDS} } } }`,
    { i: integration, f: format },
    as,
    app,
  );
  return data.createWebhookEndpoint as { secret: string; url: string; endpoint: Record<string, any> };
}

const pathOf = (url: string) => new URL(url).pathname;

let orderIds = 450789469;
const shopifyOrder = (overrides: Record<string, unknown> = {}) => ({
  id: ++orderIds,
  name: `#${orderIds % 10_000}`,
  created_at: '2026-03-01T09:15:00-05:00',
  currency: 'USD',
  total_price: '199.65',
  email: 'bob@norman.test',
  note: `paid by card ${TEST_CARD}, call back`,
  customer: { first_name: 'Bob', last_name: 'Norman', email: 'bob@norman.test', phone: null },
  billing_address: { address1: '2259 Park Ct', address2: null, city: 'Drayton Valley', province_code: 'CA', zip: '94041', country_code: 'US', company: null },
  shipping_address: null,
  line_items: [{ sku: 'IPOD2008PINK', title: 'IPod Nano - 8gb', quantity: 1, price: '199.65' }],
  note_attributes: [{ name: 'paytrace_transaction_id', value: '120000123' }],
  ...overrides,
});

function postShopify(url: string, secret: string, body: string, webhookId = randomBytes(8).toString('hex'), app = t) {
  const hmac = createHmac('sha256', secret).update(body).digest('base64');
  return app.http.post(pathOf(url)).set('content-type', 'application/json').set('x-shopify-hmac-sha256', hmac).set('x-shopify-webhook-id', webhookId).send(body);
}

const partnerEvent = (transactionId: string) => ({
  type: 'payment.approved',
  data: { transaction_id: transactionId, amount: { minor: 12_500, currency: 'USD' }, occurred_at: '2026-03-01T14:15:00Z', invoice_number: '1042' },
});

function postStandard(url: string, secret: string, body: string, id = `msg_${randomBytes(6).toString('hex')}`, at = new Date(), contentType = 'application/json') {
  return t.http
    .post(pathOf(url))
    .set('content-type', contentType)
    .set('webhook-id', id)
    .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
    .set('webhook-signature', new Webhook(secret).sign(id, at, body))
    .send(body);
}

async function inboxRows(where = 'true', params: unknown[] = []) {
  return (await db.query(`SELECT * FROM inbox_events WHERE ${where} ORDER BY received_at`, params)).rows;
}

/** settle_webhook_deliveries_total by outcome (for one format, or all), from GET /metrics. */
async function deliveries(outcome: string, format?: string, app = t): Promise<number> {
  const res = await app.http.get('/metrics');
  let total = 0;
  for (const line of res.text.split('\n')) {
    if (!line.startsWith('settle_webhook_deliveries_total{') || !line.includes(`outcome="${outcome}"`)) continue;
    if (format && !line.includes(`format="${format}"`)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

beforeAll(async () => {
  t = await startTestApp({ WEBHOOK_MAX_BYTES: String(MAX_BYTES) });
  db = new pg.Pool({ connectionString: t.db.adminUrl, max: 2 });
  token = await signUp(t, 'Granite Supply');
  sageProConnectionId = (await gqlOk('mutation { createSageProConnection(input: { edition: sandbox }) { id } }')).createSageProConnection.id;
  integrationId = (await gqlOk('mutation($s: ID!) { createIntegration(input: { name: "Web store", sageProConnectionId: $s }) { id } }', { s: sageProConnectionId })).createIntegration.id;
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

describe('integrations', () => {
  it('pairs a Sage Pro company with defaults, and changes only what is given', async () => {
    const { integration } = await gqlOk(
      'query($id: ID!) { integration(id: $id) { name payTraceConnectionId sageProConnectionId referenceField unmatchedPolicy matchWindowDays orderLocation enabled } }',
      { id: integrationId },
    );
    expect(integration).toEqual({ name: 'Web store', payTraceConnectionId: null, sageProConnectionId, referenceField: 'invoice_id', unmatchedPolicy: 'manual_review', matchWindowDays: 7, orderLocation: 'MAIN', enabled: true });
    const { updateIntegration } = await gqlOk('mutation($id: ID!) { updateIntegration(id: $id, input: { matchWindowDays: 3, referenceField: description }) { name matchWindowDays referenceField } }', { id: integrationId });
    expect(updateIntegration).toEqual({ name: 'Web store', matchWindowDays: 3, referenceField: 'description' });
    const { integrations } = await gqlOk('{ integrations(first: 10) { nodes { id } pageInfo { hasNextPage } } }');
    expect(integrations.nodes.map((n: { id: string }) => n.id)).toContain(integrationId);
  });

  it('names the field when a connection is missing or a PayTrace account is already paired', async () => {
    const create = 'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id payTraceConnectionId } }';
    const missing = await errorOf(create, { input: { name: 'X', sageProConnectionId: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' } });
    expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sageProConnectionId' });
    expect(await errorOf(create, { input: { name: 'X', sageProConnectionId, matchWindowDays: 400 } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'matchWindowDays' });

    const payTrace = (await gqlOk('mutation { createPayTraceConnection(input: { environment: sandbox, pollIntervalSeconds: 3600 }) { id } }')).createPayTraceConnection.id;
    const first = (await gqlOk(create, { input: { name: 'Card payments', sageProConnectionId, payTraceConnectionId: payTrace } })).createIntegration;
    expect(first.payTraceConnectionId).toBe(payTrace);
    const again = await errorOf(create, { input: { name: 'Twice', sageProConnectionId, payTraceConnectionId: payTrace } });
    expect(again).toMatchObject({ code: 'BAD_USER_INPUT', field: 'payTraceConnectionId' });
    const moved = await errorOf('mutation($id: ID!, $p: ID!) { updateIntegration(id: $id, input: { payTraceConnectionId: $p }) { id } }', { id: integrationId, p: payTrace });
    expect(moved).toMatchObject({ code: 'BAD_USER_INPUT', field: 'payTraceConnectionId' });
    expect(await gqlOk('mutation($id: ID!) { deleteIntegration(id: $id) }', { id: first.id })).toEqual({ deleteIntegration: true });
  });

  it("keeps each tenant's integrations to itself", async () => {
    const other = await signUp(t, 'Other Co');
    expect((await gqlOk('{ integrations { nodes { id } } }', {}, other)).integrations.nodes).toEqual([]);
    const read = await t.gql('query($id: ID!) { integration(id: $id) { id } }', { id: integrationId }, { token: other });
    expect(read.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const pairTheirs = await errorOf('mutation($s: ID!) { createIntegration(input: { name: "Mine", sageProConnectionId: $s }) { id } }', { s: sageProConnectionId }, other);
    expect(pairTheirs).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sageProConnectionId' });
  });
});

describe('webhook endpoints', () => {
  it('shows the secret once, never in later queries, and stores it encrypted', async () => {
    const created = await newEndpoint('shopify_orders');
    expect(created.url).toMatch(new RegExp(`^${t.config.publicUrl}/webhooks/we_[A-Za-z0-9_-]{32}$`));
    expect(created.endpoint).toMatchObject({ format: 'shopify_orders', integrationId, url: created.url, secretHint: created.secret.slice(-4), rotatedAt: null, lastDeliveryAt: null });
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await gqlOk(`{ webhookEndpoints(first: 50) { nodes { ${ENDPOINT_FIELDS} } } }`);
    expect(listed.webhookEndpoints.nodes).toContainEqual(created.endpoint);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify((await db.query('SELECT * FROM webhook_endpoints')).rows)).not.toContain(created.secret);
    expect((await newEndpoint('settle_events')).secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });

  it('names the field of a bad endpoint', async () => {
    const create = 'mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: shopify_orders, name: "S" }) { secret } }';
    expect(await errorOf(create, { i: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'integrationId' });
  });

  it('takes a signed Shopify order into the inbox once, with the card number redacted', async () => {
    const { url, secret, endpoint } = await newEndpoint('shopify_orders');
    const order = shopifyOrder();
    const body = JSON.stringify(order);
    const first = await postShopify(url, secret, body, 'shopify-delivery-1');
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true, eventId: expect.any(String) });

    const [row] = await inboxRows('external_id = $1', [`order:${order.id}`]);
    expect(row).toMatchObject({ id: first.body.eventId, source: 'shopify', type: 'order.created', integration_id: integrationId, correlation_id: 'shopify-delivery-1', amount_minor: '19965', currency: 'USD', payment_key: 'pt:120000123', document_number: order.name });
    expect(JSON.stringify(row.payload)).not.toContain(TEST_CARD);
    expect(row.payload.note).toMatch(/^paid by card .+, call back$/);
    expect(row.event).toMatchObject({ orderId: String(order.id), totalMinor: 19965, paymentTransactionId: '120000123', lines: [{ sku: 'IPOD2008PINK', priceMinor: 19965 }] });

    const again = await postShopify(url, secret, body, 'shopify-delivery-2');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ duplicate: true });
    expect(await inboxRows('external_id = $1', [`order:${order.id}`])).toHaveLength(1);

    await eventually(async () => {
      const { webhookEndpoints } = await gqlOk('{ webhookEndpoints(first: 50) { nodes { id lastDeliveryAt } } }');
      expect(webhookEndpoints.nodes.find((n: { id: string }) => n.id === endpoint.id).lastDeliveryAt).not.toBeNull();
    }, 10_000);
  });

  it('answers each of many concurrent deliveries rightly, redeliveries included, and stores each order once', async () => {
    const { url, secret } = await newEndpoint('shopify_orders');
    const orders = Array.from({ length: 12 }, () => shopifyOrder());
    const sends = [...orders, ...orders].map((order) => postShopify(url, secret, JSON.stringify(order)));
    const answers = await Promise.all(sends);
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(12).fill(200), ...Array(12).fill(202)]);
    const rows = await inboxRows('external_id = ANY($1)', [orders.map((o) => `order:${o.id}`)]);
    expect(rows).toHaveLength(12);
    const idByOrder = new Map(rows.map((row) => [row.external_id, row.id]));
    answers.forEach((answer, index) => {
      if (answer.status === 202) expect(answer.body.eventId).toBe(idByOrder.get(`order:${orders[index % 12].id}`));
    });
  });

  it('takes a Standard Webhooks partner event, keyed by its webhook-id', async () => {
    const { url, secret } = await newEndpoint('settle_events');
    const body = JSON.stringify(partnerEvent('120000777'));
    const accepted = await postStandard(url, secret, body, 'msg_partner_1');
    expect(accepted.status).toBe(202);
    const [row] = await inboxRows("source = 'partner' AND external_id = 'msg_partner_1'");
    expect(row).toMatchObject({ type: 'payment.approved', payment_key: 'pt:120000777', document_number: '1042', amount_minor: '12500', correlation_id: 'msg_partner_1' });
    const redelivered = await postStandard(url, secret, body, 'msg_partner_1');
    expect(redelivered.status).toBe(200);
    expect(await inboxRows("source = 'partner' AND external_id = 'msg_partner_1'")).toHaveLength(1);
    // The signature covers the bytes whatever the sender calls them.
    const plain = JSON.stringify(partnerEvent('120000778'));
    expect((await postStandard(url, secret, plain, 'msg_partner_2', new Date(), 'text/plain; charset=utf-8')).status).toBe(202);
  });


  it('stores a delivery whose text holds a NUL character (which PostgreSQL cannot) with U+FFFD in its place', async () => {
    const shop = await newEndpoint('shopify_orders');
    const order = shopifyOrder({ note: 'gift\u0000wrap' });
    const shopAnswer = await postShopify(shop.url, shop.secret, JSON.stringify(order));
    expect(shopAnswer.status, JSON.stringify(shopAnswer.body)).toBe(202);
    const [shopRow] = await inboxRows('id = $1', [shopAnswer.body.eventId]);
    expect(shopRow.payload.note).toBe('gift\uFFFDwrap');
    expect(shopRow.event).toMatchObject({ orderId: String(order.id) });

    const partner = await newEndpoint('settle_events');
    const event = partnerEvent('120000999');
    const body = JSON.stringify({ ...event, data: { ...event.data, invoice_number: '10\u000042', memo: 'x\u0000' } });
    const partnerAnswer = await postStandard(partner.url, partner.secret, body, 'msg_nul_1');
    expect(partnerAnswer.status, JSON.stringify(partnerAnswer.body)).toBe(202);
    const [partnerRow] = await inboxRows("source = 'partner' AND external_id = 'msg_nul_1'");
    expect(partnerRow).toMatchObject({ document_number: '10\uFFFD42', payload: { data: { memo: 'x\uFFFD' } } });
    // Sent again, it is the same event: answered as a duplicate, not stored twice.
    expect((await postStandard(partner.url, partner.secret, body, 'msg_nul_1')).status).toBe(200);
  });

  it('refuses each kind of bad delivery with its own status, counts it and stores nothing', async () => {
    const shop = await newEndpoint('shopify_orders');
    const partner = await newEndpoint('settle_events');
    const stored = (await inboxRows()).length;
    const body = JSON.stringify(shopifyOrder());
    const hmacOf = (text: string) => createHmac('sha256', shop.secret).update(text).digest('base64');
    const signedShopify = (text: string) => t.http.post(pathOf(shop.url)).set('content-type', 'application/json').set('x-shopify-hmac-sha256', hmacOf(text)).send(text);

    const cases: [string, string, () => Promise<{ status: number; body: any }>, number][] = [
      ['unknown_endpoint', 'unknown', () => t.http.post(`/webhooks/we_${randomBytes(24).toString('base64url')}`).set('content-type', 'application/json').send(body), 404],
      ['unknown_endpoint', 'unknown', () => t.http.post('/webhooks/not-an-endpoint').send(body), 404],
      ['too_large', 'shopify_orders', () => signedShopify(JSON.stringify(shopifyOrder({ note: 'x'.repeat(MAX_BYTES) }))), 413],
      ['missing_signature', 'shopify_orders', () => t.http.post(pathOf(shop.url)).set('content-type', 'application/json').send(body), 401],
      ['bad_signature', 'shopify_orders', () => postShopify(shop.url, 'a-guessed-secret', body), 401],
      ['bad_signature', 'shopify_orders', () => postShopify(shop.url, shop.secret, body.replace('199.65', '1.00')).set('x-shopify-hmac-sha256', hmacOf(body)), 401],
      ['malformed_json', 'shopify_orders', () => signedShopify(body.slice(0, -1)), 400],
      ['invalid_event', 'shopify_orders', () => signedShopify(JSON.stringify(shopifyOrder({ total_price: 199.65 }))), 422],
      ['missing_signature', 'settle_events', () => t.http.post(pathOf(partner.url)).set('content-type', 'application/json').send(JSON.stringify(partnerEvent('1'))), 401],
      ['stale_timestamp', 'settle_events', () => postStandard(partner.url, partner.secret, JSON.stringify(partnerEvent('2')), undefined, new Date(Date.now() - 10 * 60_000)), 400],
      ['malformed_json', 'settle_events', () => postStandard(partner.url, partner.secret, '{"type": "payment.approved"'), 400],
      ['invalid_event', 'settle_events', () => postStandard(partner.url, partner.secret, JSON.stringify({ type: 'payment.approved', data: { transaction_id: 'T-1' } })), 422],
    ];
    for (const [outcome, format, send, status] of cases) {
      const before = await deliveries(outcome, format);
      const res = await send();
      expect(res.status, `${outcome} ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body, outcome).toMatchObject({ error: outcome, message: expect.any(String) });
      expect(await deliveries(outcome, format), outcome).toBe(before + 1);
    }
    const invalid = await signedShopify(JSON.stringify(shopifyOrder({ line_items: [{ sku: 'A', title: 'A', quantity: 1, price: '1.001' }] })));
    expect(invalid.body).toMatchObject({ error: 'invalid_event', field: 'line_items.0.price', message: expect.stringContaining('line_items.0.price') });
    expect(await inboxRows()).toHaveLength(stored);
    expect(await deliveries('accepted', 'shopify_orders')).toBeGreaterThan(0);
  });

  it('verifies old and new secrets during the grace period after a rotation', async () => {
    const { url, secret: old, endpoint } = await newEndpoint('shopify_orders');
    expect((await postShopify(url, old, JSON.stringify(shopifyOrder()))).status).toBe(202); // cached with the old secret
    const before = Date.now();
    const { rotateWebhookEndpointSecret: rotated } = await gqlOk(
      `mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret previousSecretExpiresAt endpoint { ${ENDPOINT_FIELDS} } } }`,
      { id: endpoint.id },
    );
    expect(rotated.secret).not.toBe(old);
    expect(rotated.endpoint.secretHint).toBe(rotated.secret.slice(-4));
    expect(new Date(rotated.previousSecretExpiresAt).getTime()).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 1_000);
    expect(rotated.endpoint.rotatedAt).not.toBeNull();
    expect((await postShopify(url, rotated.secret, JSON.stringify(shopifyOrder()))).status).toBe(202);
    expect((await postShopify(url, old, JSON.stringify(shopifyOrder()))).status).toBe(202);
    const listed = await gqlOk('{ webhookEndpoints(first: 100) { nodes { id secretHint } } }');
    expect(JSON.stringify(listed)).not.toContain(rotated.secret);
  });

  it('refuses the old secret at once when there is no grace period', async () => {
    const noGrace = await startTestApp({ WEBHOOK_ROTATION_GRACE_HOURS: '0' });
    try {
      const owner = await signUp(noGrace, 'No Grace');
      const sagePro = (await gqlOk('mutation { createSageProConnection(input: { edition: sandbox }) { id } }', {}, owner, noGrace)).createSageProConnection.id;
      const integration = (await gqlOk('mutation($s: ID!) { createIntegration(input: { name: "Shop", sageProConnectionId: $s }) { id } }', { s: sagePro }, owner, noGrace)).createIntegration.id;
      const { url, secret: old, endpoint } = await newEndpoint('shopify_orders', noGrace, owner, integration);
      expect((await postShopify(url, old, JSON.stringify(shopifyOrder()), undefined, noGrace)).status).toBe(202);
      const { rotateWebhookEndpointSecret: rotated } = await gqlOk('mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }', { id: endpoint.id }, owner, noGrace);
      const refused = await postShopify(url, old, JSON.stringify(shopifyOrder()), undefined, noGrace);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('bad_signature');
      expect((await postShopify(url, rotated.secret, JSON.stringify(shopifyOrder()), undefined, noGrace)).status).toBe(202);
    } finally {
      await noGrace.close();
    }
  });

  it("lets no other tenant see, rotate, delete or attach to an endpoint", async () => {
    const { endpoint } = await newEndpoint('settle_events');
    const other = await signUp(t, 'Intruder Co');
    expect((await gqlOk('{ webhookEndpoints { nodes { id } } }', {}, other)).webhookEndpoints.nodes).toEqual([]);
    expect(await errorOf('mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }', { id: endpoint.id }, other)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id }, other)).toMatchObject({ code: 'NOT_FOUND' });
    const attach = await errorOf('mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "S" }) { secret } }', { i: integrationId }, other);
    expect(attach).toMatchObject({ code: 'BAD_USER_INPUT', field: 'integrationId' });
    const [row] = (await db.query('SELECT rotated_at FROM webhook_endpoints WHERE id = $1', [endpoint.id])).rows;
    expect(row).toEqual({ rotated_at: null });
  });

  it('refuses deliveries to a deleted endpoint at once', async () => {
    const { url, secret, endpoint } = await newEndpoint('shopify_orders');
    expect((await postShopify(url, secret, JSON.stringify(shopifyOrder()))).status).toBe(202);
    expect(await gqlOk('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id })).toEqual({ deleteWebhookEndpoint: true });
    const gone = await postShopify(url, secret, JSON.stringify(shopifyOrder()));
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('unknown_endpoint');
  });
});
