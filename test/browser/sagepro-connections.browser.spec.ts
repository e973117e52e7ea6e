/// <reference lib="dom" />
/**
 * Sage Pro on the Connections screen as a person uses it, in Debian's Chromium against the real app:
 * connect the built-in Sage Pro sandbox with one click, test the connection, and look at the sandbox
 * company's open invoices (document numbers Sage Pro keeps right-justified are shown trimmed).
 */
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let baseUrl: string;

const OWNER = { company: 'Cedar Mill Supply', email: 'owner@cedarmill.test', password: 'cedar-owner-pw' };

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.listen();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signUp = (page: Page) => signUpThroughPortal(page, baseUrl, OWNER);

/** The sandbox viewer's table as text: header labels, raw column names, and the rows' cell texts. */
const readView = (page: Page) =>
  page.getByTestId('sagepro-view').evaluate((table) => ({
    view: table.getAttribute('data-view'),
    columns: [...table.querySelectorAll('thead th')].map((th) => th.getAttribute('title') ?? ''),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    aligns: [...table.querySelectorAll('tbody tr:first-child td')].map((td) => getComputedStyle(td).textAlign),
  }));

describe('Sage Pro connections', () => {
  it('connects the sandbox in one click, tests it, and shows its open invoices', async () => {
    const page = await browser.newPage();
    await signUp(page);

    await page.getByRole('menuitem', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Sage Pro', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Connect Sage Pro sandbox' }).click();
    await page.waitForURL(/\/connections\/sagepro\/[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('sagepro-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status'), (await result.textContent()) ?? '').toBe('ok');
    await result.getByText('ok', { exact: true }).waitFor(); // the status as shown
    expect(await result.textContent()).toMatch(/\d+ ms/); // and how long it took

    await page.getByRole('tab', { name: 'Open invoices' }).click();
    await page.locator('[data-testid="sagepro-view"][data-view="open_invoices"] tbody tr td').first().waitFor();
    const table = await readView(page);
    expect(table.view).toBe('open_invoices');
    expect(table.columns).toEqual(expect.arrayContaining(['invno', 'custno', 'amount', 'balance']));
    expect(table.rows.length).toBeGreaterThan(0);

    // Sage Pro stores invoice numbers right-justified ('      1001'): shown trimmed, aligned right.
    const invno = table.columns.indexOf('invno');
    const numbers = table.rows.map((row) => row[invno]);
    for (const n of numbers) expect(n).toMatch(/^\d+$/);
    expect(table.aligns[invno]).toBe('right');
    await page.getByTestId('sagepro-view').getByRole('cell', { name: numbers[0], exact: true }).first().waitFor();

    // Money (integer cents) is shown as an amount with two decimals, never as raw cents.
    const balance = table.columns.indexOf('balance');
    for (const row of table.rows) expect(row[balance]).toMatch(/^-?\D*[\d,]+\.\d{2}$/);

    // The list shows the new connection in the Sage Pro section.
    await page.getByRole('menuitem', { name: 'Connections' }).click();
    await page.getByText('Sage Pro sandbox', { exact: true }).first().waitFor();
    await page.close();
  });

  it("offers the company's own chart of accounts for the posting accounts a connection lacks", async () => {
    const page = await browser.newPage();
    await signUpThroughPortal(page, baseUrl, { company: 'Birch Ledger Co', email: 'owner@birchledger.test', password: 'birch-owner-pw' });
    await page.getByRole('menuitem', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Connect Sage Pro sandbox' }).click();
    await page.waitForURL(/\/connections\/sagepro\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const posting = page.getByRole('heading', { name: 'Posting' });
    await posting.waitFor();
    expect(await page.getByTestId('sagepro-posting-missing').count()).toBe(0); // the sandbox comes with its accounts

    // As a real company starts: no cash and no refunds account chosen.
    const admin = new pg.Client({ connectionString: t.db.adminUrl });
    await admin.connect();
    await admin.query(`UPDATE sagepro_connections SET settings = settings - 'glCash' - 'glRefunds' WHERE id = $1`, [id]);
    await admin.end();
    await page.reload();
    const missing = page.getByTestId('sagepro-posting-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('Choose the cash, refunds accounts');

    await page.getByRole('combobox', { name: 'Cash' }).click();
    await page.getByRole('option', { name: '1010 — Card Clearing - PayTrace' }).click();
    await page.getByRole('button', { name: 'Save posting accounts' }).click();
    await page.getByText('Posting accounts saved').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="sagepro-posting-missing"]')?.textContent?.includes('Choose the refunds account.'));
    await page.close();
  });
});
