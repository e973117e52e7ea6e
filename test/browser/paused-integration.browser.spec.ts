/// <reference lib="dom" />
/**
 * Pausing and deleting an integration in the portal, in Debian's Chromium against the real app: the
 * pause confirmation says how many events will wait; a card payment taken meanwhile is held (Paused);
 * deleting the integration then asks what to do with it, and "Discard them and delete" does so.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReaches, eventsOf, freshInvoices, type PipelineTenant, wireTenant } from '../pipeline/pipeline-harness.js';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let page: Page;
let tenant: PipelineTenant;

const OWNER = { company: 'Quarry Pause', email: 'owner@quarrypause.test', password: 'quarry-owner-pw' };
const INTEGRATION = 'Quarry card payments';

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200' });
  const baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC' });
  await signUpThroughPortal(page, baseUrl, OWNER);
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('settle.session') ?? 'null'));
  tenant = await wireTenant(t, { token: session.token, tenantId: session.me.tenant.id }, { name: INTEGRATION });
}, 120_000);

afterAll(async () => {
  await tenant?.close();
  await browser?.close();
  await t?.close();
});

const openIntegration = async () => {
  await page.getByRole('menuitem', { name: 'Integrations' }).click();
  await page.locator('tbody tr', { hasText: INTEGRATION }).first().click();
  await page.waitForURL(/\/integrations\/[0-9a-f-]{36}$/);
};

describe('a paused integration in the portal', () => {
  it('pausing says how many events will wait; deleting with a held payment asks, and Discard deletes', { timeout: 90_000 }, async () => {
    await openIntegration();
    await page.getByLabel('Enabled').uncheck();
    await page.getByRole('button', { name: 'Save and pause' }).click();
    const pause = page.getByRole('dialog', { name: `Pause the integration “${INTEGRATION}”?` });
    expect(await pause.textContent()).toContain('0 events are waiting; new payments will wait until you resume');
    await pause.getByRole('button', { name: 'Pause' }).click();
    await eventually(async () => expect((await tenant.gql('query($id: ID!) { integration(id: $id) { enabled } }', { id: tenant.integrationId })).integration.enabled).toBe(false), 10_000);

    const [invoice] = await freshInvoices(tenant, 1);
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    const held = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'paused');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: `Delete the integration “${INTEGRATION}”?` }).getByRole('button', { name: 'Confirm' }).click();
    const ask = page.getByTestId('held-events-dialog');
    await ask.getByText('1 event is held while the integration is paused').waitFor();
    await ask.getByRole('button', { name: 'Discard them and delete' }).click();
    await page.waitForURL(/\/integrations$/);
    const [event] = await eventsOf(tenant, 'id = $2', [held.id]);
    expect(event).toMatchObject({ state: 'ignored', outcome: { discarded: 'integration deleted' } });
  });
});
