/**
 * A real company has no default GL accounts: a SQL Server connection starts with none, the accounts
 * are chosen from the company's own chart (GLACNT), and until they are, its events become validation
 * dead letters naming the missing account (gl.cash, …) whose alert says where to choose it. Once
 * chosen, replaying them posts each payment exactly once. SQL Server is not reachable here, so the
 * whole road is walked on a sandbox connection whose accounts are cleared: the rule is the same for
 * every connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { cashLinesOf, eventReaches, freshInvoices, pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { sandboxMerchantOf } from '../support/paytrace-merchant.js';

let t: TestApp;
let tenant: PipelineTenant;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '3' });
  tenant = await pipelineTenant(t, 'Ledger Lane');
  for (const kind of ['dead_letter', 'validation_failure']) {
    await tenant.gql('mutation($i: UpsertAlertRuleInput!) { upsertAlertRule(input: $i) { id } }', { i: { kind, enabled: true } });
  }
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const POSTING = 'posting { glCash glReceivables glDiscounts glRefunds glChargebacks glSales }';

/** The GraphQL answer as is (errors included), as the tenant's owner. */
const answer = async (query: string, variables?: Record<string, unknown>) => (await t.gql(query, variables, { token: tenant.token })).body;

async function deadLetterOf(eventId: string) {
  const { deadLetters } = await tenant.gql('{ deadLetters(first: 100, open: true) { nodes { id eventId cause errorCode field reason } } }');
  return deadLetters.nodes.find((letter: { eventId: string }) => letter.eventId === eventId);
}

/** The tenant's alert of `kind` that names the event among its samples. */
async function alertFor(kind: string, eventId: string): Promise<{ summary: string; groupKey: string }> {
  let found: { summary: string; groupKey: string } | undefined;
  await eventually(async () => {
    const { alerts } = await tenant.gql('{ alerts(first: 50) { nodes { kind groupKey summary samples { eventId } } } }');
    found = alerts.nodes.find((a: { kind: string; samples: { eventId: string }[] }) => a.kind === kind && a.samples.some((s) => s.eventId === eventId));
    expect(found, `a ${kind} alert naming event ${eventId}`).toBeDefined();
  }, 10_000);
  return found!;
}

