/// <reference lib="dom" />
/**
 * The demo tenant as a newcomer meets it, in Debian's Chromium against the real app: a buyer pays an
 * open Sage Pro invoice in the demo shop at the PayTrace sandbox checkout page (the card goes to the
 * sandbox only), and the demo user sees the cash receipt land in the portal's Sage Pro viewer (the
 * sandbox company's Receipts). A payment for a customer on credit hold becomes a dead letter; once the
 * hold is lifted in Sage Pro it is replayed from the portal's Dead letters screen and lands too.
 * The traffic generator stays off (DemoSetup.ensure wires without it), so every payment is the test's.
 */
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSetup } from '../../backend/src/demo/demo-setup.service.js';
import type { DemoTenant } from '../../backend/src/demo/demo-tenant.js';
import { DemoTraffic } from '../../backend/src/demo/demo-traffic.service.js';
import { DEMO_NAMES } from '../../backend/src/demo/demo-tenant.js';
import { DEMO_OWNER_EMAIL, DEMO_TENANT_ID, seed } from '../../backend/src/platform/database/seed.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { heldInvoices } from '../pipeline/pipeline-harness.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DEMO_PASSWORD = 'demo-browser-password';
const CARD = '4111111111111111';

let t: TestApp;
let browser: Browser;
let page: Page;
let baseUrl: string;
let demo: DemoTenant;
let company: pg.Pool;
let db: pg.Pool;

/** "$1,234.50" for 123450 cents, from the digits. */
const usd = (cents: number) => `$${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ',')}.${String(cents % 100).padStart(2, '0')}`;

/** On the PayTrace sandbox checkout page: the card, then Pay; answers the transaction id the shop shows. */
async function payAtCheckout(cents: number): Promise<string> {
  await page.waitForURL((url) => url.pathname === '/sandbox/paytrace/checkout');
  expect(await page.title()).toContain('(PayTrace sandbox)');
  await page.getByRole('heading', { name: `Pay ${usd(cents)}` }).waitFor();
  await page.getByLabel('Card number').fill(CARD);
  await page.getByLabel('Month').fill('12');
  await page.getByLabel('Year').fill('2035');
  await page.getByLabel('CSC').fill('999');
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/demo/shop/paid/'));
  const body = (await page.textContent('body')) ?? '';
  expect(body).not.toContain(CARD); // the shop (Settle's side) only ever saw the token pair
  return ((await page.getByTestId('transaction-id').textContent()) ?? '').trim();
}

/** The demo user's Sage Pro connection page, Receipts tab of the sandbox company viewer. */
async function openReceipts(): Promise<void> {
  await page.getByRole('menuitem', { name: 'Connections' }).click();
  await page.locator('tbody tr', { hasText: DEMO_NAMES.sagePro }).first().click();
  await page.waitForURL(/\/connections\/sagepro\/[0-9a-f-]{36}$/);
  const viewer = page.getByRole('region', { name: 'Sandbox company' });
  await viewer.getByRole('tab', { name: 'Receipts' }).click();
}

/** The Receipts table's row of a reference, once the 5 s refresh has brought it. */
const receiptRow = (reference: string) =>
  page.locator('[data-testid="sagepro-view"][data-view="receipts"] tbody tr', { hasText: reference }).first();

beforeAll(async () => {
  t = await startTestApp({
    DEMO: 'on', SEED: 'on', SANDBOXES: 'on', DEMO_PASSWORD,
    PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2',
  });
  baseUrl = await t.listen();
  await seed(t.db.adminUrl, DEMO_PASSWORD); // what `npm start` does before the app is built
  demo = (await t.app.get(DemoSetup).ensure())!;
  expect(demo).toBeTruthy();
  expect(t.app.get(DemoTraffic).running).toBe(false);
  db = new pg.Pool({ connectionString: t.db.adminUrl, max: 2 });
  company = new pg.Pool({ connectionString: withDatabase(t.db.adminUrl, sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, DEMO_TENANT_ID)), max: 2 });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC' });
}, 120_000);

afterAll(async () => {
  await company?.end();
  await db?.end();
  await browser?.close();
  await t?.close();
});

describe('the demo tenant in the browser', () => {
  it('follows a payment from the PayTrace sandbox checkout page to its receipt in the Sage Pro viewer', async () => {
    await page.goto(`${baseUrl}/demo/shop`);
    const offered = page.locator('tr[data-invno]').first();
    const invno = (await offered.getAttribute('data-invno'))!;
    const { rows } = await company.query<{ cents: number }>('SELECT round(balance * 100)::int AS cents FROM pro01.armast WHERE trim(invno) = $1', [invno]);
    const cents = rows[0].cents;
    expect(await offered.textContent()).toContain(usd(cents));
    await offered.getByRole('link', { name: `Pay invoice ${invno}` }).click();

    const txn = await payAtCheckout(cents);
    expect(txn).toMatch(/^\d+$/);
    await page.getByRole('heading', { name: `Paid ${usd(cents)} on invoice ${invno}` }).waitFor();

    // The shop's link leads to the demo's Sage Pro connection in the portal, behind the printed login.
    await page.getByRole('link', { name: 'Watch it land in the Sage Pro company' }).click();
    await page.fill('input[name="email"]', DEMO_OWNER_EMAIL);
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('menuitem', { name: 'Events' }).waitFor();

    await openReceipts();
    const receipt = receiptRow(`PT${txn}`);
    await receipt.waitFor({ timeout: 30_000 });
    expect(await receipt.textContent()).toContain(invno);
    expect(await receipt.textContent()).toContain(usd(cents));

    // Exactly one ARCASH line in Sage Pro, and no card number anywhere in what Settle stored.
    const { rows: cash } = await company.query('SELECT trim(invno) AS invno FROM pro01.arcash WHERE trim(refno) = $1', [`PT${txn}`]);
    expect(cash).toEqual([{ invno }]);
    const { rows: leaked } = await db.query(
      `SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 AND (payload::text LIKE $2 OR event::text LIKE $2)`,
      [DEMO_TENANT_ID, `%${CARD}%`],
    );
    expect(leaked[0].n).toBe(0);
  });

  it('replays a dead letter from the portal once its cause is fixed in Sage Pro', async () => {
    const [held] = await heldInvoices(company, 1);
    expect(held, 'the demo company has an open invoice of a customer on credit hold').toBeDefined();
    await page.goto(`${baseUrl}/demo/shop/pay/${held.invno}`);
    const txn = await payAtCheckout(held.cents);

    await page.goto(`${baseUrl}/deadLetters`); // the portal keeps the session of the first test's sign-in
    const letter = page.locator('tbody tr', { hasText: held.invno }).first();
    await letter.getByText('credit_hold').waitFor({ timeout: 30_000 });
    expect(await letter.textContent()).toContain(usd(held.cents));

    // A Sage Pro user lifts the hold; the dead letter is replayed from the portal and lands.
    await company.query(`UPDATE pro01.arcust SET credstat = '' WHERE trim(custno) = $1`, [held.custno]);
    await letter.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('1 dead letter replayed').waitFor();
    await page.locator('tbody tr', { hasText: held.invno }).first().waitFor({ state: 'detached' });

    await openReceipts();
    const receipt = receiptRow(`PT${txn}`);
    await receipt.waitFor({ timeout: 30_000 });
    expect(await receipt.textContent()).toContain(held.invno);
  });
});
