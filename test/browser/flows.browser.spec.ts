/**
 * Flows in the portal, in Debian's Chromium against the real app: a finance admin changes the payment
 * flow's status map in the draft, publishes it with a comment, promotes it to dev, previews it on a
 * generated example, promotes it to qa, rolls qa back to the default, and compares two versions. Then a
 * promotion to prod waits for a second admin, who approves it.
 */
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../backend/src/auth/passwords.js';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let baseUrl: string;

const OWNER = { company: 'Lakeside Flows Ltd', email: 'owner@lakeside-flows.test', password: 'lakeside-owner-pw', name: 'Fay Finance' };
const SECOND = { email: 'sam@lakeside-flows.test', password: 'lakeside-second-pw', name: 'Sam Second' };

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.listen();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Team' }).waitFor();
}

async function openPaymentFlow(page: Page) {
  await page.getByRole('menuitem', { name: 'Flows' }).click();
  await page.getByRole('table', { name: 'Flows' }).getByRole('link', { name: 'Payment sync' }).click();
  await page.getByRole('table', { name: 'Versions' }).waitFor();
}

const runs = (page: Page, environment: string) => page.getByTestId(`runs-${environment}`);
/** What an environment runs, once the page has reloaded after an action (the default poll gives up after 1 s). */
const runsSoon = (page: Page, environment: string) => expect.poll(() => runs(page, environment).textContent(), { timeout: 10_000 });

async function publish(page: Page, comment: string, number: number) {
  await page.getByLabel('Comment').fill(comment);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('table', { name: 'Versions' }).getByRole('cell', { name: comment }).waitFor();
  await page.getByRole('button', { name: `Promote version ${number} to dev` }).waitFor();
}

