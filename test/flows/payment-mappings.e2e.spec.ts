/**
 * A published payment-sync version's gl_distribution and invoice_status mappings: the GL lines (ARDIST)
 * of a receipt and of its refund take the mapped description, and the status write sets the mapped ORDRSTAT code on
 * the invoice's sales order. A mapped code the company does not keep is a validation dead letter
 * naming the rule, with nothing written; the preview shows the mapped values in its rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldMappings } from '../../backend/src/flows/definition/flow-definition.js';
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { releaseMappings } from './flow-release.js';
import { eventReaches, pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let flowId: string;
/** Unpaid invoices of sales orders, each test its own. */
let ordered: { invno: string; sono: string; cents: number }[];
let nextTransaction = 881_000_100;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  tenant = await pipelineTenant(t, 'Payment Mapper'); // its pair is in prod
  const { flows } = await tenant.gql('{ flows { id kind } }');
  flowId = flows.find((flow: { kind: string }) => flow.kind === 'payment_sync').id;
  const { rows } = await tenant.company.query(
    `SELECT trim(a.invno) AS invno, trim(a.ornum) AS sono, round(a.balance * 100)::int AS cents
       FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno JOIN pro01.somast s ON trim(s.sono) = trim(a.ornum)
      WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 0 AND trim(a.refno) = '' AND trim(a.ornum) <> ''
        AND c.lckstat = '' AND c.credstat <> 'H' AND s.lckstat = '' AND trim(coalesce(a.currid, '')) IN ('', 'USD')
      ORDER BY a.invno LIMIT 3`,
  );
  ordered = rows;
  expect(ordered).toHaveLength(3);
}, 90_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const release = (mappings: FieldMappings, comment: string) => releaseMappings(tenant, flowId, 'payment_sync', mappings, comment);

function sale(invoice: { invno: string; cents: number }): PaymentEvent {
  return { type: 'payment.approved', transactionId: String(nextTransaction++), amountMinor: invoice.cents, currency: 'USD', occurredAt: new Date().toISOString(), method: 'card', documentNumber: invoice.invno };
}

async function orderStatusOf(sono: string): Promise<string> {
  const { rows } = await tenant.company.query(`SELECT trim(orderstat) AS orderstat FROM pro01.somast WHERE trim(sono) = $1`, [sono]);
  return rows[0].orderstat;
}