describe('posting accounts of a real company', () => {
  it('a SQL Server connection starts with no accounts; its events wait as dead letters naming gl.cash, with what to do', async () => {
    const { createSageProConnection: sql } = await tenant.gql(
      `mutation { createSageProConnection(input: { edition: sqlserver, name: "Head office", host: "127.0.0.1", port: 9, companyDatabase: "PRO01", systemDatabase: "PROSYS", user: "settle", password: "Sql-Secret-42" }) { id ${POSTING} } }`,
    );
    expect(sql.posting).toEqual({ glCash: null, glReceivables: null, glDiscounts: null, glRefunds: null, glChargebacks: null, glSales: null });

    // Its chart cannot be read from here, so no account can be chosen: refused naming the field, nothing stored.
    const refused = await answer('mutation($id: ID!) { updateSageProPosting(id: $id, input: { glCash: "1010" }) { id } }', { id: sql.id });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'glCash' });
    expect(refused.errors?.[0].message).toContain('chart of accounts');
    const chart = await answer('query($id: ID!) { sageProChartOfAccounts(connectionId: $id) { account } }', { id: sql.id });
    expect(chart.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'connectionId' });

    // An integration into it: the payment is not posted anywhere, it waits as a validation dead letter.
    const payTrace = (await tenant.gql('mutation { createPayTraceConnection(input: { environment: sandbox, name: "Head office card", pollIntervalSeconds: 3600 }) { id } }')).createPayTraceConnection.id;
    await tenant.gql('mutation($i: CreateIntegrationInput!) { createIntegration(input: $i) { id } }', {
      i: { name: 'Head office sync', payTraceConnectionId: payTrace, sageProConnectionId: sql.id },
    });
    const merchant = await sandboxMerchantOf(t, tenant.tenantId, payTrace);
    const sale = await merchant.sale(12_34, { invoice_id: '100001' });
    await t.app.get(ChangeFeedService).poll(tenant.tenantId, payTrace);
    const dead = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'dead');
    expect(dead.attempts).toBe(1); // a missing setting is not retried
    expect(await deadLetterOf(dead.id)).toMatchObject({ cause: 'validation', errorCode: 'validation', field: 'gl.cash' });
    const alert = await alertFor('validation_failure', dead.id);
    expect(alert.groupKey).toBe('field:gl.cash');
    expect(alert.summary).toContain('choose the cash account in Connections → Head office → Posting');
    expect((await alertFor('dead_letter', dead.id)).summary).toContain('choose the cash account in Connections → Head office → Posting');
  });

  it('on any connection: no account chosen → dead letter naming it; only chart accounts are taken; the replay posts once', async () => {
    const [invoice] = await freshInvoices(tenant, 1);
    await tenant.db.query(`UPDATE sagepro_connections SET settings = settings - 'glCash' - 'glRefunds' WHERE id = $1`, [tenant.sageProConnectionId]);
    const { sageProConnection } = await tenant.gql(`query($id: ID!) { sageProConnection(id: $id) { name ${POSTING} } }`, { id: tenant.sageProConnectionId });
    expect(sageProConnection.posting).toMatchObject({ glCash: null, glRefunds: null, glReceivables: '1200' });

    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    const dead = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'dead');
    const letter = await deadLetterOf(dead.id);
    expect(letter).toMatchObject({ cause: 'validation', field: 'gl.cash', reason: expect.stringContaining(`choose the cash account in Connections → ${sageProConnection.name} → Posting`) });
    expect(letter.reason).toContain('also not chosen: refunds');
    expect((await alertFor('validation_failure', dead.id)).summary).toContain(`Connections → ${sageProConnection.name} → Posting`);
    expect((await alertFor('dead_letter', dead.id)).summary).toContain('choose the cash account');
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([]);

    // What to choose from: the company's own chart.
    const { sageProChartOfAccounts: chart } = await tenant.gql('query($id: ID!) { sageProChartOfAccounts(connectionId: $id) { account description type active } }', { id: tenant.sageProConnectionId });
    expect(chart).toContainEqual({ account: '1010', description: 'Card Clearing - PayTrace', type: 'A', active: true });
    expect(chart).toContainEqual({ account: '1020', description: 'Refund Clearing - PayTrace', type: 'A', active: true });

    // An account the chart does not hold is refused naming its field, and nothing is stored.
    const foreign = await answer('mutation($id: ID!) { updateSageProPosting(id: $id, input: { glCash: "1010", glRefunds: "9999" }) { id } }', { id: tenant.sageProConnectionId });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'glRefunds' });
    expect(foreign.errors?.[0].message).toContain('9999 is not an account');

    // Only the cash account chosen: the replay names the next missing one and still writes nothing.
    await tenant.gql('mutation($id: ID!) { updateSageProPosting(id: $id, input: { glCash: "1010" }) { id } }', { id: tenant.sageProConnectionId });
    await tenant.gql('mutation($ids: [ID!]) { replayDeadLetters(input: { ids: $ids }) { replayed } }', { ids: [letter.id] });
    await eventually(async () => expect(await deadLetterOf(dead.id)).toMatchObject({ field: 'gl.refunds' }), 15_000);
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([]);

    const { updateSageProPosting } = await tenant.gql(`mutation($id: ID!) { updateSageProPosting(id: $id, input: { glRefunds: " 1020 " }) { ${POSTING} } }`, { id: tenant.sageProConnectionId });
    expect(updateSageProPosting.posting).toMatchObject({ glCash: '1010', glRefunds: '1020' });
    const again = await deadLetterOf(dead.id);
    const replay = await tenant.gql('mutation($ids: [ID!]) { replayDeadLetters(input: { ids: $ids }) { replayed } }', { ids: [again.id] });
    expect(replay.replayDeadLetters.replayed).toBe(1);
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: invoice.cents }]);
    const { rows } = await tenant.company.query(`SELECT trim(cashacct) AS cashacct FROM pro01.arcash WHERE trim(refno) = $1`, [`PT${sale.transactionId}`]);
    expect(rows).toEqual([{ cashacct: '1010' }]);
    const twice = await tenant.gql('mutation($ids: [ID!]) { replayDeadLetters(input: { ids: $ids }) { replayed } }', { ids: [again.id] });
    expect(twice.replayDeadLetters.replayed).toBe(0);
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toHaveLength(1);
  });
});
