/// <reference lib="dom" />
/**
 * The pipeline screens as a person uses them, in Debian's Chromium against the real app: a webhook
 * endpoint created in the portal (its secret read from the one-time dialog) receives signed partner
 * events, and the portal shows (a) an event with its timeline and Sage Pro effects, (b) a dead letter
 * (customer on credit hold) replayed from the Dead letters screen once the hold is lifted, and (c) a
 * manual review (no invoice matches) resolved by matching it to an invoice, with the API's field error
 * shown on the dialog's field first. Then: rotating the endpoint's secret (the previous one keeps
 * verifying); a Shopify endpoint created with the store's own signing secret (never shown back) and
 * rotated to the store's new one, with orders signed as Shopify signs them; an alert rule and a webhook
 * alert channel, and an integration created in the portal.
 * The tests run in order on one page and one tenant.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashLinesOf, freshInvoices, heldInvoices, type PipelineTenant, wireTenant } from '../pipeline/pipeline-harness.js';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let page: Page;
let baseUrl: string;
let tenant: PipelineTenant;
let endpoint: { url: string; secret: string };

const OWNER = { company: 'Juniper Hardware', email: 'owner@juniper.test', password: 'juniper-owner-pw' };
const INTEGRATION = 'Juniper card payments';

const gql = (query: string, variables?: Record<string, unknown>) => tenant.gql(query, variables);

/** "$1,234.50" for 123450 cents, as the portal shows USD in en-US (computed from the digits, no float). */
const usd = (cents: number) => `$${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ',')}.${String(cents % 100).padStart(2, '0')}`;

/** A PayTrace-like transaction id no other test run uses. */
const transactionId = () => String(randomInt(100_000_000, 999_999_999));

/** POSTs a Settle partner event to the endpoint, signed per Standard Webhooks with the secret from the dialog. */
async function deliver(type: string, data: Record<string, unknown>, to = endpoint) {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const at = new Date();
  const body = JSON.stringify({ type, data });
  const res = await fetch(to.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(to.secret).sign(id, at, body),
    },
    body,
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

const approved = (txn: string, invoiceNumber: string, cents: number, to = endpoint) =>
  deliver('payment.approved', {
    transaction_id: txn, amount: { minor: cents, currency: 'USD' }, occurred_at: new Date().toISOString(), invoice_number: invoiceNumber,
  }, to);

const menu = (name: string) => page.getByRole('menuitem', { name }).click();

/** The list's row mentioning `text` (react-admin DataTable rows). */
const row = (text: string) => page.locator('tbody tr', { hasText: text }).first();

/** Searches the Events list for a document number and opens the event once it is in `state`. */
async function openEvent(document: string, state: string) {
  await menu('Events');
  const search = page.locator('input[name="search"]');
  await search.fill(document);
  // The search is applied (debounced) through the URL: wait for it, or it could navigate back here later.
  await page.waitForURL((url) => (url.searchParams.get('filter') ?? '').includes(document));
  await row(document).locator(`[data-testid="event-state"][data-state="${state}"]`).waitFor({ timeout: 20_000 });
  await row(document).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}\/show$/);
}

/** The invoices the ARCASH lines under a reference pay. */
const invoicesPaidBy = async (reference: string) => (await cashLinesOf(tenant, reference)).map((line) => line.invno);

/** The state chip next to the event page's heading. */
const eventState = (state: string) => page.locator(`h1 + [data-testid="event-state"][data-state="${state}"]`);
const region = (name: string): Locator => page.getByRole('region', { name });

/** The cash receipt row of the event's Sage Pro effects. */
const cashReceipt = () => region('Sage Pro effects').locator('tbody tr', { hasText: 'Cash receipt' }).first();

/** The timeline's steps as text, in the order shown (collapsed detail rows are empty and left out). */
const stepsOf = (timeline: Locator) =>
  timeline.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent ?? '').filter(Boolean));

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC' });
  await signUpThroughPortal(page, baseUrl, OWNER);

  // The portal keeps its session in sessionStorage: the same owner sets the tenant up through GraphQL.
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('settle.session') ?? 'null'));
  tenant = await wireTenant(t, { token: session.token, tenantId: session.me.tenant.id }, { name: INTEGRATION });
}, 120_000);

afterAll(async () => {
  await tenant?.close();
  await browser?.close();
  await t?.close();
});

