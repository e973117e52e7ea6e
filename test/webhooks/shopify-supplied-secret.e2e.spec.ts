/**
 * A Shopify store signs its webhooks with a secret only Shopify issues (the store's webhook signing key,
 * or the app's client secret), so a shopify_orders endpoint takes that secret from the tenant: on
 * create and on rotate. Orders signed with it are accepted and become sales orders in Sage Pro; a wrong
 * secret is refused; after a rotation to the store's new secret both verify during the grace period and
 * only the new one after it. A supplied secret is validated (BAD_USER_INPUT naming signingSecret),
 * stored encrypted, audited without its value, and never returned: only its last four characters.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointDirectory } from '../../backend/src/webhooks/endpoint-directory.js';
import { pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';

/** What Shopify admin shows under Settings → Notifications → Webhooks: 64 hex characters. */
const shopKey = () => randomBytes(32).toString('hex');

const ENDPOINT_FIELDS = 'id format url secretHint rotatedAt previousSecretExpiresAt';
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret url endpoint { ${ENDPOINT_FIELDS} } } }`;
const ROTATE = `mutation($id: ID!, $s: String) { rotateWebhookEndpointSecret(id: $id, signingSecret: $s) { secret previousSecretExpiresAt endpoint { ${ENDPOINT_FIELDS} } } }`;

let t: TestApp;
let tenant: PipelineTenant;
let stock: { item: string; cents: number };
let orderIds = 820_000_000;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200' });
  tenant = await pipelineTenant(t, 'Own Key Outfitters');
  const { rows } = await tenant.company.query(
    `SELECT trim(l.item) AS item, round(i.price * 100)::int AS cents FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
      WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 5 ORDER BY l.item LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  stock = rows[0];
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

/** A Shopify orders/create body for one unit of an item the sandbox company stocks. */
function orderBody(): { id: number; body: string } {
  const id = ++orderIds;
  const price = `${Math.trunc(stock.cents / 100)}.${String(stock.cents % 100).padStart(2, '0')}`;
  const order = {
    id,
    name: `#K${id % 100_000}`,
    created_at: '2026-03-01T09:15:00-05:00',
    currency: 'USD',
    total_price: price,
    email: 'buyer@ownkey.test',
    customer: { first_name: 'Kay', last_name: 'Owner', email: 'buyer@ownkey.test', phone: null },
    billing_address: { address1: '9 Key St', address2: null, city: 'Portland', province_code: 'OR', zip: '97201', country_code: 'US', company: 'Own Key Outfitters' },
    shipping_address: null,
    line_items: [{ sku: stock.item, title: 'Stocked item', quantity: 1, price }],
  };
  return { id, body: JSON.stringify(order) };
}

/** POSTs an order as Shopify does: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body under `secret`. */
async function postOrder(url: string, secret: string) {
  const { id, body } = orderBody();
  const hmac = createHmac('sha256', secret).update(body).digest('base64');
  const answer = await t.http
    .post(new URL(url).pathname)
    .set('content-type', 'application/json')
    .set('x-shopify-hmac-sha256', hmac)
    .set('x-shopify-topic', 'orders/create')
    .set('x-shopify-webhook-id', randomBytes(8).toString('hex'))
    .send(body);
  return { id, status: answer.status, body: answer.body };
}

async function errorOf(query: string, variables: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token: tenant.token });
  expect(res.body.errors, 'expected an error').toBeDefined();
  return { extensions: res.body.errors![0].extensions, message: res.body.errors![0].message as string };
}

async function createShop(signingSecret: string, name = 'Shopify store') {
  const data = await tenant.gql(CREATE, { input: { integrationId: tenant.integrationId, format: 'shopify_orders', name, signingSecret } });
  return data.createWebhookEndpoint as { secret: string | null; url: string; endpoint: Record<string, any> };
}

const endpointRow = async (id: string) => (await tenant.db.query('SELECT * FROM webhook_endpoints WHERE id = $1', [id])).rows[0];

