/// <reference lib="dom" />
/**
 * Operator actions that lose a race or are refused, as a person sees them in the portal: a review
 * another operator resolved while the dialog was open (a CONFLICT notification naming it; the dialog
 * closes and the list is refreshed), a review of a payment voided in PayTrace (the reason, without
 * the field prefix), and a dead letter whose replay cannot be repeated (a CONFLICT naming it).
 * The tests run in order on one page and one tenant.
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

const OWNER = { company: 'Basalt Traders', email: 'owner@basalt.test', password: 'basalt-owner-pw' };

const menu = (name: string) => page.getByRole('menuitem', { name }).click();
const row = (text: string) => page.locator('tbody tr', { hasText: text }).first();

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  const baseUrl = await t.listen();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US', timezoneId: 'UTC' });
  await signUpThroughPortal(page, baseUrl, OWNER);
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('settle.session') ?? 'null'));
  tenant = await wireTenant(t, { token: session.token, tenantId: session.me.tenant.id }, { name: 'Basalt card payments' });
}, 120_000);

afterAll(async () => {
  await tenant?.close();
  await browser?.close();
  await t?.close();
});

/** A card payment naming no known invoice: it waits in manual review; its document number and review id. */
async function paymentInReview(cents: number) {
  const document = `NO-SUCH-${cents}`;
  const sale = await tenant.merchant.sale(cents, { invoice_id: document });
  await tenant.poll();
  const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'manual_review');
  const { rows } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1 AND resolution IS NULL', [event.id]);
  return { sale, document, reviewId: rows[0].id as string };
}

async function sageProFaults(faults: Record<string, unknown>) {
  const admin = (request: ReturnType<typeof t.http.put>) => request.set('x-sandbox-admin-key', t.config.sandboxAdminKey).set('x-sandbox-tenant', tenant.tenantId);
  expect((await admin(t.http.put('/sandbox/sagepro/admin/faults')).send(faults)).status).toBe(200);
  if (faults.refuse) expect((await admin(t.http.post('/sandbox/sagepro/admin/faults/cut')).send({})).status).toBe(200);
}

describe('operator actions in the portal', () => {
  it('a review resolved by someone else while the dialog was open: a CONFLICT notification naming it, and the list refreshed', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    const { document, reviewId } = await paymentInReview(12_01);
    await menu('Manual review');
    await row(document).waitFor({ timeout: 20_000 });
    await row(document).getByRole('button', { name: 'Match to invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Match to an invoice' });
    await dialog.locator('input[name="invno"]').fill(invoice.invno);
    // Another operator dismisses it meanwhile.
    await tenant.gql('mutation($id: ID!) { resolveManualReview(id: $id, input: { action: dismiss }) { id } }', { id: reviewId });
    await dialog.getByRole('button', { name: 'Match' }).click();
    await page.getByText(`Manual review ${reviewId} was already resolved (dismissed by ${OWNER.email} at `).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await row(document).waitFor({ state: 'detached' });
  });

  it('a review of a payment voided in PayTrace: the reason is shown, and it can still be dismissed', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    const { sale, document } = await paymentInReview(12_02);
    await tenant.merchant.void(sale.transactionId);
    await tenant.poll();
    await eventually(async () => expect(await eventsOf(tenant, "payment_key = $2 AND type = 'payment.voided'", [`pt:${sale.transactionId}`])).toHaveLength(1), 10_000);

    await menu('Manual review');
    await row(document).waitFor({ timeout: 20_000 });
    await row(document).getByRole('button', { name: 'Match to invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Match to an invoice' });
    await dialog.locator('input[name="invno"]').fill(invoice.invno);
    await dialog.getByRole('button', { name: 'Match' }).click();
    await page.getByText(/^The payment was voided in PayTrace on \d{4}-\d\d-\d\d; nothing to post/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await row(document).getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('dialog', { name: 'Dismiss this review?' }).getByRole('button', { name: 'Confirm' }).click();
    await row(document).waitFor({ state: 'detached' });
  });

  it('a dead letter whose replay cannot be repeated (its event failed again): a CONFLICT naming it and the open letter', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    await sageProFaults({ refuse: true });
    let eventId: string;
    try {
      const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
      await tenant.poll();
      eventId = (await eventReaches(tenant, sale.transactionId, 'payment.approved', 'dead')).id;
    } finally {
      await sageProFaults({ refuse: false });
    }
    await menu('Dead letters');
    await row(invoice.invno).waitFor({ timeout: 20_000 });
    // As if another operator had replayed it and the event had failed again, before this list refreshed.
    const { rows: [old] } = await tenant.db.query('UPDATE dead_letters SET replayed_at = now() WHERE event_id = $1 RETURNING id', [eventId]);
    const { rows: [fresh] } = await tenant.db.query(
      "INSERT INTO dead_letters (tenant_id, event_id, attempts, cause, error_code, reason) VALUES ($1, $2, 2, 'exhausted', 'unavailable', 'failed again') RETURNING id",
      [tenant.tenantId, eventId],
    );
    await row(invoice.invno).getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText(new RegExp(`^Dead letter ${old.id} was already replayed at .+ replay dead letter ${fresh.id}$`)).waitFor();
  });
});
