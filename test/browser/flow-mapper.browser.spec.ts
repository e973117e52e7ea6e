/**
 * The field mapper, in Debian's Chromium against the real app. A finance admin opens the payment
 * flow's canvas (a draft with no mappings) and, from its transform step, the mapper for ARCASH on a
 * PayTrace sale the tenant received (stored as the change feed stores one: the normalised payment and,
 * under payload, PayTrace's export row; no checkout, so the test stays short). She accepts every suggestion
 * above the threshold, maps a field by dragging a leaf of the source tree onto it, writes a JSONata
 * expression with completion of source paths and sees its value live, sees a value too long for a
 * char field flagged under the line and fixes it, saves, previews, publishes, deploys to dev and qa,
 * sees the change on the canvas and reverts qa. Then the order-to-cash flow maps a stored Shopify
 * order's lines to SOTRAN (one row per element of the lines array). Screenshots of the canvas and the mapper at
 * 1280×800 and at 390 px, where the mapper is read only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOrderEvent, samplePaymentEvent } from '../../backend/src/flows/mappings/sample-source.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SCREENSHOTS = join(process.cwd(), '.data', 'test-output', 'screenshots');
const OWNER = { company: 'Mapper Mills Ltd', email: `owner-${Date.now()}n1@mapper-mills.test`, password: 'mapper-owner-pw', name: 'Mara Mapper' };

let t: TestApp;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  await signUpThroughPortal(page, baseUrl, OWNER);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const soon = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const field = (name: string) => page.getByTestId(`target-${name}`);
/** A leaf of the source tree by the sample value it shows, whatever its path style. */
const leafShowing = (value: string) => page.locator('[data-testid^="leaf-"]', { hasText: value }).first();
const editor = (name: string) => page.getByLabel(`Expression for ${name}`);

async function openFlow(name: string) {
  await page.getByRole('menuitem', { name: 'Flows' }).click();
  await page.getByRole('table', { name: 'Flows' }).getByRole('link', { name }).click();
  await page.getByTestId('step-transform').waitFor();
}

async function openMapper() {
  await page.getByTestId('step-transform').click();
  await page.getByTestId('step-panel').getByRole('link', { name: 'Open the field mapper' }).click();
  await page.waitForURL(/\/mapper\?record=/);
  await page.getByTestId('source-tree').waitFor();
}

/** Replaces the editor's text by typing, as a person does (completion pops up on the way). */
async function typeExpression(name: string, text: string) {
  await editor(name).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Escape'); // closes a completion list still open
}

/** A drag with the mouse, in small steps as a hand moves. */
async function dragOnto(source: Locator, target: Locator) {
  await target.scrollIntoViewIfNeeded();
  await source.scrollIntoViewIfNeeded(); // within the sticky source panel: the target stays in view
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + 10, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + from.height / 2, { steps: 5 });
  const to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + 20, { steps: 10 });
  await page.mouse.up();
}

/** A save of the draft as another person's browser makes it: the same draft, the next revision. */
async function saveDraftElsewhere() {
  const flowId = new URL(page.url()).pathname.split('/')[2];
  await page.evaluate(async (id) => {
    const { token } = JSON.parse(sessionStorage.getItem('settle.session')!) as { token: string };
    const call = async (query: string, variables: object) => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      return ((await res.json()) as { data: any }).data;
    };
    const { flow } = await call('query($id: ID!) { flow(id: $id) { draft { revision definition } } }', { id });
    await call('mutation($id: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $id, definition: $d, revision: $r) { revision } }', { id, d: flow.draft.definition, r: flow.draft.revision });
  }, flowId);
}

/** A PayTrace sale as the change feed stores it: the normalised payment and the export row it came from. */
async function storePayTraceSale() {
  const tenantId = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('settle.session')!) as { me: { tenant: { id: string } } }).me.tenant.id);
  const event = samplePaymentEvent('approved');
  const payload = {
    transaction_id: Number(event.transactionId), transaction_type: 'SALE', amount: 123.45, invoice_id: '1001', customer_id: 'ACM100', customer_reference_id: 'PO-59119',
    description: 'Payment for INV-1001, thank you', approval_code: 'TAS610', approval_message: 'APPROVAL TAS610  - Approved and completed', settled: '',
    credit_card: { masked_number: '************1111', expiration_month: '12', expiration_year: '29' }, created: { through: 'API', at: '10/31/2026 9:15:00 AM', by: 'api' },
  };
  await t.app.get(InboxService).store(tenantId, [{ source: 'paytrace', externalId: `sale:${event.transactionId}`, integrationId: null, event, payload }]);
}