describe('flows', () => {
  it('publishes a changed status map, previews it in dev, promotes it to qa, rolls qa back and shows the diff', async () => {
    // One context, two tabs: they share the session cookie, as a person's browser does.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signUpThroughPortal(page, baseUrl, OWNER);

    await page.getByRole('menuitem', { name: 'Flows' }).click();
    const flows = page.getByRole('table', { name: 'Flows' });
    await flows.getByRole('link', { name: 'Payment sync' }).waitFor();
    expect(await page.getByTestId('payment_sync-dev').textContent()).toBe('default (built-in)');
    await flows.getByRole('link', { name: 'Payment sync' }).click();
    await runsSoon(page, 'qa').toBe('default (built-in)');

    // Version 1 is the flow as shipped, so that there are two versions to compare.
    await publish(page, 'As shipped', 1);

    // A second tab opens the same draft before the first saves its change.
    const other = await context.newPage();
    await other.goto(page.url());
    await other.getByLabel('Status for settled').waitFor();

    // The draft: refunds are recorded as voids, and declines write no status.
    await page.getByLabel('Status for refunded').selectOption('voided');
    await page.getByLabel('Status for declined').selectOption('none');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision').waitFor();

    // The second tab's save is based on the older revision: it is told to reload, and then sees the change.
    await other.getByLabel('Status for settled').selectOption('paid');
    await other.getByRole('button', { name: 'Save draft' }).click();
    await other.getByText('Reload the page to see the latest').waitFor();
    await other.getByRole('button', { name: 'Reload the draft' }).click();
    await expect.poll(() => other.getByLabel('Status for refunded').inputValue(), { timeout: 10_000 }).toBe('voided');
    expect(await other.getByLabel('Status for settled').inputValue()).toBe('');
    await other.close();
    await publish(page, 'Refunds recorded as voids; declines write no status', 2);

    await page.getByRole('button', { name: 'Promote version 2 to dev' }).click();
    await runsSoon(page, 'dev').toBe('version 2');

    // Preview what dev runs on a generated refund: the changed status. Then version 1 on the same sample: the default one.
    const preview = async (version: string, status: string) => {
      await page.getByLabel('Version to preview').selectOption({ label: version });
      await page.getByLabel('Environment to preview in').selectOption('dev');
      await page.getByRole('radio', { name: 'Generated example' }).check();
      await page.getByLabel('Trigger of the example').selectOption('refunded');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      // The earlier result goes as soon as the button is pressed; wait for the new one.
      const result = page.getByTestId('preview-result');
      await expect.poll(async () => ((await result.isVisible()) ? page.getByTestId('preview-status').textContent() : null), { timeout: 10_000 }).toBe(status);
    };
    await preview('version 2', 'voided');
    expect(await page.getByTestId('preview-result').textContent()).toContain('status voided');
    await preview('version 1', 'refunded');

    await page.getByRole('button', { name: 'Promote version 2 to qa' }).click();
    await runsSoon(page, 'qa').toBe('version 2');

    await page.getByRole('button', { name: 'Roll back qa', exact: true }).click();
    await runsSoon(page, 'qa').toBe('default (built-in)');
    expect(await runs(page, 'dev').textContent()).toBe('version 2');

    await page.getByLabel('Compare from').selectOption({ label: 'version 1' });
    await page.getByLabel('Compare to').selectOption({ label: 'version 2' });
    await page.getByRole('button', { name: 'Compare' }).click();
    const differences = page.getByRole('table', { name: 'Differences' });
    await differences.waitFor();
    expect(await differences.textContent()).toContain('transform.config.statusMap');
    expect(await differences.textContent()).toContain('"voided"');

    await page.getByRole('link', { name: '← All flows' }).click();
    await expect.poll(() => page.getByTestId('payment_sync-dev').textContent(), { timeout: 10_000 }).toBe('version 2');
    expect(await page.getByTestId('payment_sync-qa').textContent()).toBe('default (built-in)');
    await context.close();
  });

  it('a promotion to prod waits for a second admin, who approves it', async () => {
    // A second admin joins (added in the database); the tenant asks for a second person on prod (in Settings).
    const login = await t.gql('mutation($i: LogInInput!) { logIn(input: $i) { me { tenant { id } } } }', { i: { email: OWNER.email, password: OWNER.password } });
    const { me } = login.body.data.logIn;
    const admin = new pg.Client({ connectionString: t.db.adminUrl });
    await admin.connect();
    try {
      const user = await admin.query('INSERT INTO users (email, password_hash, name) VALUES ($1, $2, $3) RETURNING id', [SECOND.email, await hashPassword(SECOND.password), SECOND.name]);
      await admin.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')", [me.tenant.id, user.rows[0].id]);
    } finally {
      await admin.end();
    }

    const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const owner = await ownerContext.newPage();
    await signIn(owner, OWNER.email, OWNER.password);
    await owner.getByRole('menuitem', { name: 'Settings' }).click();
    await owner.getByLabel('A promotion to prod waits for a second owner or admin').check();
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByText('Settings saved').waitFor();
    await openPaymentFlow(owner);
    await owner.getByRole('button', { name: 'Promote version 2 to qa' }).click();
    await runsSoon(owner, 'qa').toBe('version 2');
    await owner.getByRole('button', { name: 'Promote version 2 to prod' }).click();
    await owner.getByText('Version 2 waits for approval to prod').waitFor();
    expect(await owner.getByRole('button', { name: 'Approve' }).count()).toBe(0); // not by the one who asked
    expect(await runs(owner, 'prod').textContent()).toBe('default (built-in)');

    const secondContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const second = await secondContext.newPage();
    await signIn(second, SECOND.email, SECOND.password);
    await openPaymentFlow(second);
    await second.getByText(`asked by ${OWNER.name}`).waitFor();
    await second.getByRole('button', { name: 'Approve' }).click();
    await runsSoon(second, 'prod').toBe('version 2');
    expect(await second.getByText('waits for approval').count()).toBe(0);

    await owner.reload();
    await runsSoon(owner, 'prod').toBe('version 2');
    await secondContext.close();
    await ownerContext.close();
  });
});
