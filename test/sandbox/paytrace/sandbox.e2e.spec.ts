/**
 * The PayTrace sandbox over HTTP, on a real PostgreSQL database: a bare Fastify app with the plugin,
 * driven the way a PayTrace client drives PayTrace (OAuth, then JSON POSTs with a Bearer token).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePayTraceSandbox, payTraceSandbox, runAllDueRecurrences } from '../../../backend/src/sandbox/paytrace/sandbox.plugin.js';
import { addDays, formatUsDate, localDate } from '../../../backend/src/sandbox/paytrace/time.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const PREFIX = '/sandbox/paytrace';
const ADMIN_KEY = 'sandbox-admin-key-for-tests';
const LA = 'America/Los_Angeles';
const VISA = { number: '4111111111111111', expiration_month: '12', expiration_year: '2035' };
const BILLING = { name: 'Steve Smith', street_address: '8320 This Way Lane', city: 'Placeville', state: 'CA', zip: '85284' };

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let listener: Server;
let listenerUrl: string;
const notifications: Record<string, any>[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.adminUrl, max: 5 });
  await migratePayTraceSandbox(pool);
  app = Fastify({ logger: { level: 'error' } });
  await app.register(payTraceSandbox, { prefix: PREFIX, pool, adminKey: ADMIN_KEY, recurrenceSweepMs: 0 });
  await app.ready();
  listener = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      notifications.push(JSON.parse(body));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/paytrace-events`;
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await db?.drop();
  await new Promise((resolve) => listener?.close(resolve));
});

interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  text: string;
}

async function send(method: 'GET' | 'POST' | 'PUT', url: string, options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  }
  const response = await app.inject({ method, url: `${PREFIX}${url}`, headers, payload });
  let body: unknown;
  try {
    body = response.json();
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, body, headers: response.headers, text: response.body };
}

const admin = (method: 'GET' | 'POST' | 'PUT', url: string, json?: unknown) =>
  send(method, `/admin${url}`, { json: json ?? {}, headers: { 'x-sandbox-admin-key': ADMIN_KEY } });

interface Merchant {
  id: number;
  username: string;
  password: string;
  token: string;
}

async function newMerchant(): Promise<Merchant> {
  const created = await admin('POST', '/merchants', { name: 'Acme Tools' });
  expect(created.status).toBe(201);
  const { merchant_id, api_username, password } = created.body;
  return { id: merchant_id, username: api_username, password, token: await login(api_username, password) };
}

async function login(username: string, password: string): Promise<string> {
  const reply = await send('POST', '/oauth/token', { form: { grant_type: 'password', username, password } });
  expect(reply.status).toBe(200);
  return reply.body.access_token;
}

const api = (m: Merchant, path: string, json: unknown = {}) => send('POST', path, { json, headers: { authorization: `Bearer ${m.token}` } });

const sale = (m: Merchant, amount: string, extra: Record<string, unknown> = {}) =>
  api(m, '/v1/transactions/sale/keyed', { amount, credit_card: VISA, csc: '999', billing_address: BILLING, invoice_id: 'INV-1', ...extra });

const exportById = async (m: Merchant, id: number) => {
  const reply = await api(m, '/v1/transactions/export/by_id', { transaction_id: id });
  expect(reply.status).toBe(200);
  return reply.body.transactions[0];
};

/** Today and tomorrow in the merchant's time zone as MM/DD/YYYY (the merchant clock is not advanced yet). */
const usDate = (daysFromToday = 0) => formatUsDate(addDays(localDate(new Date(), LA), daysFromToday));

const TIMESTAMP = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/;

describe('schema', () => {
  it('migrates idempotently', async () => {
    expect((await migratePayTraceSandbox(pool)).applied).toEqual([]);
  });
});