/** A Shopify orders/create delivery (its documented fields) stored for the tenant as the webhook stores one. */
async function storeShopifyOrder() {
  const tenantId = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('settle.session')!) as { me: { tenant: { id: string } } }).me.tenant.id);
  const payload = {
    id: 5550002002, name: '#2002', order_number: 2002, email: 'sam.lee@example.com', created_at: '2026-11-02T10:00:00-05:00', currency: 'USD', total_price: '22.40',
    customer: { first_name: 'Sam', last_name: 'Lee' },
    line_items: [{ sku: 'BRK-1001', title: 'Steel shelf bracket 8 in', quantity: 2, price: '4.95' }, { sku: 'CST-2001', title: 'Swivel caster 3 in', quantity: 1, price: '12.50' }],
  };
  await t.app.get(InboxService).store(tenantId, [{ source: 'shopify', externalId: 'order:5550002002', integrationId: null, event: { ...sampleOrderEvent(), orderId: '5550002002' }, payload }]);
}

async function publish(note: string, number: number) {
  await page.getByLabel('Note for the version').fill(note);
  await page.getByRole('button', { name: 'Publish the draft' }).click();
  await page.getByRole('button', { name: `Deploy version ${number} to dev` }).waitFor();
}

describe('field mapper', () => {
  it('maps ARCASH on a payment sample: suggestions, a drag, a JSONata expression, a flagged value, preview, release', async () => {
    await openFlow('Payment sync');
    await publish('As shipped', 1);
    await soon(() => page.getByTestId('mapping-count').count()).toBe(0);
    await page.getByTestId('step-transform').click();
    expect(await page.getByTestId('mapping-count').textContent()).toBe("None: Settle's defaults");
    await page.getByTestId('step-panel').getByRole('link', { name: 'Open the field mapper' }).click();
    await page.waitForURL(/\/mapper\?record=cash_receipt$/);
    await page.getByTestId('source-tree').waitFor();
    // The sample: a PayTrace sale the tenant received (its normalised payment and PayTrace's export row).
    await storePayTraceSale();
    await page.reload();
    await page.getByRole('radio', { name: 'A recent event (1)' }).check();
    await page.locator('[data-testid^="leaf-"][data-path="payload.transaction_type"]').waitFor();

    // The right side: Settle's own fields say why; the mappable ones carry suggestions or abstain.
    expect(await page.getByTestId('owned-paidamt').textContent()).toContain('reconciliation with PayTrace');
    await page.getByTestId('suggestion-dtepaid').waitFor();
    const suggested = (await page.getByTestId('suggestion-dtepaid').locator('code').textContent())!;
    expect(await page.getByTestId('suggestion-dtepaid').textContent()).toMatch(/\d+%/);
    await page.getByTestId('abstained-cashacct').waitFor();

    await page.getByRole('button', { name: 'Accept all above 80%' }).click();
    await soon(() => field('dtepaid').getByLabel('Source for dtepaid').inputValue()).toBe(suggested);
    // The sample's date-time breaks the date field's rule: flagged on the field and before publishing.
    await page.getByTestId('error-dtepaid').waitFor();
    expect(await page.getByTestId('error-dtepaid').textContent()).toContain('breaks date');
    expect(await page.getByTestId('mapper-flags').textContent()).toContain('cash_receipt.dtepaid');

    // A drag: the customer's number (the leaf showing ACM100) onto the cash account; its value shows.
    await dragOnto(leafShowing('ACM100'), field('cashacct'));
    await soon(() => page.getByTestId('value-cashacct').textContent()).toBe('On the sample: "ACM100"');
    const customerNumber = await field('cashacct').getByLabel('Source for cashacct').inputValue();

    // JSONata for the cash account: completion of source paths, a value too long for char(24) flagged
    // under the line (a lint diagnostic too), fixed; the value shows live.
    await field('cashacct').getByLabel('How cashacct is set').selectOption('expression');
    await soon(() => editor('cashacct').textContent()).toBe(customerNumber);
    const stem = customerNumber.slice(0, -2); // 'customer.numb', whatever the path style
    await editor('cashacct').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(`"CASH-" & ${stem}`, { delay: 5 });
    await page.locator('.cm-tooltip-autocomplete [aria-selected="true"]').getByText(customerNumber, { exact: true }).waitFor();
    await page.waitForTimeout(150); // the list takes no Enter in its first moments (interactionDelay)
    await page.keyboard.press('Enter');
    await soon(() => editor('cashacct').textContent()).toBe(`"CASH-" & ${customerNumber}`);
    await page.keyboard.type(' & "-FOR-A-VERY-LONG-DEPOSIT"');
    await soon(() => page.getByTestId('error-cashacct').textContent()).toContain('char(24)');
    await field('cashacct').locator('.cm-lintRange-error').waitFor();
    await typeExpression('cashacct', `"1100-" & ${customerNumber}`);
    await soon(() => page.getByTestId('value-cashacct').textContent()).toBe('On the sample: "1100-ACM100"');
    expect(await field('cashacct').locator('.cm-lintRange-error').count()).toBe(0);

    // The date fixed with an expression on the accepted path: the flag goes.
    await field('dtepaid').getByLabel('How dtepaid is set').selectOption('expression');
    await typeExpression('dtepaid', `$substring(${suggested}, 0, 10)`);
    await soon(() => page.getByTestId('value-dtepaid').textContent()).toBe('On the sample: "2026-10-31"');
    await soon(() => page.getByTestId('mapper-flags').count()).toBe(0);

    await page.getByRole('button', { name: 'Save mappings' }).click();
    await page.getByText('Mappings saved (revision').waitFor();
    await soon(() => page.getByTestId('mapper-dirty').count()).toBe(0);
    await page.getByRole('button', { name: 'Preview the draft on this sample' }).click();
    await page.getByTestId('preview-result').waitFor();
    expect(await page.getByTestId('preview-result').textContent()).toContain('invoice not found'); // no Sage Pro company to match in
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'flow-mapper-1280x800.png') });

    // Back on the canvas: publish, deploy to dev and qa, the change drawn on the transform step, qa reverted.
    await page.getByRole('link', { name: '← Back to the canvas' }).click();
    await page.getByTestId('step-transform').waitFor();
    await publish('ARCASH mapped', 2);
    await page.getByRole('button', { name: 'Deploy version 2 to dev' }).click();
    await soon(() => page.getByTestId('runs-dev').textContent()).toBe('version 2');
    await page.getByRole('button', { name: 'Deploy version 2 to qa' }).click();
    await soon(() => page.getByTestId('runs-qa').textContent()).toBe('version 2');
    await page.getByLabel('Draw the changes since').selectOption({ label: 'version 1' });
    await page.getByRole('button', { name: 'Show on the canvas' }).click();
    await page.getByTestId('step-changed-transform').waitFor();
    await page.getByTestId('step-transform').click();
    await soon(() => page.getByTestId('panel-changes').textContent()).toContain('config.mappings');
    expect(await page.getByTestId('mapping-count').textContent()).toBe('2 fields mapped');
    await page.getByTestId('flow-canvas').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'flow-mapper-canvas-1280x800.png') });
    await page.getByRole('button', { name: 'Revert qa to its previous version' }).click();
    await soon(() => page.getByTestId('runs-qa').textContent()).toBe('default (built-in)');
  }, 60_000);

  it('maps the order lines of the order-to-cash flow to SOTRAN, one row per element; read only on a phone', async () => {
    // One of the tenant's recent events as the sample: a Shopify order (the normalised order and, under
    // payload, the order as it arrived), its lines an array.
    await storeShopifyOrder();
    await openFlow('Order to cash');
    await openMapper();
    await page.getByRole('radio', { name: 'A recent event (1)' }).check();
    await page.locator('[data-testid^="leaf-"][data-path*="line_items[]"]', { hasText: 'BRK-1001' }).first().waitFor();
    await page.getByLabel('Target record').selectOption('sales_order_line');
    await page.getByTestId('lines-from').waitFor();
    // The stored order's lines: the normalised ones and Shopify's own; the rows come from Shopify's, and
    // the suggestions follow that choice.
    await page.getByLabel('Rows come from').selectOption('payload.line_items[]');
    const rowsFrom = await page.getByLabel('Rows come from').inputValue();
    expect(rowsFrom).toBe('payload.line_items[]');
    await soon(() => page.getByTestId('suggestion-item').locator('code').textContent()).toBe('payload.line_items[].sku');

    // The line's description: its suggestion rejected, then mapped from the keyboard (Enter picks a leaf).
    await field('descrip').getByRole('button', { name: /^Reject .+ for descrip$/ }).click();
    await field('descrip').getByText('Suggestion rejected.').waitFor();
    await page.getByRole('button', { name: 'Accept all above 80%' }).click();
    await soon(() => field('item').getByLabel('Source for item').inputValue()).toMatch(new RegExp(`^${rowsFrom.replace(/[[\]]/g, '\\$&')}`));
    expect(await field('descrip').getByLabel('How descrip is set').inputValue()).toBe('default');
    const titleLeaf = page.locator(`[data-testid^="leaf-"][data-path^="${rowsFrom}"]`, { hasText: 'Steel shelf bracket' }).first();
    await titleLeaf.focus();
    await page.keyboard.press('Enter');
    const title = (await titleLeaf.getAttribute('data-path'))!;
    await field('descrip').getByRole('button', { name: `Map ${title} here` }).press('Enter');
    await soon(() => field('descrip').getByLabel('Source for descrip').inputValue()).toBe(title);
    // A per-line value: one per element of the array.
    await soon(() => page.getByTestId('value-item').textContent()).toMatch(/^On the sample: \[".+",".+"\]$/);
    expect(await field('qtyord').getByLabel('Source for qtyord').inputValue()).toContain(rowsFrom);
    await page.getByRole('button', { name: 'Save mappings' }).click();
    await page.getByText('Mappings saved (revision').waitFor();
    await page.getByRole('button', { name: 'Preview the draft on this sample' }).click();
    await page.getByTestId('preview-result').waitFor();
    // The preview's SOTRAN rows carry the mapped lines.
    const lines = await page.getByRole('table', { name: 'Rows it would write' }).getByRole('row').filter({ hasText: 'sotran' }).allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Steel shelf bracket');

    // Someone else saves the draft meanwhile: saving is refused as a conflict, shown with a way to reload.
    await field('loctid').getByLabel('How loctid is set').selectOption('constant');
    await field('loctid').getByLabel('Constant for loctid').fill('EAST');
    await soon(() => page.getByTestId('value-loctid').textContent()).toBe('On the sample: ["EAST","EAST"]');
    await saveDraftElsewhere();
    await page.getByRole('button', { name: 'Save mappings' }).click();
    await page.getByTestId('mapper-conflict').waitFor();
    await page.getByTestId('mapper-conflict').getByRole('button', { name: 'Reload' }).click();
    await soon(() => field('loctid').getByLabel('How loctid is set').inputValue()).toBe('default');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'flow-mapper-lines-1280x800.png') });

    // A phone: the same mapping, read only: no dragging, no editing, no saving.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByText('Read only on a phone').waitFor();
    await page.getByLabel('Target record').waitFor();
    expect(await page.getByRole('button', { name: 'Save mappings' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Accept all above 80%' }).count()).toBe(0);
    await soon(() => page.getByTestId('rule-item').textContent()).toContain(`Mapped: ${rowsFrom}`);
    expect(await page.locator('[data-testid^="leaf-"][draggable="true"]').count()).toBe(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'flow-mapper-390.png') });
    await page.getByRole('link', { name: '← Back to the canvas' }).click();
    await page.getByText('Read only on a phone').waitFor();
    await page.getByTestId('flow-canvas').screenshot({ path: join(SCREENSHOTS, 'flow-mapper-canvas-390.png') });
  }, 60_000);
});
