/**
 * The flow canvas, in Debian's Chromium against the real app: a finance admin opens the payment flow's
 * draft as a graph, changes the declined status in the transform step's panel, adds a filter whose
 * condition is broken and sees the checks' problem on the step and at the field, fixes it, publishes,
 * deploys to dev and qa, reverts qa, and draws the changes since version 1 on the canvas. The keyboard
 * reaches the steps (Enter opens, Escape closes, Delete asks). Screenshots at 1280×800 and at 390 px,
 * where the canvas is read only and stacked top to bottom. Then a step narrowed to one branch, and a
 * GL rule written in the transform step's form (its missing account shown at the field, then fixed).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SCREENSHOTS = join(process.cwd(), '.data', 'test-output', 'screenshots');
const OWNER = { company: 'Canvas Coast Ltd', email: `owner-${Date.now()}n1@canvas-coast.test`, password: 'canvas-owner-pw', name: 'Cora Canvas' };

let t: TestApp;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 800 } });
  await signUpThroughPortal(page, baseUrl, OWNER);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const step = (id: string) => page.getByTestId(`step-${id}`);
const panel = () => page.getByTestId('step-panel');
const soon = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

async function publish(note: string, number: number) {
  await page.getByLabel('Note for the version').fill(note);
  await page.getByRole('button', { name: 'Publish the draft' }).click();
  await page.getByRole('button', { name: `Deploy version ${number} to dev` }).waitFor();
}

describe('flow canvas', () => {
  it('edits the draft on the graph, shows problems on their step, publishes, deploys and draws a diff', async () => {
    await page.getByRole('menuitem', { name: 'Flows' }).click();
    await page.getByRole('table', { name: 'Flows' }).getByRole('link', { name: 'Payment sync' }).click();
    await step('transform').waitFor();
    // The branches as labelled edges: the match step applies to approved and declined only.
    expect(await step('match').textContent()).toContain('on approved, declined');
    expect(await page.getByTestId('flow-graph').textContent()).toContain('refunded, voided, charged_back, settled');
    await publish('As shipped', 1);

    // The transform panel: declines write no status. Saved, the draft (and its plain form) have it.
    await step('transform').click();
    await panel().getByLabel('declined writes').selectOption('none');
    await panel().getByRole('button', { name: 'Save step' }).click();
    await page.getByText('Step Status, GL account, date saved (revision').waitFor();
    await soon(() => page.getByLabel('Status for declined').inputValue()).toBe('none');

    // A filter with a broken condition: the problem is on the step and at the field; publishing waits.
    await page.getByRole('button', { name: 'Add a filter' }).click();
    await soon(() => panel().textContent()).toContain('Filter: Filter');
    const condition = panel().getByLabel('Condition (JSONata, true lets the event through)');
    await condition.fill('amount.minor >');
    await panel().getByRole('button', { name: 'Save step' }).click();
    await page.getByTestId('step-problems-filter').waitFor();
    expect(await step('filter').getAttribute('aria-label')).toContain('1 problem');
    await soon(() => condition.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Publish the draft' }).isDisabled()).toBe(true);

    await condition.fill('amount.minor >= 100');
    await panel().getByRole('button', { name: 'Save step' }).click();
    await soon(() => page.getByTestId('step-problems-filter').count()).toBe(0);
    // The Advanced section's JSON is the same draft.
    await soon(() => page.getByLabel('The draft as JSON').inputValue()).toContain('"condition": "amount.minor >= 100"');
    await publish('Declines write no status; small payments filtered', 2);

    await page.getByRole('button', { name: 'Deploy version 2 to dev' }).click();
    await soon(() => page.getByTestId('runs-dev').textContent()).toBe('version 2');
    await page.getByRole('button', { name: 'Deploy version 2 to qa' }).click();
    await soon(() => page.getByTestId('runs-qa').textContent()).toBe('version 2');
    await page.getByRole('button', { name: 'Revert qa to its previous version' }).click();
    await soon(() => page.getByTestId('runs-qa').textContent()).toBe('default (built-in)');

    // The diff on the canvas: the transform step changed, the filter is new, the match step did not change.
    await page.getByLabel('Draw the changes since').selectOption({ label: 'version 1' });
    await page.getByRole('button', { name: 'Show on the canvas' }).click();
    await page.getByTestId('step-changed-transform').waitFor();
    expect(await page.getByTestId('step-changed-filter').textContent()).toBe('added');
    expect(await page.getByTestId('step-changed-match').count()).toBe(0);
    await step('transform').click();
    // Version 1 had no status map: the panel lists it as added, with the declined branch's choice.
    await soon(() => page.getByTestId('panel-changes').textContent()).toContain('config.statusMap added: {"declined":null}');

    // The keyboard: Escape closes the panel, Tab and Enter open a step, Delete asks before removing.
    await page.keyboard.press('Escape');
    await soon(() => panel().count()).toBe(0);
    await step('validate').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('step-write');
    await page.keyboard.press('Enter');
    await soon(() => panel().textContent()).toContain('Sage Pro writes: Write to Sage Pro');
    await step('filter').focus();
    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Remove the step Filter?' }).getByRole('button', { name: 'Keep it' }).click();
    await page.keyboard.press('Escape');

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.getByTestId('flow-canvas').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'flow-canvas-1280x800.png') });

    // A phone: read only, the steps stacked top to bottom.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload(); // as a phone opens the page: the menu closed
    await page.getByText('Read only on a phone').waitFor();
    expect(await page.getByRole('button', { name: 'Add a filter' }).count()).toBe(0);
    const trigger = await step('trigger').boundingBox();
    const write = await step('write').boundingBox();
    expect(write!.y).toBeGreaterThan(trigger!.y);
    expect(write!.x + write!.width).toBeLessThanOrEqual(390);
    await step('transform').click();
    expect(await panel().getByRole('button', { name: 'Save step' }).count()).toBe(0);
    expect(await panel().getByLabel('declined writes').isDisabled()).toBe(true);
    await page.getByTestId('flow-canvas').screenshot({ path: join(SCREENSHOTS, 'flow-canvas-390.png') });
  }, 60_000);

  it('narrows a step to one branch, and writes a GL rule in a form whose missing account is shown at the field', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await step('filter').click();
    const branches = panel().locator('[data-field="on"]');
    for (const other of ['declined', 'refunded', 'voided', 'charged back', 'settled']) await branches.getByLabel(other, { exact: true }).uncheck();
    await panel().getByRole('button', { name: 'Save step' }).click();
    await soon(() => step('filter').textContent()).toContain('on approved');
    await soon(() => page.getByLabel('The draft as JSON').inputValue()).toMatch(/"id": "filter",[^}]*"on": \[\s*"approved"\s*\]/);

    await step('transform').click();
    await panel().getByRole('button', { name: 'Add a GL rule' }).click();
    await panel().getByLabel('Card brands').fill('VISA, MC');
    await panel().locator('[data-field="config.glRules[0].when.triggers"]').getByLabel('approved', { exact: true }).check();
    await panel().getByRole('button', { name: 'Save step' }).click();
    // No account yet: the checks' problem is at the rule's account field.
    const account = panel().getByLabel('Rule 1: account (GLACNT)');
    await soon(() => account.getAttribute('aria-invalid')).toBe('true');
    await account.fill('1100');
    await panel().getByRole('button', { name: 'Save step' }).click();
    await soon(() => account.getAttribute('aria-invalid')).toBe('false');
    const json = await page.getByLabel('The draft as JSON').inputValue();
    expect(JSON.parse(json).steps.find((s: { id: string }) => s.id === 'transform').config.glRules).toEqual([{ id: 'rule-1', when: { triggers: ['approved'], cardBrands: ['VISA', 'MC'] }, account: '1100' }]);
  }, 40_000);
});
