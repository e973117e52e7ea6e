/**
 * The Exchange rates screen, in Debian's Chromium against the real app: a finance admin adds a rate by
 * hand (a bad rate refused naming the field), imports an ECB-style file (the counts shown), has a file
 * with wrong lines refused naming each line (nothing stored), and filters the list by currency and date.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let page: Page;

const OWNER = { company: 'Quayside Rates Ltd', email: 'owner@quayside-rates.test', password: 'quayside-owner-pw' };

beforeAll(async () => {
  t = await startTestApp();
  const baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
  await signUpThroughPortal(page, baseUrl, OWNER);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('exchange rates', () => {
  it('adds a rate by hand, imports an ECB file, refuses a file with wrong lines naming each, and filters', async () => {
    await page.getByRole('menuitem', { name: 'Exchange rates' }).click();
    await page.getByText('No rates match').waitFor();

    const add = page.getByRole('form', { name: 'Add a rate' });
    await add.getByLabel('Date').fill('2026-12-01');
    await add.getByLabel('From').fill('eur');
    await add.getByLabel('To').fill('USD');
    await add.getByLabel('Rate').fill('1,08');
    await add.getByRole('button', { name: 'Add rate' }).click();
    expect(await add.getByRole('alert').textContent()).toMatch(/rate/);
    await add.getByLabel('Rate').fill('1.0845');
    await add.getByRole('button', { name: 'Add rate' }).click();
    const rates = page.getByRole('table', { name: 'Exchange rates' });
    await rates.getByTestId('rate-2026-12-01-EUR-USD').waitFor();
    expect(await rates.getByTestId('rate-2026-12-01-EUR-USD').textContent()).toBe('2026-12-01EURUSD1.0845typed in');

    const importForm = page.getByRole('form', { name: 'Import a CSV file' });
    const upload = (name: string, text: string) => importForm.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    // ECB's wide shape: one row per day, rates against EUR, N/A where a currency has none.
    await upload('eurofxref.csv', ['Date,USD,JPY,GBP', '2026-12-02,1.0850,162.45,N/A', '2026-12-01,1.0846,162.40,0.8571', ''].join('\n'));
    await importForm.getByRole('button', { name: 'Import' }).click();
    const imported = page.getByTestId('import-result');
    await imported.waitFor();
    expect(await imported.textContent()).toContain('Imported 5 rates dated 2026-12-01 to 2026-12-02: 4 new, 1 changed, 0 already stored.');
    await expect.poll(() => rates.getByTestId('rate-2026-12-01-EUR-USD').textContent(), { timeout: 10_000 }).toBe('2026-12-01EURUSD1.0846CSV import');
    expect(await rates.getByTestId('rate-2026-12-02-EUR-JPY').textContent()).toContain('162.45');

    // All or nothing: every wrong line is named with its reason, and nothing is stored.
    await upload('bad.csv', ['date,base,quote,rate', '2026-12-03,EUR,USD,1.0900', '2026-13-01,EUR,USD,1.1', '2026-12-03,EUR,CHF,abc', ''].join('\n'));
    await importForm.getByRole('button', { name: 'Import' }).click();
    const refused = page.getByTestId('import-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('nothing was imported');
    const reasons = await refused.getByRole('listitem').allTextContents();
    expect(reasons.map(r => r.slice(0, 7))).toEqual(['line 3,', 'line 4,']);
    expect(await rates.getByTestId('rate-2026-12-03-EUR-USD').count()).toBe(0);

    const filters = page.getByRole('search', { name: 'Filter exchange rates' });
    await filters.getByLabel('To currency').fill('jpy');
    await filters.getByLabel('Dated from').fill('2026-12-02');
    await filters.getByLabel('To currency').press('Enter');
    await expect.poll(() => rates.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    expect(await rates.locator('tbody tr').first().textContent()).toBe('2026-12-02EURJPY162.45CSV import');
    await filters.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rates.locator('tbody tr').count(), { timeout: 10_000 }).toBe(5);
  });
});