describe('OAuth', () => {
  it('issues 7200 s bearer tokens of three hex parts for the password grant', async () => {
    const created = (await admin('POST', '/merchants', {})).body;
    const reply = await send('POST', '/oauth/token', { form: { grant_type: 'password', username: created.api_username, password: created.password } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
    expect(reply.body.access_token).toMatch(/^[0-9a-f]+:[0-9a-f]+:[0-9a-f]+$/);
    const json = await send('POST', '/oauth/token', { json: { grant_type: 'password', username: created.api_username, password: created.password } });
    expect(json.status).toBe(200);
  });

  it('refuses bad credentials with invalid_grant (400) and unknown tokens with invalid_token (401)', async () => {
    const m = await newMerchant();
    const bad = await send('POST', '/oauth/token', { form: { grant_type: 'password', username: m.username, password: 'wrong-password' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'invalid_grant',
      error_description:
        'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    });
    const unknown = await api({ ...m, token: 'abc:def:012' }, '/v1/transactions/export/by_id', { transaction_id: 1 });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ error: 'invalid_token', error_description: 'The access token provided is invalid.' });
    expect((await send('POST', '/v1/ping')).status).toBe(200);
  });
});

describe('card transactions', () => {
  let m: Merchant;
  beforeAll(async () => {
    m = await newMerchant();
  });

  it('approves a keyed sale with PayTrace’s response fields', async () => {
    const reply = await sale(m, '10.00');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      success: true,
      response_code: 101,
      status_message: 'Your transaction was successfully approved.',
      avs_response: 'Full Exact Match',
      csc_response: 'Match',
      external_transaction_id: '',
      masked_card_number: 'xxxxxxxxxxxx1111',
    });
    expect(Number.isInteger(reply.body.transaction_id)).toBe(true);
    expect(reply.body.approval_message).toBe(`APPROVAL ${reply.body.approval_code}  - Approved and completed`);
  });

  it('declines $0.29 as an expired card (HTTP 200, with a transaction id)', async () => {
    const reply = await sale(m, '0.29');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      success: false,
      response_code: 102,
      status_message: 'Your transaction was not approved.',
      approval_code: '',
      approval_message: '  EXPIRED CARD - Expired card',
    });
    expect(Number.isInteger(reply.body.transaction_id)).toBe(true);
  });

  it('reports a bad card number and a bad month together (HTTP 400)', async () => {
    const reply = await api(m, '/v1/transactions/sale/keyed', {
      amount: '250.00',
      credit_card: { number: '54545454545454', expiration_month: '14', expiration_year: '1999' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      success: false,
      response_code: 1,
      status_message: 'One or more errors has occurred.',
      errors: { '35': ['Please provide a valid Credit Card Number.'], '43': ['Please provide a valid Expiration Month.'] },
    });
  });

  it('refuses refunds before settlement (817), refunds after, and refuses voids after', async () => {
    const { transaction_id: id } = (await sale(m, '20.00')).body;
    const early = await api(m, '/v1/transactions/refund/for_transaction', { transaction_id: id, amount: '5.00' });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual({
      '817': ['The Transaction ID that you provided could not be refunded. Only settled transactions can be refunded.  Please try to void the transaction instead.'],
    });

    const settled = await api(m, '/v1/transactions/settle');
    expect(settled.body).toMatchObject({ success: true });
    expect(settled.body.batch_number).toBeGreaterThan(0);

    const refund = await api(m, '/v1/transactions/refund/for_transaction', { transaction_id: id, amount: '5.00' });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ success: true, response_code: 106, status_message: 'Your transaction was successfully refunded.' });
    expect(refund.body.transaction_id).not.toBe(id);
    const tooMuch = await api(m, '/v1/transactions/refund/for_transaction', { transaction_id: id, amount: '15.01' });
    expect(Object.keys(tooMuch.body.errors)).toEqual(['819']);

    const voided = await api(m, '/v1/transactions/void', { transaction_id: id });
    expect(voided.status).toBe(400);
    expect(Object.keys(voided.body.errors)).toEqual(['818']);

    expect(await exportById(m, id)).toMatchObject({ transaction_type: 'SALE', amount: 20, invoice_id: 'INV-1', settled: expect.stringMatching(TIMESTAMP) });
    expect(await exportById(m, refund.body.transaction_id)).toMatchObject({ transaction_type: 'REFUND', amount: 5, invoice_id: 'INV-1', settled: '' });
  });

  it('voids an unsettled sale, which then exports as VOID and never settles', async () => {
    const { transaction_id: id } = (await sale(m, '7.00')).body;
    const voided = await api(m, '/v1/transactions/void', { transaction_id: id });
    expect(voided.body).toEqual({ success: true, response_code: 109, status_message: 'Your transaction was successfully voided.', transaction_id: id });
    await api(m, '/v1/transactions/settle');
    expect(await exportById(m, id)).toMatchObject({ transaction_type: 'VOID', settled: '' });
  });

  it('captures part of an authorization once', async () => {
    const auth = await api(m, '/v1/transactions/authorization/keyed', { amount: '5.00', credit_card: VISA });
    const id = auth.body.transaction_id;
    expect(auth.body.response_code).toBe(101);
    expect(await exportById(m, id)).toMatchObject({ transaction_type: 'AUTHORIZATION', amount: 5 });
    const capture = await api(m, '/v1/transactions/authorization/capture', { transaction_id: id, amount: '2.00' });
    expect(capture.body).toEqual({ success: true, response_code: 112, status_message: 'Your transaction was successfully captured.', transaction_id: id, external_transaction_id: '' });
    expect((await api(m, '/v1/transactions/authorization/capture', { transaction_id: id })).body.errors).toHaveProperty('816');
    expect(await exportById(m, id)).toMatchObject({ transaction_type: 'CAPTURE', amount: 2 });
  });

  it('exports a date range in merchant time, filtered by type', async () => {
    const range = { start_date: usDate(-1), end_date: usDate(1) };
    const all = await api(m, '/v1/transactions/export/by_date_range', range);
    expect(all.body).toMatchObject({ success: true, response_code: 1, status_message: 'Your request has been successfully completed.' });
    const types = new Set(all.body.transactions.map((t: any) => t.transaction_type));
    expect([...types].sort()).toEqual(['CAPTURE', 'REFUND', 'SALE', 'VOID']);
    const row = all.body.transactions[0];
    expect(row.created).toMatchObject({ through: 'API', at: expect.stringMatching(TIMESTAMP), by: m.username });
    expect(typeof row.amount).toBe('number');
    const refunds = await api(m, '/v1/transactions/export/by_date_range', { ...range, transaction_type: 'REFUND' });
    expect(refunds.body.transactions.map((t: any) => t.transaction_type)).toEqual(['REFUND']);
    const future = await api(m, '/v1/transactions/export/by_date_range', { start_date: usDate(2), end_date: usDate(3) });
    expect(future.body.transactions).toEqual([]);
  });

  it('exports batches and their transactions', async () => {
    const batch = await api(m, '/v1/batch/export', {});
    expect(batch.body.batches[0]).toMatchObject({ batch_number: expect.any(Number), when: expect.stringMatching(TIMESTAMP) });
    const transactions = await api(m, '/v1/batch/export_transactions', { batch_number: batch.body.batches[0].batch_number });
    expect(transactions.body.transactions.length).toBe(batch.body.batches[0].transaction_count);
  });

  it('adds Level 3 data to an unsettled Visa sale', async () => {
    const { transaction_id: id } = (await sale(m, '30.00')).body;
    const reply = await api(m, '/v1/level_three/visa', { transaction_id: id, line_items: [{ description: 'plumbing' }, { description: 'pipes' }] });
    expect(reply.body).toEqual({
      success: true,
      response_code: 170,
      status_message: `Visa/MasterCard enhanced data was successfully added to Transaction ID ${id}. 2 line item records were created.`,
    });
    expect((await api(m, '/v1/level_three/mastercard', { transaction_id: id })).status).toBe(400);
  });

  it('never stores a card number', async () => {
    for (const table of ['transactions', 'customers', 'hpf_tokens']) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM paytrace_sandbox.${table} t WHERE t::text LIKE '%4111111111111111%'`);
      expect(rows[0].n).toBe(0);
    }
  });
});

describe('vault and recurring payments', () => {
  let m: Merchant;
  beforeAll(async () => {
    m = await newMerchant();
  });

  it('creates a profile, refuses a duplicate and sells to it', async () => {
    const created = await api(m, '/v1/customer/create', { customer_id: 'customer456', credit_card: VISA, billing_address: BILLING });
    expect(created.body).toEqual({
      success: true,
      response_code: 160,
      status_message: 'The customer profile for customer456/Steve Smith was successfully created.',
      customer_id: 'customer456',
      masked_card_number: 'xxxxxxxxxxxx1111',
    });
    const duplicate = await api(m, '/v1/customer/create', { customer_id: 'customer456', credit_card: VISA });
    expect(duplicate.body.errors).toEqual({ '171': ['Please provide a unique customer ID.'] });

    const sold = await api(m, '/v1/transactions/sale/by_customer', { amount: '12.00', customer_id: 'customer456' });
    expect(sold.body).toMatchObject({ success: true, response_code: 101, masked_card_number: 'xxxxxxxxxxxx1111' });
    expect(await exportById(m, sold.body.transaction_id)).toMatchObject({ customer_id: 'customer456', billing_address: { zip: '85284' } });
    const missing = await api(m, '/v1/transactions/sale/by_customer', { amount: '12.00', customer_id: 'nobody' });
    expect(missing.body.errors).toEqual({ '30': ['Customer ID, nobody, was not found or is incomplete.'] });
    const exported = await api(m, '/v1/customer/export', { customer_id: 'customer456' });
    expect(exported.body.customers[0]).toMatchObject({ customer_id: 'customer456', credit_card: { masked_number: '************1111' } });
  });

  it('runs recurring sales when the sandbox clock is advanced', async () => {
    const created = await api(m, '/v1/recurrence/create', {
      customer_id: 'customer456',
      recurrence: { amount: '9.99', frequency: 'Monthly', start_date: usDate(1), total_count: 2, transaction_type: 'Sale', description: 'Plan' },
    });
    expect(created.status).toBe(200);
    const recurrenceId = created.body.recurrence.id;
    expect(created.body.recurrence).toMatchObject({ customer_id: 'customer456', amount: 9.99, frequency: '3', total_count: 2, current_count: 0 });

    const first = await admin('POST', `/merchants/${m.id}/clock/advance`, { days: 1 });
    expect(first.body.recurring_transaction_ids).toHaveLength(1);
    const second = await admin('POST', `/merchants/${m.id}/clock/advance`, { days: 31 });
    expect(second.body.recurring_transaction_ids).toHaveLength(1);
    expect((await admin('POST', `/merchants/${m.id}/clock/advance`, { days: 40 })).body.recurring_transaction_ids).toEqual([]);

    const expired = await api(m, '/v1/recurrence/export', { recurrence: { id: recurrenceId } });
    expect(expired.status).toBe(401); // the clock moved 72 days: the 2-hour token is long gone
    m.token = await login(m.username, m.password);
    const exported = await api(m, '/v1/recurrence/export', { recurrence: { id: recurrenceId } });
    expect(exported.body.recurrences[0]).toMatchObject({ current_count: 2, next_date: '' });
    const run = await exportById(m, first.body.recurring_transaction_ids[0]);
    expect(run).toMatchObject({ transaction_type: 'SALE', amount: 9.99, customer_id: 'customer456', description: 'Plan', created: { through: 'Recurring' } });
    expect(run.created.at).toMatch(/ 12:30:00 AM$/);
    const last = await api(m, '/v1/recurrence/export_approved', { customer_id: 'customer456' });
    expect(last.body).toMatchObject({ success: true, transaction_id: second.body.recurring_transaction_ids[0] });
  });
});

describe('vault maintenance and the real-time recurrence sweep', () => {
  it('renames, re-dates, copies from a transaction and deletes profiles', async () => {
    const m = await newMerchant();
    const { transaction_id: id } = (await sale(m, '3.00')).body;
    const copied = await api(m, '/v1/customer/create_from_transaction', { customer_id: 'from-sale', transaction_id: id });
    expect(copied.body).toMatchObject({ response_code: 160, customer_id: 'from-sale', masked_card_number: 'xxxxxxxxxxxx1111' });
    const updated = await api(m, '/v1/customer/update', { customer_id: 'from-sale', new_id: 'renamed', credit_card: { expiration_month: '1', expiration_year: '2040' } });
    expect(updated.body).toMatchObject({ response_code: 161, customer_id: 'renamed', masked_card_number: 'xxxxxxxxxxxx1111' });
    const exported = await api(m, '/v1/customer/export', { customer_id: 'renamed' });
    expect(exported.body.customers[0].credit_card).toEqual({ masked_number: '************1111', expiration_month: '01', expiration_year: '40' });
    const deleted = await api(m, '/v1/customer/delete', { customer_id: 'renamed' });
    expect(deleted.body).toMatchObject({ success: true, response_code: 162 });
    expect((await api(m, '/v1/customer/export', { customer_id: 'renamed' })).body.customers).toEqual([]);
  });

  it('runs due recurrences of every merchant as time passes', async () => {
    const m = await newMerchant();
    await api(m, '/v1/customer/create', { customer_id: 'daily', credit_card: VISA, billing_address: BILLING });
    const created = await api(m, '/v1/recurrence/create', {
      customer_id: 'daily',
      recurrence: { amount: '1.50', frequency: '6', start_date: usDate(1), total_count: 2 },
    });
    expect(created.body.recurrence.next_date).toBe(usDate(1));
    const threeDaysLater = { pool, clock: { now: () => new Date(Date.now() + 3 * 86_400_000) }, notify: () => undefined, random: Math.random };
    expect(await runAllDueRecurrences(threeDaysLater)).toHaveLength(2);
    expect(await runAllDueRecurrences(threeDaysLater)).toEqual([]);
    const runs = await api(m, '/v1/transactions/export/by_date_range', { start_date: usDate(1), end_date: usDate(2) });
    expect(runs.body.transactions.map((t: any) => [t.amount, t.created.through])).toEqual([
      [1.5, 'Recurring'],
      [1.5, 'Recurring'],
    ]);
  });
});

describe('checks', () => {
  it('processes, voids and refuses an early refund of a check', async () => {
    const m = await newMerchant();
    const account = { account_number: '123456', routing_number: '325070760' };
    const sold = await api(m, '/v1/checks/sale/by_account', { amount: '15.00', check: account, billing_address: BILLING });
    expect(sold.body).toEqual({ success: true, response_code: 120, status_message: 'Your check was successfully processed.', check_transaction_id: expect.any(Number) });
    const early = await api(m, '/v1/checks/refund/by_transaction', { check_transaction_id: sold.body.check_transaction_id });
    expect(Object.keys(early.body.errors)).toEqual(['80']);
    const voided = await api(m, '/v1/checks/manage/void', { check_transaction_id: sold.body.check_transaction_id });
    expect(voided.body).toMatchObject({ success: true, response_code: 124 });
    const refused = await api(m, '/v1/checks/sale/by_account', { amount: '0.29', check: account });
    expect(refused.body).toMatchObject({ success: false, response_code: 125, ach_code: 0 });
    const bad = await api(m, '/v1/checks/sale/by_account', { amount: '1.00', check: { account_number: 'x', routing_number: '1' } });
    expect(Object.keys(bad.body.errors)).toEqual(['45', '46']);
  });
});

describe('Protect.js checkout', () => {
  it('tokenizes a card on the sandbox page and sells with the single-use token', async () => {
    const m = await newMerchant();
    const { clientKey } = (await api(m, '/v1/payment_fields/token/create')).body;
    const page = await send('GET', `/checkout?client_key=${clientKey}&amount=19.99&return_url=${encodeURIComponent('https://settle.test/return')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Pay $19.99');
    expect(page.headers['content-security-policy']).toContain('form-action https://settle.test');

    const tokens = await send('POST', '/protect/tokenize', { json: { client_key: clientKey, credit_card: VISA, csc: '123' } });
    expect(tokens.body).toEqual({ hpf_token: expect.any(String), enc_key: expect.any(String) });
    const protectedSale = await api(m, '/v1/transactions/sale/pt_protect', { amount: '19.99', ...tokens.body, billing_address: BILLING });
    expect(protectedSale.body).toMatchObject({ success: true, response_code: 101, masked_card_number: 'xxxxxxxxxxxx1111' });
    const reused = await api(m, '/v1/transactions/sale/pt_protect', { amount: '19.99', ...tokens.body });
    expect(Object.keys(reused.body.errors)).toEqual(['830']);
    expect((await send('POST', '/protect/tokenize', { json: { client_key: 'nope', credit_card: VISA } })).status).toBe(401);
  });
});

