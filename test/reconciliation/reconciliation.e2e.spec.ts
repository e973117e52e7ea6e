/**
 * A reconciliation run end to end with both sandboxes: sales made at the PayTrace sandbox go through
 * the pipeline into the sandbox Sage Pro company, then differences are planted the way they happen
 * (a receipt lost, a clerk keying a sale again by hand, a receipt under a reference PayTrace does
 * not know), and runReconciliation must classify each, store the report with its totals, page its
 * items, refuse a bad range naming the field, and show nothing to another tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReaches, pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { closeSageProPeriods } from '../../backend/src/sandbox/sagepro/period-close.js';
import { releaseMappings } from '../flows/flow-release.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let tenant: PipelineTenant;
let other: PipelineTenant;
let invoices: { invno: string; custno: string; cents: number }[];

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300' });
  tenant = await pipelineTenant(t, 'Ledger Check Ltd');
  other = await pipelineTenant(t, 'Other Books Inc');
  const { rows } = await tenant.company.query(
    `SELECT trim(a.invno) AS invno, trim(a.custno) AS custno, round(a.balance * 100)::int AS cents
       FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno
      WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 1 AND trim(a.refno) = '' AND c.lckstat = '' AND c.credstat <> 'H'
        AND trim(coalesce(a.currid, '')) IN ('', 'USD')
      ORDER BY a.invno LIMIT 4`,
  );
  invoices = rows;
  expect(invoices).toHaveLength(4);
}, 90_000);

afterAll(async () => {
  await other?.close();
  await tenant?.close();
  await t?.close();
});

const RUN = `mutation($i: RunReconciliationInput!) { runReconciliation(input: $i) {
  id from to itemCount unexplained totals { category currency count paytraceMinor sageMinor } } }`;
const ITEMS = `query($r: ID!, $c: String, $first: Int, $after: String) { reconciliationItems(reportId: $r, category: $c, first: $first, after: $after) {
  nodes { position category sentence transactionId reference paytraceMinor sageMinor currency records { paytrace sage } fix explains } pageInfo { endCursor hasNextPage } } }`;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function paid(invoice: { invno: string; cents: number }): Promise<string> {
  const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
  await tenant.poll();
  await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
  return String(sale.transactionId);
}

describe('runReconciliation', () => {
  it('classifies what the pipeline wrote and every planted difference, stores the report and pages its items', async () => {
    await tenant.gql('mutation($i: UpsertAlertRuleInput!) { upsertAlertRule(input: $i) { id } }', { i: { kind: 'reconciliation_difference', enabled: true } });
    const matched = await paid(invoices[0]);
    const lost = await paid(invoices[1]);
    const copied = await paid(invoices[2]);
    const declined = String((await tenant.merchant.sale(29, { invoice_id: invoices[0].invno })).transactionId);
    await tenant.poll();
    await eventReaches(tenant, Number(declined), 'payment.declined', 'done');
    // PayTrace settles the day's batch; a sale after it is still pending settlement.
    await tenant.merchant.settle();
    await tenant.poll();
    const pending = await paid(invoices[3]);

    // The differences, as they happen: a receipt lost, a clerk keying a sale again, a stray Settle reference.
    await tenant.company.query('DELETE FROM pro01.arcash WHERE trim(refno) = $1', [`PT${lost}`]);
    const copy = (refno: string, from: string) =>
      tenant.company.query(
        `INSERT INTO pro01.arcash (custno, invno, refno, dtepaid, paidamt, disamt, arsess, cashacct, currid, adduser, adddate, addtime)
         SELECT custno, invno, $1, dtepaid, paidamt, disamt, arsess, cashacct, currid, 'CLRK', adddate, addtime FROM pro01.arcash WHERE trim(refno) = $2 RETURNING id_col`,
        [refno, from],
      );
    const handKeyed = (await copy('10452', `PT${copied}`)).rows[0].id_col;
    const stray = (await copy('PT999999999', `PT${matched}`)).rows[0].id_col;

    const { runReconciliation: report } = await tenant.gql(RUN, { i: { integrationId: tenant.integrationId, from: day(-1), to: day(1) } });
    const { reconciliationItems: all } = await tenant.gql(ITEMS, { r: report.id, first: 100 });
    const about = (key: string) => all.nodes.filter((item: { transactionId: string | null; reference: string | null }) => item.transactionId === key || item.reference === key);
    expect(about(matched).map((i: { category: string }) => i.category)).toEqual(['matched']);
    expect(about(declined).map((i: { category: string }) => i.category)).toEqual(['matched']);
    expect(about(pending).map((i: { category: string }) => i.category)).toEqual(['pending_settlement']);
    expect(about(lost)).toMatchObject([{ category: 'missing_in_sage', fix: 'feed_pipeline', paytraceMinor: String(invoices[1].cents), sageMinor: null }]);
    expect(about(lost)[0].sentence).toMatch(new RegExp(`^Sale ${lost} \\(${(invoices[1].cents / 100).toFixed(2)} USD\\) was approved in PayTrace on .*; Sage Pro has no receipt for it\\.$`));
    const copiedItems = about(copied).map((i: { category: string; records: { sage: string[] } }) => [i.category, i.records.sage]);
    expect(copiedItems).toContainEqual(['duplicate_receipt', [`arcash:${handKeyed}`]]);
    expect(copiedItems.map(([category]: [string]) => category).sort()).toEqual(['duplicate_receipt', 'matched']);
    expect(about('PT999999999')).toMatchObject([{ category: 'not_in_paytrace', records: { paytrace: [], sage: [`arcash:${stray}`] } }]);

    // The report: its totals add up to its items; three differences need a person.
    expect(report.itemCount).toBe(all.nodes.length);
    expect(report.unexplained).toBe(3);
    expect(report.totals.reduce((n: number, total: { count: number }) => n + total.count, 0)).toBe(report.itemCount);
    expect(report.totals.find((total: { category: string }) => total.category === 'missing_in_sage')).toEqual({ category: 'missing_in_sage', currency: 'USD', count: 1, paytraceMinor: String(invoices[1].cents), sageMinor: '0' });

    // One category at a time, a page at a time, in the report's order.
    const first = await tenant.gql(ITEMS, { r: report.id, c: 'matched', first: 1 });
    expect(first.reconciliationItems.nodes).toHaveLength(1);
    expect(first.reconciliationItems.pageInfo.hasNextPage).toBe(true);
    const rest = await tenant.gql(ITEMS, { r: report.id, c: 'matched', first: 100, after: first.reconciliationItems.pageInfo.endCursor });
    const matchedPositions = [...first.reconciliationItems.nodes, ...rest.reconciliationItems.nodes].map((i: { position: number }) => i.position);
    expect(matchedPositions).toEqual(all.nodes.filter((i: { category: string }) => i.category === 'matched').map((i: { position: number }) => i.position));

    const { reconciliationReports } = await tenant.gql('{ reconciliationReports { nodes { id unexplained } } }');
    expect(reconciliationReports.nodes).toEqual([{ id: report.id, unexplained: 3 }]);
    const { rows: audit } = await tenant.db.query("SELECT target_id FROM audit_log WHERE tenant_id = $1 AND action = 'reconciliation.ran'", [tenant.tenantId]);
    expect(audit).toEqual([{ target_id: report.id }]);
    // The differences raise the tenant's alert, naming the pair's count and the report.
    const { rows: alerts } = await tenant.db.query("SELECT a.summary FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.tenant_id = $1 AND r.kind = 'reconciliation_difference'", [tenant.tenantId]);
    expect(alerts).toEqual([{ summary: expect.stringMatching(new RegExp(`^Reconciling .+ for ${day(-1)} – ${day(1)}: 3 differences need a look \\(report ${report.id}\\)$`)) }]);

    // Sage Pro closes the month: paid invoices and their receipts move to history (ARYMST, ARYCSH); the
    // same range reconciles to the same verdicts, read from history.
    const monthEnd = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 2, 0)).toISOString().slice(0, 10);
    const closed = await closeSageProPeriods(tenant.company, '01', { through: monthEnd });
    expect(closed.moved.arycsh).toBeGreaterThan(0);
    const { runReconciliation: again } = await tenant.gql(RUN, { i: { integrationId: tenant.integrationId, from: day(-1), to: day(1) } });
    const { reconciliationItems: afterClose } = await tenant.gql(ITEMS, { r: again.id, first: 100 });
    const verdicts = (items: { category: string; transactionId: string | null; reference: string | null }[]) => items.map((i) => `${i.category} ${i.transactionId ?? i.reference}`).sort();
    expect(verdicts(afterClose.nodes)).toEqual(verdicts(all.nodes));
    expect(afterClose.nodes.flatMap((i: { records: { sage: string[] } }) => i.records.sage).some((id: string) => id.startsWith('arycsh:'))).toBe(true);

    // Another tenant sees none of it, through every entry point.
    const foreign = await t.gql('query($id: ID!) { reconciliationReport(id: $id) { id } }', { id: report.id }, { token: other.token });
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignItems = await t.gql(ITEMS, { r: report.id }, { token: other.token });
    expect(foreignItems.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await other.gql('{ reconciliationReports { nodes { id } } }')).reconciliationReports.nodes).toEqual([]);
    const crossRun = await t.gql(RUN, { i: { integrationId: tenant.integrationId, from: day(-1), to: day(1) } }, { token: other.token });
    expect(crossRun.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 60_000);

  it("takes a receipt keyed by hand to an account the deployed flow posts card money to for card money", async () => {
    // A clerk's receipt to the operating account (1000): a check, none of reconciliation's business…
    const { rows } = await tenant.company.query(
      `INSERT INTO pro01.arcash (custno, invno, refno, dtepaid, paidamt, disamt, arsess, cashacct, currid, adduser, adddate, addtime)
       SELECT custno, invno, 'CHK-77', CURRENT_DATE, 9876.54, 0, arsess, '1000', currid, 'CLRK', adddate, addtime FROM pro01.arcash ORDER BY id_col LIMIT 1 RETURNING id_col`,
    );
    const line = `arcash:${rows[0].id_col}`;
    const itemsOf = async () => {
      const { runReconciliation: report } = await tenant.gql(RUN, { i: { integrationId: tenant.integrationId, from: day(-1), to: day(1) } });
      return (await tenant.gql(ITEMS, { r: report.id, first: 100 })).reconciliationItems.nodes.filter((i: { records: { sage: string[] } }) => i.records.sage.includes(line));
    };
    expect(await itemsOf()).toEqual([]);
    // …until the deployed payment flow deposits card money there: then it is card money nothing explains.
    const { flows } = await tenant.gql('{ flows { id kind } }');
    await releaseMappings(tenant, flows.find((f: { kind: string }) => f.kind === 'payment_sync').id, 'payment_sync', { cash_receipt: { cashacct: { kind: 'constant', value: '1000' } } }, 'card money to the operating account');
    expect(await itemsOf()).toMatchObject([{ category: 'not_in_paytrace', sageMinor: '987654' }]);
  });

  it('refuses a range it cannot run, naming the field', async () => {
    const run = (from: string, to: string) => t.gql(RUN, { i: { integrationId: tenant.integrationId, from, to } }, { token: tenant.token });
    for (const [from, to, field] of [['2026-13-01', '2026-12-31', 'from'], ['2026-11-02', '2026-11-01', 'to'], ['2026-01-01', '2026-12-31', 'to']]) {
      const res = await run(from, to);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