describe("a Shopify endpoint with the store's own signing secret", () => {
  it('verifies orders signed with it, which become sales orders, and refuses any other secret', async () => {
    const key = shopKey();
    const created = await createShop(key);
    expect(created.secret).toBeNull(); // the tenant's secret is never sent back
    expect(created.endpoint).toMatchObject({ format: 'shopify_orders', secretHint: key.slice(-4), rotatedAt: null });

    const accepted = await postOrder(created.url, key);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toEqual({ accepted: true, eventId: expect.any(String) });
    let row: any;
    await eventually(async () => {
      [row] = (await tenant.db.query('SELECT id, state, outcome FROM inbox_events WHERE tenant_id = $1 AND external_id = $2', [tenant.tenantId, `order:${accepted.id}`])).rows;
      expect(row?.state, JSON.stringify(row?.outcome)).toBe('done');
    }, 20_000);
    expect(row.id).toBe(accepted.body.eventId);
    const { rows: orders } = await tenant.company.query('SELECT trim(ponum) AS ponum FROM pro01.somast WHERE trim(sono) = $1', [row.outcome.sono]);
    expect(orders).toEqual([{ ponum: `#K${accepted.id % 100_000}` }]);

    const stored = (await tenant.db.query('SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1', [tenant.tenantId])).rows[0].n;
    const wrong = await postOrder(created.url, shopKey());
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'bad_signature' });
    // The key is used exactly as pasted: the same characters in another case are another key.
    expect((await postOrder(created.url, key.toUpperCase())).status).toBe(401);
    expect((await tenant.db.query('SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1', [tenant.tenantId])).rows[0].n).toBe(stored);
  });

  it('keeps the secret encrypted, out of every answer and out of the audit log', async () => {
    const key = shopKey();
    const created = await createShop(key, 'Encrypted store');
    const row = await endpointRow(created.endpoint.id);
    expect(row.secret_hint).toBe(key.slice(-4));
    expect(row.secret_ciphertext).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key);
    const listed = await tenant.gql(`{ webhookEndpoints(first: 100) { nodes { ${ENDPOINT_FIELDS} } } }`);
    expect(JSON.stringify(listed)).not.toContain(key);
    const { rows: audit } = await tenant.db.query("SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY created_at", [created.endpoint.id]);
    expect(audit).toEqual([{ action: 'webhook_endpoint.created', details: expect.objectContaining({ format: 'shopify_orders', secretSource: 'supplied' }) }]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("rotates to the store's new secret: both verify during the grace period, only the new one after it", async () => {
    const oldKey = shopKey();
    const newKey = shopKey();
    const { url, endpoint } = await createShop(oldKey, 'Rotating store');
    expect((await postOrder(url, oldKey)).status).toBe(202); // cached with the old secret

    const before = Date.now();
    const { rotateWebhookEndpointSecret: rotated } = await tenant.gql(ROTATE, { id: endpoint.id, s: newKey });
    expect(rotated.secret).toBeNull();
    expect(rotated.endpoint).toMatchObject({ secretHint: newKey.slice(-4), rotatedAt: expect.any(String) });
    expect(new Date(rotated.previousSecretExpiresAt).getTime()).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 1_000);

    expect((await postOrder(url, newKey)).status).toBe(202);
    expect((await postOrder(url, oldKey)).status).toBe(202);
    expect((await postOrder(url, shopKey())).status).toBe(401);

    const row = await endpointRow(endpoint.id);
    for (const key of [oldKey, newKey]) expect(JSON.stringify(row)).not.toContain(key);
    const { rows: audit } = await tenant.db.query("SELECT details FROM audit_log WHERE target_id = $1 AND action = 'webhook_endpoint.secret_rotated'", [endpoint.id]);
    expect(audit).toEqual([{ details: expect.objectContaining({ secretSource: 'supplied' }) }]);
    expect(JSON.stringify(audit)).not.toContain(newKey);

    // The grace period ends: the expiry passes, and this process's 30 s cache of the endpoint with it.
    await tenant.db.query("UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1", [endpoint.id]);
    t.app.get(EndpointDirectory).forget(new URL(url).pathname.split('/').pop()!);
    const late = await postOrder(url, oldKey);
    expect(late.status).toBe(401);
    expect(late.body.error).toBe('bad_signature');
    expect((await postOrder(url, newKey)).status).toBe(202);
  });

  it('names signingSecret when the secret is unusable, and stores nothing', async () => {
    const create = (format: string, signingSecret: unknown) =>
      errorOf(CREATE, { input: { integrationId: tenant.integrationId, format, name: 'Bad secret', signingSecret } });
    const count = async () => (await tenant.db.query('SELECT count(*)::int AS n FROM webhook_endpoints WHERE tenant_id = $1', [tenant.tenantId])).rows[0].n;
    const endpoints = await count();
    for (const bad of ['too-short', 'x'.repeat(257), `${shopKey()} `, 'with a space in the middle of it', `${shopKey()}\n`]) {
      const { extensions, message } = await create('shopify_orders', bad);
      expect(extensions, JSON.stringify(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signingSecret' });
      expect(message).toMatch(/^signingSecret: /);
      expect(message).not.toContain(bad.trim());
    }
    // Standard Webhooks endpoints keep Settle's whsec_ secrets.
    const partner = await create('settle_events', `whsec_${randomBytes(24).toString('base64')}`);
    expect(partner.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signingSecret' });
    expect(partner.message).toContain('Settle generates');
    expect(await count()).toBe(endpoints);

    const key = shopKey();
    const { endpoint } = await createShop(key, 'Rotated badly');
    const rotate = (s: unknown) => errorOf(ROTATE, { id: endpoint.id, s });
    expect((await rotate('short')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signingSecret' });
    expect((await rotate(key)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signingSecret' }); // the same secret again
    const partnerEndpoint = (await tenant.gql(CREATE, { input: { integrationId: tenant.integrationId, format: 'settle_events', name: 'Partner' } })).createWebhookEndpoint;
    expect(partnerEndpoint.secret).toMatch(/^whsec_/);
    expect((await errorOf(ROTATE, { id: partnerEndpoint.endpoint.id, s: shopKey() })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signingSecret' });
    const unchanged = await endpointRow(endpoint.id);
    expect(unchanged).toMatchObject({ rotated_at: null, previous_secret_ciphertext: null, secret_hint: key.slice(-4) });
  });

  it('still generates a secret, shown once, for a relay that brings none', async () => {
    const relay = (await tenant.gql(CREATE, { input: { integrationId: tenant.integrationId, format: 'shopify_orders', name: 'Relay' } })).createWebhookEndpoint;
    expect(relay.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await postOrder(relay.url, relay.secret)).status).toBe(202);
    // And a relay's endpoint can move to a secret of the tenant's own.
    const ownKey = shopKey();
    expect((await tenant.gql(ROTATE, { id: relay.endpoint.id, s: ownKey })).rotateWebhookEndpointSecret.secret).toBeNull();
    expect((await postOrder(relay.url, ownKey)).status).toBe(202);
  });
});