describe('faults', () => {
  let m: Merchant;
  beforeAll(async () => {
    m = await newMerchant();
  });
  const setFaults = async (faults: Record<string, unknown>) => expect((await admin('PUT', `/merchants/${m.id}/faults`, faults)).status).toBe(200);

  it('answers 500 at error_rate 1 without processing the request', async () => {
    await setFaults({ error_rate: 1 });
    const reply = await sale(m, '1.00');
    expect(reply.status).toBe(500);
    await setFaults({});
    const exported = await api(m, '/v1/transactions/export/by_date_range', { start_date: usDate(-1), end_date: usDate(1) });
    expect(exported.body.transactions).toEqual([]);
  });

  it('storms invalid_token, rate-limits with 429 and truncates exports', async () => {
    await setFaults({ invalid_token_rate: 1 });
    const storm = await sale(m, '1.00');
    expect(storm.status).toBe(401);
    expect(storm.body.error).toBe('invalid_token');

    await setFaults({ rate_limit_rate: 1 });
    const limited = await sale(m, '1.00');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');

    await setFaults({});
    const { transaction_id: id } = (await sale(m, '1.00')).body;
    await setFaults({ truncated_export_rate: 1 });
    const truncated = await api(m, '/v1/transactions/export/by_id', { transaction_id: id });
    expect(truncated.status).toBe(200);
    expect(truncated.body).toBeUndefined();
    expect(truncated.text.length).toBeGreaterThan(10);
    await setFaults({ outage: true });
    expect((await send('POST', '/oauth/token', { form: { grant_type: 'password', username: m.username, password: m.password } })).status).toBe(503);
    await setFaults({});
  });

  it('loses the response of a processed sale at lost_response_rate 1', async () => {
    await setFaults({ lost_response_rate: 1 });
    expect((await sale(m, '3.33')).status).toBe(502);
    await setFaults({});
    const exported = await api(m, '/v1/transactions/export/by_date_range', { start_date: usDate(-1), end_date: usDate(1) });
    expect(exported.body.transactions.filter((t: any) => t.amount === 3.33)).toHaveLength(1);
  });

  it('refuses bad fault settings and callers without the admin key', async () => {
    const bad = await admin('PUT', `/merchants/${m.id}/faults`, { error_rate: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('error_rate');
    expect((await send('GET', `/admin/merchants/${m.id}`)).status).toBe(401);
  });
});

describe('chargebacks and notifications', () => {
  it('announces transaction changes and shows an admin chargeback in exports', async () => {
    const m = await newMerchant();
    expect((await admin('PUT', `/merchants/${m.id}/notification-url`, { url: listenerUrl })).status).toBe(200);
    const { transaction_id: id } = (await sale(m, '40.00')).body;
    expect((await admin('POST', `/merchants/${m.id}/chargebacks`, { transaction_id: id, reason: 'Fraud' })).status).toBe(409);
    await api(m, '/v1/transactions/settle');
    const chargeback = await admin('POST', `/merchants/${m.id}/chargebacks`, { transaction_id: id, amount: '25.00', reason: '10.4 Other Fraud' });
    expect(chargeback.status).toBe(201);
    expect(await exportById(m, chargeback.body.transaction_id)).toMatchObject({
      transaction_type: 'CHARGEBACK',
      amount: 25,
      status_message: '10.4 Other Fraud',
      invoice_id: 'INV-1',
      settled: expect.stringMatching(TIMESTAMP),
      created: { through: 'Processor' },
    });
    const refund = await api(m, '/v1/transactions/refund/for_transaction', { transaction_id: id });
    expect(refund.body.transaction_id).toBeDefined();
    expect(await exportById(m, refund.body.transaction_id)).toMatchObject({ amount: 15 });

    const expected = [
      { transaction_id: id, event: 'created', merchant: m.id },
      { transaction_id: id, event: 'settled', merchant: m.id },
      { transaction_id: chargeback.body.transaction_id, event: 'charged_back', original_transaction_id: id, merchant: m.id },
      { transaction_id: refund.body.transaction_id, event: 'refunded', original_transaction_id: id, merchant: m.id },
    ];
    await expect.poll(() => notifications.filter((n) => n.merchant === m.id).length, { timeout: 5_000 }).toBe(expected.length);
    expect(notifications.filter((n) => n.merchant === m.id)).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
  });
});
