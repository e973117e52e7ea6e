/**
 * The flow tools around versions, in Debian's Chromium against the real app: a finance admin gives dev
 * and qa their sandbox pairs from the flow page (each environment then names its PayTrace account and
 * Sage Pro company), test-runs a generated payment in dev and follows the link to the event's timeline,
 * rolls dev back to a named earlier version through the confirm dialog (and is told in the API's words
 * why qa cannot go to a version it never ran). The exchange-rates screen: exchange-rates.browser.spec.ts.
 * The tests run in order on one page and one tenant.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let page: Page;
let baseUrl: string;

const OWNER = { company: 'Harbour Tools Ltd', email: 'owner@harbour-tools.test', password: 'harbour-owner-pw', name: 'Hana Harbour' };

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300' });
  baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
  await signUpThroughPortal(page, baseUrl, OWNER);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const runs = (environment: string) => page.getByTestId(`runs-${environment}`);
/** What an environment runs, once the page has reloaded after an action. */
const runsSoon = (environment: string) => expect.poll(() => runs(environment).textContent(), { timeout: 10_000 });

async function publish(comment: string, number: number) {
  await page.getByLabel('Comment').fill(comment);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('table', { name: 'Versions' }).getByRole('cell', { name: comment }).waitFor();
  await page.getByRole('button', { name: `Promote version ${number} to dev` }).waitFor();
}

async function promote(number: number, environment: string) {
  await page.getByRole('button', { name: `Promote version ${number} to ${environment}` }).click();
  await runsSoon(environment).toBe(`version ${number}`);
}

describe('flow tools', () => {
  it('gives dev and qa sandbox pairs and names the pair each environment binds', async () => {
    await page.getByRole('menuitem', { name: 'Flows' }).click();
    await page.getByRole('table', { name: 'Flows' }).getByRole('link', { name: 'Payment sync' }).click();
    await page.getByRole('table', { name: 'Versions' }).or(page.getByText('No version yet')).first().waitFor();
    expect(await page.getByTestId('pairs-dev').textContent()).toContain('No pair');
    expect(await page.getByTestId('pairs-prod').textContent()).toContain('No pair');

    await page.getByRole('button', { name: 'Create sandbox pairs for dev and qa' }).click();
    await expect.poll(() => page.getByTestId('pairs-dev').textContent(), { timeout: 20_000 }).toContain('Dev sandbox');
    expect(await page.getByTestId('pairs-dev').textContent()).toMatch(/PayTrace Dev sandbox → Sage Pro Dev sandbox \(company 01\)/);
    expect(await page.getByTestId('pairs-qa').textContent()).toMatch(/PayTrace QA sandbox → Sage Pro QA sandbox \(company 99\)/);
    expect(await page.getByTestId('pairs-prod').textContent()).toContain('No pair');
    expect(await page.getByRole('button', { name: 'Create sandbox pairs for dev and qa' }).count()).toBe(0);
  });

  it('test-runs a generated payment in dev (never offered for prod) and links to its timeline', async () => {
    await publish('As shipped', 1);
    await promote(1, 'dev');
    expect(await page.getByRole('button', { name: /^Test run in/ }).allTextContents()).toEqual(['Test run in dev', 'Test run in qa']);

    await page.getByRole('radio', { name: 'Generated example' }).check();
    await page.getByLabel('Trigger of the example').selectOption('declined');
    await page.getByRole('button', { name: 'Test run in dev' }).click();
    const result = page.getByTestId('test-run-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Sent to dev through “Dev sandbox”, where version 1 runs.');
    const flowPage = page.url();

    await result.getByRole('link', { name: "Open the event's timeline" }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}\/show$/);
    // The event's own timeline names the version dev ran it with.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('payment_sync v1').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toContain('payment.declined');
    await page.goBack();
    await page.waitForURL(flowPage);
    await page.getByRole('table', { name: 'Versions' }).waitFor();
  });

  it('rolls dev back to a named earlier version after confirming, and says why qa cannot go to one it never ran', async () => {
    await page.getByLabel('Status for refunded').selectOption('voided');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision').waitFor();
    await publish('Refunds recorded as voids', 2);
    await promote(2, 'dev');
    await promote(2, 'qa');

    // Version 1 never ran in qa: the dialog keeps the API's words, and qa keeps version 2.
    await page.getByRole('button', { name: 'Roll back qa to version 1' }).click();
    let dialog = page.getByRole('dialog', { name: 'Roll back qa to version 1?' });
    await dialog.getByRole('button', { name: 'Roll back qa' }).click();
    await dialog.getByText('version 1 never ran in qa; promote it instead').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await runs('qa').textContent()).toBe('version 2');

    // Dev ran version 1 before: from the keyboard, the dialog says what changes, and dev runs it again.
    await page.getByRole('button', { name: 'Roll back dev to version 1' }).focus();
    await page.keyboard.press('Enter');
    dialog = page.getByRole('dialog', { name: 'Roll back dev to version 1?' });
    expect(await dialog.textContent()).toContain('dev runs version 2 now');
    await dialog.getByRole('button', { name: 'Roll back dev' }).click();
    await runsSoon('dev').toBe('version 1');
    expect(await runs('qa').textContent()).toBe('version 2');
    // Nothing dev runs is later than version 1 now: no rollback to it is offered; the one-click rollback stays.
    expect(await page.getByRole('button', { name: /^Roll back dev to version/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Roll back dev', exact: true }).count()).toBe(1);
  });
});