describe('pipeline screens', () => {
  it('creates a webhook endpoint and shows its URL and secret once', async () => {
    await menu('Webhook endpoints');
    await page.getByRole('combobox', { name: 'Integration' }).click();
    await page.getByRole('option', { name: INTEGRATION }).click();
    // Who signs with which secret, per format: the Shopify store's own (entered here), or one Settle issues.
    await page.getByRole('combobox', { name: 'Format' }).click();
    await page.getByRole('option', { name: 'Shopify orders (HMAC signed)' }).click();
    expect(await page.getByTestId('signing-note').textContent()).toContain('your store’s signing secret');
    await page.locator('input[name="signingSecret"]').waitFor();
    await page.getByRole('combobox', { name: 'Format' }).click();
    await page.getByRole('option', { name: 'Settle payment events (Standard Webhooks)' }).click();
    expect(await page.getByTestId('signing-note').textContent()).toContain('Standard Webhooks secret');
    await page.locator('input[name="signingSecret"]').waitFor({ state: 'detached' });
    await page.fill('input[name="name"]', 'Partner feed');
    await page.getByRole('button', { name: 'Create endpoint' }).click();

    const dialog = page.getByRole('dialog', { name: 'Webhook endpoint “Partner feed” created' });
    await dialog.waitFor();
    endpoint = {
      url: (await dialog.getByTestId('webhook-url').textContent())?.trim() ?? '',
      secret: (await dialog.getByTestId('webhook-secret').textContent())?.trim() ?? '',
    };
    expect(endpoint.url).toMatch(new RegExp(`^${baseUrl}/webhooks/we_[A-Za-z0-9_-]{32}$`));
    expect(endpoint.secret).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'I have stored the secret' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Listed with its URL and only the secret's last characters.
    await row('Partner feed').getByText(endpoint.url).waitFor();
    expect(await page.textContent('body')).not.toContain(endpoint.secret);
    await row('Partner feed').getByText(`…${endpoint.secret.slice(-4)}`).waitFor();
  });

  it('(a) lists a delivered payment and shows its timeline, effects and JSON', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    const txn = transactionId();
    await approved(txn, invoice.invno, invoice.cents);

    await openEvent(invoice.invno, 'done');
    await eventState('done').waitFor();
    await page.getByText(usd(invoice.cents)).first().waitFor(); // integer cents shown as money

    // The timeline: the steps in order, the matching rule, durations in ms.
    const timeline = region('Timeline');
    await timeline.locator('tbody tr').first().waitFor();
    const steps = await stepsOf(timeline);
    expect(steps.some((s) => s.includes('matched') && s.includes('invoice_number'))).toBe(true);
    expect(steps.every((s) => /\d+ ms/.test(s)), JSON.stringify(steps)).toBe(true);
    // A step expands to its detail (pretty JSON).
    await timeline.locator('tbody tr', { hasText: 'matched' }).first().click();
    const detail = page.getByLabel('Step detail').first();
    await detail.waitFor();
    expect(await detail.textContent()).toContain(`"invno": "${invoice.invno}"`);

    // Sage Pro effects: the cash receipt on the invoice.
    const receipt = cashReceipt();
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain(`PT${txn}`);
    expect(await receipt.textContent()).toContain(invoice.invno);
    expect(await receipt.textContent()).toContain(usd(invoice.cents));

    // The normalised event and the payload, pretty-printed.
    expect(await page.getByLabel('Normalised event').textContent()).toContain(`"transactionId": "${txn}"`);
    expect(await page.getByLabel('Payload').textContent()).toContain(`"invoice_number": "${invoice.invno}"`);
  });

  it('(b) replays a dead letter from the Dead letters screen once its cause is fixed', async () => {
    const [held] = await heldInvoices(tenant.company, 1);
    expect(held, 'the sandbox company has an open invoice of a customer on credit hold').toBeDefined();
    const txn = transactionId();
    await approved(txn, held.invno, held.cents);

    await menu('Dead letters');
    const letter = row(held.invno);
    await letter.getByText('credit_hold').waitFor({ timeout: 20_000 });
    expect(await letter.textContent()).toContain('arcust.credstat');
    expect(await letter.textContent()).toContain(usd(held.cents));

    // Lift the hold in Sage Pro, then replay that one dead letter.
    await tenant.company.query(`UPDATE pro01.arcust SET credstat = '' WHERE trim(custno) = $1`, [held.custno]);
    await letter.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('1 dead letter replayed').waitFor();
    await row(held.invno).waitFor({ state: 'detached' }); // no longer an open dead letter

    await openEvent(held.invno, 'done');
    await cashReceipt().getByText(`PT${txn}`).waitFor();
    const steps = await stepsOf(region('Timeline'));
    expect(steps.some((s) => s.includes('error'))).toBe(true); // the refused first attempt stays on the timeline
  });

  it('(c) resolves a manual review by matching the payment to an invoice', async () => {
    const [, invoice] = await freshInvoices(tenant, 2);
    const txn = transactionId();
    const document = `NX${txn.slice(-6)}`; // matches no invoice, order or PO
    await approved(txn, document, invoice.cents);

    await menu('Manual review');
    const review = row(document);
    await review.waitFor({ timeout: 20_000 });
    expect(await review.textContent()).toContain('No open invoice matches');
    expect(await review.textContent()).toContain(usd(invoice.cents));

    await review.getByRole('button', { name: 'Match to invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Match to an invoice' });
    // The API's BAD_USER_INPUT is shown on the field it names.
    await dialog.locator('input[name="invno"]').fill('12345678901');
    await dialog.getByRole('button', { name: 'Match' }).click();
    await dialog.getByText('must be at most 10 characters').waitFor();

    await dialog.locator('input[name="invno"]').fill(invoice.invno);
    await dialog.getByRole('button', { name: 'Match' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(document).waitFor({ state: 'detached' }); // no longer open

    await openEvent(document, 'done');
    const receipt = cashReceipt();
    await receipt.getByText(`PT${txn}`).waitFor();
    expect(await receipt.textContent()).toContain(invoice.invno);
    expect(await invoicesPaidBy(`PT${txn}`)).toEqual([invoice.invno]);
  });

  it('(d) replays the selected dead letters, then every open one of the integration chosen, and none of another', async () => {
    // A second integration on the same Sage Pro company, fed by a partner endpoint of its own.
    const { createIntegration: other } = await gql('mutation($s: ID!) { createIntegration(input: { name: "Juniper web store", sageProConnectionId: $s }) { id } }', { s: tenant.sageProConnectionId });
    const { createWebhookEndpoint: created } = await gql(
      'mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "Web store feed" }) { url secret } }',
      { i: other.id },
    );
    const invoices = await freshInvoices(tenant, 4);
    const custnos = [...new Set(invoices.map((invoice) => invoice.custno))];
    const txns = invoices.map(() => transactionId());
    await tenant.company.query(`UPDATE pro01.arcust SET credstat = 'H' WHERE trim(custno) = ANY($1)`, [custnos]);
    try {
      for (const [i, invoice] of invoices.entries()) await approved(txns[i], invoice.invno, invoice.cents, i === 3 ? created : endpoint);
      await menu('Dead letters');
      for (const invoice of invoices) await row(invoice.invno).getByText('credit_hold').waitFor({ timeout: 20_000 });
    } finally {
      await tenant.company.query(`UPDATE pro01.arcust SET credstat = '' WHERE trim(custno) = ANY($1)`, [custnos]);
    }

    for (const invoice of invoices.slice(0, 2)) await row(invoice.invno).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Replay selected' }).click();
    await page.getByText('2 dead letters replayed').waitFor();
    for (const invoice of invoices.slice(0, 2)) await row(invoice.invno).waitFor({ state: 'detached' });

    await page.getByRole('combobox', { name: 'Integration' }).click();
    await page.getByRole('option', { name: INTEGRATION }).click();
    await row(invoices[3].invno).waitFor({ state: 'detached' }); // the other integration's is filtered out
    await page.getByRole('button', { name: 'Replay all' }).click();
    const confirm = page.getByRole('dialog', { name: `Replay every open dead letter of ${INTEGRATION}?` });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('1 dead letter replayed').waitFor();
    await row(invoices[2].invno).waitFor({ state: 'detached' });

    for (const [i, invoice] of invoices.slice(0, 3).entries()) {
      await eventually(async () => expect(await invoicesPaidBy(`PT${txns[i]}`)).toEqual([invoice.invno]), 20_000);
    }
    const { deadLetters } = await gql('{ deadLetters(first: 100) { nodes { event { documentNumber } } } }');
    const stillOpen = deadLetters.nodes.map((n: { event: { documentNumber: string } }) => n.event.documentNumber);
    expect(invoices.filter((invoice) => stillOpen.includes(invoice.invno)).map((invoice) => invoice.invno)).toEqual([invoices[3].invno]);
    expect(await invoicesPaidBy(`PT${txns[3]}`)).toEqual([]);

    // Back to every integration: the other one's dead letter is there, and goes on its own.
    await page.getByRole('combobox', { name: 'Integration' }).click();
    await page.getByRole('listbox').getByText('All integrations').click(); // its accessible name is react-admin's "Clear value"
    await row(invoices[3].invno).getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('1 dead letter replayed').waitFor();
    await eventually(async () => expect(await invoicesPaidBy(`PT${txns[3]}`)).toEqual([invoices[3].invno]), 20_000);
  });

  it('(e) posts a payment that matches no invoice on account of the customer named', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    const txn = transactionId();
    const document = `NA${txn.slice(-6)}`; // matches no invoice, order or PO
    await approved(txn, document, 12_34);

    await menu('Manual review');
    const review = row(document);
    await review.waitFor({ timeout: 20_000 });
    await review.getByRole('button', { name: 'Post on account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Post on account' });
    await dialog.locator('input[name="custno"]').fill(invoice.custno);
    await dialog.getByRole('button', { name: 'Post on account' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(document).waitFor({ state: 'detached' }); // no longer open

    await openEvent(document, 'done');
    await region('Sage Pro effects').locator('tbody tr', { hasText: 'Payment on account' }).getByText(`PT${txn}`).waitFor();
    expect(await cashLinesOf(tenant, `PT${txn}`)).toEqual([{ invno: expect.any(String), custno: invoice.custno, cents: 12_34 }]);
  });

  it('rotates the endpoint secret: the new one is shown once and the previous one keeps verifying', async () => {
    await menu('Webhook endpoints');
    await row('Partner feed').getByRole('button', { name: 'Rotate the secret of Partner feed' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    const dialog = page.getByRole('dialog', { name: 'New secret for “Partner feed”' });
    await dialog.waitFor();
    const secret = (await dialog.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);
    expect(await dialog.getByTestId('previous-secret-expiry').textContent()).toMatch(/The previous secret keeps working until .*\d/);
    await dialog.getByRole('button', { name: 'I have stored the secret' }).click();
    await row('Partner feed').getByText(`…${secret.slice(-4)}`).waitFor();

    const settled = () => deliver('payment.settled', { transaction_id: transactionId(), amount: { minor: 100, currency: 'USD' }, occurred_at: new Date().toISOString() });
    await settled(); // signed with the previous secret, within its grace period
    endpoint = { ...endpoint, secret };
    await settled();
  });

  it("creates a Shopify endpoint with the store's signing secret, and rotates it to the store's new one", async () => {
    const storeKey = randomBytes(32).toString('hex'); // as Shopify admin shows it
    const { rows: stock } = await tenant.company.query(
      `SELECT trim(l.item) AS item, round(i.price * 100)::int AS cents FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
        WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 5 ORDER BY l.item LIMIT 1`,
    );
    expect(stock).toHaveLength(1);
    /** An orders/create body signed as Shopify signs it: base64 HMAC-SHA256 of the raw body. */
    const deliverOrder = async (url: string, secret: string) => {
      const id = randomInt(100_000_000, 999_999_999);
      const price = `${Math.trunc(stock[0].cents / 100)}.${String(stock[0].cents % 100).padStart(2, '0')}`;
      const body = JSON.stringify({
        id, name: `#B${id}`, created_at: new Date().toISOString(), currency: 'USD', total_price: price, email: 'buyer@juniper.test',
        customer: { first_name: 'Bea', last_name: 'Buyer', email: 'buyer@juniper.test', phone: null },
        billing_address: { address1: '1 Juniper Way', address2: null, city: 'Portland', province_code: 'OR', zip: '97201', country_code: 'US', company: null },
        shipping_address: null, line_items: [{ sku: stock[0].item, title: 'Stocked item', quantity: 1, price }],
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64') },
        body,
      });
      return res.status;
    };

    await menu('Webhook endpoints');
    await page.getByRole('combobox', { name: 'Integration' }).click();
    await page.getByRole('option', { name: INTEGRATION }).click();
    await page.getByRole('combobox', { name: 'Format' }).click();
    await page.getByRole('option', { name: 'Shopify orders (HMAC signed)' }).click();
    await page.fill('input[name="name"]', 'Shop orders');
    await page.getByText('Shopify admin → Settings → Notifications → Webhooks').first().waitFor(); // where to find it
    await page.fill('input[name="signingSecret"]', 'too-short');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByText('must be at least 16 characters').waitFor(); // the API's error, on the field it names
    await page.fill('input[name="signingSecret"]', `${storeKey} `); // a paste's trailing space is dropped
    await page.getByRole('button', { name: 'Create endpoint' }).click();

    const dialog = page.getByRole('dialog', { name: 'Webhook endpoint “Shop orders” created' });
    await dialog.waitFor();
    const url = (await dialog.getByTestId('webhook-url').textContent())?.trim() ?? '';
    expect(url).toMatch(new RegExp(`^${baseUrl}/webhooks/we_[A-Za-z0-9_-]{32}$`));
    expect(await dialog.getByTestId('webhook-secret').count()).toBe(0); // the store's secret is never shown back
    await dialog.getByRole('button', { name: 'Done' }).click();
    await row('Shop orders').getByText(`…${storeKey.slice(-4)}`).waitFor();
    expect(await page.textContent('body')).not.toContain(storeKey);
    expect(await deliverOrder(url, storeKey)).toBe(202);
    expect(await deliverOrder(url, randomBytes(32).toString('hex'))).toBe(401);

    const newKey = randomBytes(32).toString('hex');
    await row('Shop orders').getByRole('button', { name: 'Rotate the secret of Shop orders' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the signing secret of “Shop orders”' });
    await rotate.locator('input[name="signingSecret"]').fill(newKey);
    await rotate.getByRole('button', { name: 'Rotate', exact: true }).click();
    await page.getByText(/Signing secret replaced\. The previous one keeps working until .*\d/).waitFor();
    await rotate.waitFor({ state: 'detached' });
    await row('Shop orders').getByText(`…${newKey.slice(-4)}`).waitFor();
    expect(await page.textContent('body')).not.toContain(newKey);
    expect(await deliverOrder(url, newKey)).toBe(202);
    expect(await deliverOrder(url, storeKey)).toBe(202); // the previous secret, within its grace period
  });

  it('saves an alert rule and adds a webhook channel whose secret is shown once', async () => {
    await menu('Alerts');
    const rule = page.getByRole('group', { name: 'Manual review waiting rule' });
    await rule.locator('input[name="waitMinutes"]').fill('30');
    await rule.getByLabel('Enabled').check();
    await rule.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Manual review waiting rule saved').waitFor();
    const { alertRules } = await gql('{ alertRules { kind enabled waitMinutes } }');
    expect(alertRules).toEqual([{ kind: 'manual_review_waiting', enabled: true, waitMinutes: 30 }]);

    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Webhook (Slack-compatible)' }).click();
    await page.fill('input[name="name"]', 'Ops Slack');
    await page.fill('input[name="target"]', 'https://hooks.slack.test/services/T000/B000/XYZW');
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Webhook channel “Ops Slack” created' });
    const secret = (await dialog.getByTestId('alert-channel-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'I have stored the secret' }).click();
    // Listed with its URL shown only in part (the path is a credential), and the secret gone.
    await row('Ops Slack').getByText('https://hooks.slack.test/…XYZW').waitFor();
    expect(await page.textContent('body')).not.toContain(secret);
  });

  it('creates an integration, with the API error shown on the field it names', async () => {
    await menu('Integrations');
    await row(INTEGRATION).getByText('PayTrace sandbox').waitFor(); // connections named through ReferenceField
    await page.getByRole('link', { name: 'New integration' }).click();
    await page.fill('input[name="name"]', 'Second store');
    await page.getByRole('combobox', { name: 'PayTrace connection' }).click();
    await page.getByRole('option', { name: 'PayTrace sandbox' }).click();
    await page.getByRole('combobox', { name: /Sage Pro connection/ }).click();
    await page.getByRole('option', { name: 'Sage Pro sandbox' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    // That PayTrace account already feeds the first integration.
    await page.getByText(`is already paired in the integration "${INTEGRATION}"`).waitFor();

    await page.getByRole('combobox', { name: 'PayTrace connection' }).click();
    await page.getByRole('option', { name: 'Clear value' }).click(); // the empty choice, shown as “Not paired yet”
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/integrations\/[0-9a-f-]{36}$/);
    const { integrations } = await gql('{ integrations(first: 10) { nodes { name payTraceConnectionId matchWindowDays orderLocation } } }');
    expect(integrations.nodes).toContainEqual({ name: 'Second store', payTraceConnectionId: null, matchWindowDays: 7, orderLocation: 'MAIN' });
  });
});
