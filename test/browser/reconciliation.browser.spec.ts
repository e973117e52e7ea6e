/**
 * Reconciliation in Debian's Chromium against the real app: a finance admin whose pair has synced
 * two PayTrace sales (one of whose receipts was since lost in Sage Pro) opens Reconciliation, runs it
 * for this month, lands on the report (one item needs a look), reads the totals, narrows the items to
 * the missing one and reads its sentence. Screenshots at 1280×800 and at 390 px.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReaches, type PipelineTenant, wireTenant } from '../pipeline/pipeline-harness.js';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SCREENSHOTS = join(process.cwd(), '.data', 'test-output', 'screenshots');
const OWNER = { company: 'Tally Works Ltd', email: `owner-${Date.now()}n1@tally-works.test`, password: 'tally-owner-pw', name: 'Tess Tally' };

let t: TestApp;
let browser: Browser;
let page: Page;
let tenant: PipelineTenant;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200' });
  const baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  await signUpThroughPortal(page, baseUrl, OWNER);
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('settle.session')!) as { token: string; me: { tenant: { id: string } } });
  tenant = await wireTenant(t, { token: session.token, tenantId: session.me.tenant.id }, { name: 'Tally sync' });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await tenant?.close();
  await browser?.close();
  await t?.close();
});

describe('reconciliation', () => {
  it('runs for a pair, shows the totals and the one item that needs a look, in its own words', async () => {
    const { rows: invoices } = await tenant.company.query<{ invno: string; cents: number }>(
      `SELECT trim(a.invno) AS invno, round(a.balance * 100)::int AS cents FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno
        WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 1 AND trim(a.refno) = '' AND c.lckstat = '' AND c.credstat <> 'H'
          AND trim(coalesce(a.currid, '')) IN ('', 'USD') ORDER BY a.invno LIMIT 2`,
    );
    const sales = [];
    for (const invoice of invoices) sales.push(await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno }));
    await tenant.poll();
    for (const sale of sales) await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    await tenant.company.query('DELETE FROM pro01.arcash WHERE trim(refno) = $1', [`PT${sales[1].transactionId}`]);

    await page.getByRole('menuitem', { name: 'Reconciliation' }).click();
    await page.getByText('None yet.').waitFor();
    // A week back, so that the sales' day (in the merchant's zone) is in the range even on the 1st.
    await page.getByLabel('From').fill(new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Reconcile' }).click();
    await page.waitForURL(/\/reconciliation\/[0-9a-f-]{36}$/);
    await page.getByTestId('report-verdict').waitFor();
    expect(await page.getByTestId('report-verdict').textContent()).toMatch(/^1 of \d+ items need a look\.$/);
    expect(await page.getByTestId('total-missing_in_sage').textContent()).toContain((invoices[1].cents / 100).toFixed(2));

    await page.getByRole('group', { name: 'Show the items of' }).getByRole('button', { name: 'Missing in Sage Pro (1)' }).click();
    await expect.poll(() => page.getByTestId('reconciliation-item').count()).toBe(1);
    const item = page.getByTestId('reconciliation-item');
    expect(await item.textContent()).toContain(`Sale ${sales[1].transactionId}`);
    expect(await item.textContent()).toContain('Sage Pro has no receipt for it.');
    expect(await item.textContent()).toContain('fix: send it through the pipeline');
    await page.screenshot({ path: join(SCREENSHOTS, 'reconciliation-1280x800.png') });

    // The list of reports names this one; on a phone the report reads top to bottom, nothing wider than the screen.
    await page.getByRole('link', { name: '← All reports' }).click();
    await page.getByRole('table', { name: 'Reconciliation reports' }).waitFor();
    expect(await page.getByRole('table', { name: 'Reconciliation reports' }).getByRole('row').count()).toBe(2);
    await page.getByRole('table', { name: 'Reconciliation reports' }).getByRole('link').click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('report-verdict').waitFor();
    await page.getByTestId('reconciliation-item').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'reconciliation-390.png'), fullPage: true });
  }, 60_000);
});