describe('payment field mappings', () => {
  it("write the mapped GL description into ARDIST and the mapped order status on the invoice's sales order; the preview shows both", async () => {
    const [invoice, previewed] = ordered;
    const before = { invoice: await orderStatusOf(invoice.sono), previewed: await orderStatusOf(previewed.sono) };
    // A code of the sandbox's ORDRSTAT list that neither order shows yet (and not the status map's PAID).
    const code = ['SHIPPED', 'HOLD', 'OPEN'].find((candidate) => candidate !== before.invoice && candidate !== before.previewed)!;
    const version = await release(
      {
        gl_distribution: { descrip: { kind: 'expression', expression: "(type = 'payment.refunded' ? 'Refund ' : 'Card ') & documentNumber & ' ' & method" } },
        invoice_status: { orderstat: { kind: 'lookup', path: 'method', table: { card: code }, otherwise: 'PAYFAIL' } },
      },
      'card receipts described, their orders marked',
    );

    const { previewFlow } = await tenant.gql(
      'query($f: ID!, $v: ID, $s: FlowSampleInput!) { previewFlow(flowId: $f, versionId: $v, sample: $s, environment: prod) { decision summary status rows { table action key values } firedRules { rule detail } problems { field message } } }',
      { f: flowId, v: version.id, s: { event: { ...sale(previewed), transactionId: '881009999' } } },
    );
    expect(previewFlow, JSON.stringify(previewFlow)).toMatchObject({ decision: 'apply_to_invoice', status: 'paid', problems: [] });
    const distributions = previewFlow.rows.filter((row: { table: string }) => row.table === 'ardist');
    expect(distributions.map((row: { values: { descrip: string } }) => row.values.descrip)).toEqual([`Card ${previewed.invno} card`, `Card ${previewed.invno} card`]);
    expect(previewFlow.rows).toContainEqual({ table: 'somast', action: 'update', key: previewed.sono, values: { orderstat: code } });
    expect(previewFlow.firedRules.map((fired: { rule: string }) => fired.rule)).toEqual(expect.arrayContaining(['mapping:invoice_status.orderstat', 'mapping:gl_distribution.descrip']));
    expect(await orderStatusOf(previewed.sono)).toBe(before.previewed); // a preview writes nothing

    const payment = sale(invoice);
    await tenant.accept('partner', { externalId: `map-${payment.transactionId}`, event: payment });
    const event = await eventReaches(tenant, payment.transactionId, 'payment.approved', 'done');
    const { rows: lines } = await tenant.company.query(
      `SELECT trim(d.descrip) AS descrip FROM pro01.ardist d JOIN pro01.arcash c ON c.arsess = d.arsess AND c.invno = d.tranno WHERE trim(c.refno) = $1 ORDER BY d.id_col`,
      [`PT${payment.transactionId}`],
    );
    expect(lines.map((line) => line.descrip)).toEqual([`Card ${invoice.invno} card`, `Card ${invoice.invno} card`]);
    expect(await orderStatusOf(invoice.sono)).toBe(code);
    const { rows: invoices } = await tenant.company.query(`SELECT trim(refno) AS refno FROM pro01.armast WHERE trim(invno) = $1`, [invoice.invno]);
    expect(invoices[0].refno).toBe(`PAID PT${payment.transactionId}`); // the invoice keeps the status map's text
    const { rows: steps } = await tenant.db.query("SELECT step, detail FROM event_steps WHERE event_id = $1 AND step IN ('mapped', 'mapped status') ORDER BY step", [event.id]);
    expect(steps.map((step) => [step.step, step.detail.fired.map((f: { rule: string }) => f.rule)])).toEqual([
      ['mapped', ['gl_distribution.descrip']],
      ['mapped status', ['invoice_status.orderstat']],
    ]);

    // Its refund's GL lines are described by the same rule.
    const refund: PaymentEvent = { ...sale(invoice), type: 'payment.refunded', amountMinor: Math.min(500, invoice.cents), originalTransactionId: payment.transactionId };
    await tenant.accept('partner', { externalId: `map-${refund.transactionId}`, event: refund });
    await eventReaches(tenant, refund.transactionId, 'payment.refunded', 'done');
    const { rows: refundLines } = await tenant.company.query(
      `SELECT DISTINCT trim(d.descrip) AS descrip FROM pro01.ardist d JOIN pro01.arcash c ON c.arsess = d.arsess AND c.invno = d.tranno WHERE trim(c.refno) = $1`,
      [`PT${refund.transactionId}`],
    );
    expect(refundLines).toEqual([{ descrip: `Refund ${invoice.invno} card` }]);
  });

  it('a rule reading the payload as it arrived (`payload.…`) gives the same value in the preview of the stored event and in Sage Pro', async () => {
    await release({ gl_distribution: { descrip: { kind: 'expression', expression: "'Web ' & payload.order.number & ' via ' & $uppercase(payload.channel)" } } }, 'described from the partner payload');
    const invoice = ordered[1];
    const payment = sale(invoice);
    // The partner's own body: names the normalised event does not carry.
    const payload = { order: { number: 'W-5521' }, channel: 'web shop', event: payment };
    // The preview reads a stored copy the pipeline leaves alone (no integration takes it), as a person picks a sample.
    const inbox = t.app.get(InboxService);
    const sample = { ...payment, transactionId: String(nextTransaction++) };
    const [eventId] = (await inbox.accept(tenant.tenantId, [{ source: 'partner', externalId: `map-${sample.transactionId}`, integrationId: null, event: sample, payload: { ...payload, event: sample } }])).accepted;
    const { previewFlow } = await tenant.gql(
      'query($f: ID!, $s: FlowSampleInput!) { previewFlow(flowId: $f, sample: $s, environment: prod) { decision rows { table values } problems { field message } } }',
      { f: flowId, s: { eventId } },
    );
    expect(previewFlow.problems, JSON.stringify(previewFlow)).toEqual([]);
    const previewed = previewFlow.rows.filter((row: { table: string }) => row.table === 'ardist').map((row: { values: { descrip: string } }) => row.values.descrip);
    expect(new Set(previewed), JSON.stringify(previewFlow)).toEqual(new Set(['Web W-5521 via WEB SHOP']));

    await inbox.accept(tenant.tenantId, [{ source: 'partner', externalId: `map-${payment.transactionId}`, integrationId: tenant.integrationId, event: payment, payload }]);
    await eventReaches(tenant, payment.transactionId, 'payment.approved', 'done');
    const { rows: lines } = await tenant.company.query(
      `SELECT DISTINCT trim(d.descrip) AS descrip FROM pro01.ardist d JOIN pro01.arcash c ON c.arsess = d.arsess AND c.invno = d.tranno WHERE trim(c.refno) = $1`,
      [`PT${payment.transactionId}`],
    );
    expect(lines).toEqual([{ descrip: 'Web W-5521 via WEB SHOP' }]);
  });

  it('a mapped order status the company does not keep is a validation dead letter naming the rule, and nothing is written', async () => {
    await release({ invoice_status: { orderstat: { kind: 'constant', value: 'NOSUCH' } } }, 'an order status ORDRSTAT lacks');
    const invoice = ordered[2];
    const before = await orderStatusOf(invoice.sono);
    const payment = sale(invoice);
    await tenant.accept('partner', { externalId: `map-${payment.transactionId}`, event: payment });
    const event = await eventReaches(tenant, payment.transactionId, 'payment.approved', 'dead');
    const { rows: letters } = await tenant.db.query('SELECT cause, error_code, field, reason FROM dead_letters WHERE event_id = $1', [event.id]);
    expect(letters[0]).toMatchObject({ cause: 'validation', error_code: 'validation', field: 'mappings.invoice_status.orderstat' });
    expect(letters[0].reason).toMatch(/^mappings\.invoice_status\.orderstat: ORDRSTAT has no code NOSUCH/);
    const { rows: cash } = await tenant.company.query('SELECT id_col FROM pro01.arcash WHERE trim(refno) = $1', [`PT${payment.transactionId}`]);
    expect(cash).toEqual([]);
    expect(await orderStatusOf(invoice.sono)).toBe(before);
  });
});
