/**
 * A paused integration holds its payments (state `paused`) instead of ignoring them, and resuming it
 * posts them: through GraphQL and the PayTrace sandbox, as a merchant would. Deleting an integration,
 * or a connection it uses, while it holds events asks what to do with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { sleep } from '../reliability/payments.js';
import { cashLinesOf, eventReaches, eventsOf, freshInvoices, invoiceRow, type OpenInvoice, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let invoices: OpenInvoice[];

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '3' });
  tenant = await pipelineTenant(t, 'Harbor Paused Supply');
  invoices = await freshInvoices(tenant, 4);
  expect(invoices).toHaveLength(4);
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const setEnabled = (enabled: boolean) =>
  tenant.gql('mutation($id: ID!, $i: UpdateIntegrationInput!) { updateIntegration(id: $id, input: $i) { enabled } }', { id: tenant.integrationId, i: { enabled } });

const counts = async () => {
  const data = await tenant.gql('query($id: ID!) { integration(id: $id) { enabled } integrationEvents(id: $id) { held waiting } }', { id: tenant.integrationId });
  return { enabled: data.integration.enabled, heldEvents: data.integrationEvents.held, waitingEvents: data.integrationEvents.waiting };
};

/** A card payment for the whole invoice, taken in the PayTrace sandbox and found by the change feed. */
async function cardPayment(invoice: OpenInvoice): Promise<number> {
  const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
  await tenant.poll();
  return sale.transactionId;
}

/** A mutation expected to be refused: its first error. */
async function refused(query: string, variables: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token: tenant.token });
  expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
  return res.body.errors![0] as { message: string; extensions: { code: string; field?: string } };
}

describe('a paused integration', () => {
  it('holds a card payment (paused, not an attempt, nothing written) and posts it once when resumed', { timeout: 45_000 }, async () => {
    const invoice = invoices[0];
    await setEnabled(false);
    const transactionId = await cardPayment(invoice);

    const held = await eventReaches(tenant, transactionId, 'payment.approved', 'paused');
    expect(held.attempts, 'holding an event is not an attempt').toBe(0);
    expect(held.outcome).toEqual({ paused: 'its integration is paused' });
    // Not due: drains and sweeps go by and it stays held, with nothing in Sage Pro.
    await sleep(1_000);
    expect((await eventsOf(tenant, 'id = $2', [held.id]))[0]).toMatchObject({ state: 'paused', attempts: 0 });
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toEqual([]);
    // The pause confirmation's numbers: this one is waiting (and a delete would ask about it).
    expect(await counts()).toEqual({ enabled: false, heldEvents: 1, waitingEvents: 1 });

    await setEnabled(true);
    const done = await eventReaches(tenant, transactionId, 'payment.approved', 'done');
    expect(done.outcome).toMatchObject({ receipt: `PT${transactionId}`, invno: invoice.invno, status: 'paid' });
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: invoice.cents }]);
    expect(Number((await invoiceRow(tenant, invoice.invno)).balance)).toBe(0);

    // Resuming again changes nothing: one receipt, still done.
    await setEnabled(true);
    await sleep(500);
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toHaveLength(1);
    expect(await counts()).toEqual({ enabled: true, heldEvents: 0, waitingEvents: 0 });
  });

  it('resumed, processes its held payments in the order they arrived', { timeout: 45_000 }, async () => {
    await setEnabled(false);
    const first = await cardPayment(invoices[1]);
    const second = await cardPayment(invoices[2]);
    await eventReaches(tenant, first, 'payment.approved', 'paused');
    await eventReaches(tenant, second, 'payment.approved', 'paused');
    await setEnabled(true);
    await eventReaches(tenant, first, 'payment.approved', 'done');
    await eventReaches(tenant, second, 'payment.approved', 'done');
    // Sage Pro numbers its cash lines as they are written: the first payment's line comes first.
    const { rows } = await tenant.company.query<{ ref: string }>(
      'SELECT trim(refno) AS ref FROM pro01.arcash WHERE trim(refno) = ANY($1::text[]) ORDER BY id_col',
      [[`PT${first}`, `PT${second}`]],
    );
    expect(rows.map((row) => row.ref)).toEqual([`PT${first}`, `PT${second}`]);
  });
});

describe('deleting while events are held', () => {
  it('asks what to do with them (naming heldEvents and the count); PROCESS_FIRST resumes and posts them, deleting nothing', { timeout: 45_000 }, async () => {
    await setEnabled(false);
    const transactionId = await cardPayment(invoices[3]);
    await eventReaches(tenant, transactionId, 'payment.approved', 'paused');

    for (const [query, id] of [
      ['mutation($id: ID!) { deleteIntegration(id: $id) }', tenant.integrationId],
      ['mutation($id: ID!) { deleteSageProConnection(id: $id) }', tenant.sageProConnectionId],
      ['mutation($id: ID!) { deletePayTraceConnection(id: $id) }', tenant.payTraceConnectionId],
    ]) {
      const error = await refused(query, { id });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'heldEvents' });
      expect(error.message).toMatch(/^heldEvents: 1 event is held .*PROCESS_FIRST.*DISCARD/);
    }
    expect(await counts()).toMatchObject({ enabled: false, heldEvents: 1 });

    const { deleteIntegration } = await tenant.gql('mutation($id: ID!) { deleteIntegration(id: $id, heldEvents: PROCESS_FIRST) }', { id: tenant.integrationId });
    expect(deleteIntegration, 'nothing deleted').toBe(false);
    await eventReaches(tenant, transactionId, 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toHaveLength(1);
    expect(await counts()).toMatchObject({ enabled: true, heldEvents: 0 });
  });

  it('DISCARD ignores them (who, and why, on the event; audited) and deletes the integration', { timeout: 45_000 }, async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    await setEnabled(false);
    const transactionId = await cardPayment(invoice);
    const held = await eventReaches(tenant, transactionId, 'payment.approved', 'paused');

    const { deleteIntegration } = await tenant.gql('mutation($id: ID!) { deleteIntegration(id: $id, heldEvents: DISCARD) }', { id: tenant.integrationId });
    expect(deleteIntegration).toBe(true);
    const [event] = await eventsOf(tenant, 'id = $2', [held.id]);
    const { rows: users } = await tenant.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', ['ops@harborpausedsupply.test']);
    expect(event).toMatchObject({ state: 'ignored', outcome: { discarded: 'integration deleted', by: users[0].id } });
    expect(await cashLinesOf(tenant, `PT${transactionId}`)).toEqual([]);
    const { rows: audit } = await tenant.db.query("SELECT details FROM audit_log WHERE tenant_id = $1 AND action = 'integration.held_events_discarded'", [tenant.tenantId]);
    expect(audit).toEqual([{ details: { integrationIds: [tenant.integrationId], events: 1 } }]);
  });
});
