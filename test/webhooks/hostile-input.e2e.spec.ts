/**
 * Signed deliveries that can never be stored as sent: a lone UTF-16 surrogate ("\ud800", which
 * PostgreSQL's jsonb refuses), bytes that are not UTF-8, and JSON nested 5,000 deep. Each used to be
 * answered 503 on every retry, so its sender retried forever. Now a lone surrogate is stored as
 * U+FFFD, and the others are refused with a 400 naming the problem, storing nothing; a later valid
 * delivery to the same endpoint is still taken.
 */
import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let db: pg.Pool;
let token: string;
let integrationId: string;

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

async function newEndpoint(format: 'shopify_orders' | 'settle_events') {
  const data = await gqlOk('mutation($i: ID!, $f: WebhookFormat!) { createWebhookEndpoint(input: { integrationId: $i, format: $f, name: "Hostile" }) { secret url } }', {
    i: integrationId,
    f: format,
  });
  const { secret, url } = data.createWebhookEndpoint as { secret: string; url: string };
  return { secret, path: new URL(url).pathname };
}

let orderIds = 820_000_000;
const order = (note: string) =>
  `{"id":${++orderIds},"name":"#H${orderIds % 1000}","created_at":"2026-03-01T09:15:00-05:00","currency":"USD","total_price":"10.00",` +
  `"email":"h@hostile.test","note":"${note}","line_items":[{"sku":"A1","title":"Thing","quantity":1,"price":"10.00"}]}`;
const event = (transactionId: string, invoice: string) =>
  `{"type":"payment.approved","data":{"transaction_id":"${transactionId}","amount":{"minor":1000,"currency":"USD"},"occurred_at":"2026-03-01T14:15:00Z","invoice_number":"${invoice}"}}`;

/** POSTs the bytes exactly as given (fetch, not supertest, which would re-encode a Buffer). */
async function post(path: string, body: Buffer, headers: Record<string, string>) {
  const response = await fetch(`${await t.listen()}${path}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function postShopify(path: string, secret: string, body: Buffer) {
  const hmac = createHmac('sha256', secret).update(body).digest('base64');
  return post(path, body, { 'x-shopify-hmac-sha256': hmac, 'x-shopify-webhook-id': randomBytes(8).toString('hex') });
}

function postStandard(path: string, secret: string, body: Buffer, id = `msg_${randomBytes(6).toString('hex')}`) {
  const at = new Date();
  // Standard Webhooks signs text: a sender's library signs the body as it holds it.
  const signature = new Webhook(secret).sign(id, at, body.toString('utf8'));
  return post(path, body, { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature });
}

const inboxCount = async () => Number((await db.query('SELECT count(*) FROM inbox_events')).rows[0].count);

beforeAll(async () => {
  t = await startTestApp();
  db = new pg.Pool({ connectionString: t.db.adminUrl, max: 2 });
  const email = `ops-${randomBytes(4).toString('hex')}@hostile.test`;
  const signUp = await t.gql('mutation($e: String!) { signUp(input: { companyName: "Hostile Traders", email: $e, password: "hostile-pass-1" }) { accessToken } }', { e: email });
  token = signUp.body.data.signUp.accessToken;
  const sagePro = (await gqlOk('mutation { createSageProConnection(input: { edition: sandbox }) { id } }')).createSageProConnection.id;
  integrationId = (await gqlOk('mutation($s: ID!) { createIntegration(input: { name: "Hostile store", sageProConnectionId: $s }) { id } }', { s: sagePro })).createIntegration.id;
}, 60_000);

afterAll(async () => {
  await db?.end();
  await t?.close();
});

describe('a signed delivery with a lone surrogate', () => {
  it('is stored with U+FFFD in its place, and a redelivery is a duplicate, not a 503', async () => {
    const partner = await newEndpoint('settle_events');
    const body = Buffer.from(event('120000901', 'INV\\ud800-1'));
    const first = await postStandard(partner.path, partner.secret, body, 'msg_lone_surrogate');
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const [row] = (await db.query("SELECT document_number, payload FROM inbox_events WHERE external_id = 'msg_lone_surrogate'")).rows;
    expect(row.document_number).toBe('INV\uFFFD-1');
    expect(row.payload.data.invoice_number).toBe('INV\uFFFD-1');
    expect((await postStandard(partner.path, partner.secret, body, 'msg_lone_surrogate')).status).toBe(200);

    const shop = await newEndpoint('shopify_orders');
    const stored = await postShopify(shop.path, shop.secret, Buffer.from(order('gift \\udc00 wrap \\ud83d')));
    expect(stored.status, JSON.stringify(stored.body)).toBe(202);
    const [orderRow] = (await db.query('SELECT payload FROM inbox_events WHERE id = $1', [stored.body.eventId])).rows;
    expect(orderRow.payload.note).toBe('gift \uFFFD wrap \uFFFD');
  });
});

describe('deliveries that can never be stored', () => {
  it('are refused with a 400 naming the problem, every time, store nothing, and the endpoint still takes valid ones', async () => {
    const partner = await newEndpoint('settle_events');
    const shop = await newEndpoint('shopify_orders');
    const before = await inboxCount();
    const notUtf8 = (text: string) => Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(text.slice(40))]);
    const deep = (json: string) => Buffer.from(json.replace('"A1"', `${'['.repeat(5_000)}${']'.repeat(5_000)}`).replace('"INV-D"', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`));

    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answers = [
        ['not_utf8', await postShopify(shop.path, shop.secret, notUtf8(order('bytes')))],
        ['not_utf8', await postStandard(partner.path, partner.secret, notUtf8(event('120000902', 'INV-B')))],
        ['too_deeply_nested', await postShopify(shop.path, shop.secret, deep(order('deep')))],
        ['too_deeply_nested', await postStandard(partner.path, partner.secret, deep(event('120000903', 'INV-D')))],
      ] as const;
      for (const [refusal, answer] of answers) {
        expect(answer.status, `${refusal}: ${JSON.stringify(answer.body)}`).toBe(400);
        expect(answer.body.error).toBe(refusal);
        expect(answer.body.message).toMatch(refusal === 'not_utf8' ? /UTF-8/ : /64 levels/);
      }
    }
    expect(await inboxCount()).toBe(before);

    expect((await postShopify(shop.path, shop.secret, Buffer.from(order('fine')))).status).toBe(202);
    expect((await postStandard(partner.path, partner.secret, Buffer.from(event('120000904', 'INV-OK')))).status).toBe(202);
    expect(await inboxCount()).toBe(before + 2);
  });
});
