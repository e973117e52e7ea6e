/**
 * The pipeline on the published version: each environment's pairs run the version deployed there
 * (the built-in default flow until one is), every event and effect records it, a version's status
 * map, GL rules and filters take effect, a dead letter replayed after a fix runs the newer version,
 * and a preview shows what a version would write while writing nothing in either database (a refund's
 * rows: those the pipeline then writes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from '../../backend/src/flows/definition/default-flows.js';
import type { FlowDefinition } from '../../backend/src/flows/definition/flow-definition.js';
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { minorToSageMoney } from '../../backend/src/sagepro/money.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { eventReaches, freshInvoices, invoiceRow, type OpenInvoice, pipelineTenant, type PipelineTenant, wireTenant } from '../pipeline/pipeline-harness.js';

let t: TestApp;
let prod: PipelineTenant;
let dev: PipelineTenant;
let flowId: string;
let invoices: OpenInvoice[];
let nextTransaction = 880_000_100;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  prod = await pipelineTenant(t, 'Flow Runner'); // its pair is in prod (the default environment)
  dev = await wireTenant(t, { token: prod.token, tenantId: prod.tenantId }, { name: 'Flow Runner dev', environment: 'dev' });
  const { flows } = await prod.gql('{ flows { id kind } }');
  flowId = flows.find((flow: { kind: string }) => flow.kind === 'payment_sync').id;
  invoices = await freshInvoices(prod, 8);
}, 90_000);

afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await t?.close();
});

/** Saves `definition` as the draft, publishes it and deploys it to each of `environments` in order. */
async function release(definition: FlowDefinition, comment: string, environments: string[]): Promise<{ id: string; number: number }> {
  const { flow } = await prod.gql('query($f: ID!) { flow(id: $f) { draft { revision } } }', { f: flowId });
  const saved = await prod.gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: flowId, d: definition, r: flow.draft.revision });
  const { publishFlowVersion: version } = await prod.gql('mutation($f: ID!, $r: Int!, $c: String) { publishFlowVersion(flowId: $f, revision: $r, comment: $c) { id number } }', {
    f: flowId,
    r: saved.saveFlowDraft.revision,
    c: comment,
  });
  for (const environment of environments) {
    await prod.gql('mutation($v: ID!, $e: Environment!) { promoteFlowVersion(versionId: $v, environment: $e) { deployment { versionNumber } } }', { v: version.id, e: environment });
  }
  return version;
}

function withTransform(config: Record<string, unknown>, extraSteps: FlowDefinition['steps'] = []): FlowDefinition {
  const flow = defaultFlowDefinition('payment_sync');
  flow.steps[2] = { id: 'transform', type: 'transform', name: 'Status, GL account, date', config } as FlowDefinition['steps'][number];
  flow.steps.splice(1, 0, ...extraSteps);
  return flow;
}

function payment(type: PaymentEvent['type'], invoice: OpenInvoice, extra: Partial<PaymentEvent> = {}): PaymentEvent {
  return { type, transactionId: String(nextTransaction++), amountMinor: invoice.cents, currency: 'USD', occurredAt: new Date().toISOString(), method: 'card', documentNumber: invoice.invno, ...extra };
}

async function send(tenant: PipelineTenant, event: PaymentEvent) {
  await tenant.accept('partner', { externalId: `flow-${event.transactionId}-${event.type}`, event });
  return event;
}

async function versionOf(eventId: string) {
  const { rows } = await prod.db.query('SELECT flow_version, flow_version_id FROM inbox_events WHERE id = $1', [eventId]);
  const { rows: effects } = await prod.db.query('SELECT kind, flow_version FROM sync_effects WHERE event_id = $1 ORDER BY kind', [eventId]);
  const { rows: steps } = await prod.db.query("SELECT rule FROM event_steps WHERE event_id = $1 AND step = 'flow'", [eventId]);
  return { version: rows[0].flow_version as number, versionId: rows[0].flow_version_id as string | null, effects, steps: steps.map((s) => s.rule) };
}

describe('the pipeline on the published version', () => {
  it('runs the built-in default flow (version 0) until a version is deployed, and records it on the event and its effects', async () => {
    const sale = await send(prod, payment('payment.approved', invoices[0]));
    const event = await eventReaches(prod, sale.transactionId, 'payment.approved', 'done');
    const recorded = await versionOf(event.id);
    expect(recorded).toMatchObject({ version: 0, versionId: null, steps: ['payment_sync default'] });
    expect(recorded.effects.map((e: { flow_version: number }) => e.flow_version)).toEqual([0, 0]);
  });

  it("runs in each environment the version deployed there: dev's status map, GL rule and number; prod the default", async () => {
    const v1 = await release(withTransform({ statusMap: { declined: null }, glRules: [{ id: 'big-cards', when: { triggers: ['approved'], amount: { atLeast: 1 } }, account: '1000' }] }), 'declines write no status; card sales to the operating account', ['dev']);
    expect(v1.number).toBe(1);

    const devDecline = await send(dev, payment('payment.declined', invoices[1], { reason: 'Insufficient funds' }));
    const prodDecline = await send(prod, payment('payment.declined', invoices[2], { reason: 'Insufficient funds' }));
    const devEvent = await eventReaches(dev, devDecline.transactionId, 'payment.declined', 'done');
    const prodEvent = await eventReaches(prod, prodDecline.transactionId, 'payment.declined', 'done');
    expect(await versionOf(devEvent.id)).toMatchObject({ version: 1, versionId: v1.id, steps: ['payment_sync v1'] });
    expect(await versionOf(prodEvent.id)).toMatchObject({ version: 0, versionId: null });
    expect(devEvent.outcome.status).toBeNull();
    expect((await invoiceRow(dev, invoices[1].invno)).refno).toBe('');
    expect((await invoiceRow(prod, invoices[2].invno)).refno).toMatch(/^PAYFAIL PT/);

    const devSale = await send(dev, payment('payment.approved', invoices[3]));
    const saleEvent = await eventReaches(dev, devSale.transactionId, 'payment.approved', 'done');
    const { rows } = await dev.company.query(`SELECT trim(cashacct) AS cashacct FROM pro01.arcash WHERE trim(refno) = $1`, [`PT${devSale.transactionId}`]);
    expect(rows.map((r) => r.cashacct)).toEqual(['1000']); // the connection's cash account is 1010, card clearing
    const { rows: ardist } = await dev.company.query(`SELECT trim(glacnt) AS glacnt, round(amount * 100)::int AS cents FROM pro01.ardist WHERE trim(tranno) = $1 AND amount > 0`, [invoices[3].invno]);
    expect(ardist).toContainEqual({ glacnt: '1000', cents: invoices[3].cents });
    const { rows: decided } = await prod.db.query("SELECT detail FROM event_steps WHERE event_id = $1 AND step = 'decided'", [saleEvent.id]);
    expect(decided[0].detail).toMatchObject({ glAccount: '1000', glRule: 'big-cards' });
  });

  it('holds what a filter stops for a person, and replays a dead letter on the version deployed after a fix', async () => {
    // v2: a condition that fails at run time on a document number that is not a number.
    const broken = withTransform({}, [{ id: 'small-only', type: 'filter', on: ['approved'], config: { condition: '$number(documentNumber) < 100000', otherwise: 'review', reason: 'large invoices are checked by hand' } }]);
    await release(broken, 'only small invoice numbers', ['dev']);
    const sale = await send(dev, payment('payment.approved', invoices[4], { documentNumber: `X-${invoices[4].invno}` }));
    const dead = await eventReaches(dev, sale.transactionId, 'payment.approved', 'dead');
    expect(await versionOf(dead.id)).toMatchObject({ version: 2 });
    const { deadLetters } = await dev.gql('{ deadLetters(first: 50) { nodes { id eventId errorCode field } } }');
    const letter = deadLetters.nodes.find((d: { eventId: string }) => d.eventId === dead.id);
    expect(letter).toMatchObject({ errorCode: 'validation', field: 'flow.small-only.condition' });

    // v3 fixes the condition (a text test): the replay runs v3 and holds the payment for a person.
    const fixed = withTransform({}, [{ id: 'small-only', type: 'filter', on: ['approved'], config: { condition: "$not($contains(documentNumber, 'X-'))", otherwise: 'review', reason: 'hand-keyed invoice numbers are checked by a person' } }]);
    const v3 = await release(fixed, 'the filter reads text', ['dev']);
    await dev.gql('mutation($id: ID!) { replayDeadLetters(input: { ids: [$id] }) { replayed } }', { id: letter.id });
    const held = await eventReaches(dev, sale.transactionId, 'payment.approved', 'manual_review');
    expect(await versionOf(held.id)).toMatchObject({ version: 3, versionId: v3.id });
    const { rows } = await prod.db.query('SELECT reason, detail FROM manual_reviews WHERE event_id = $1', [held.id]);
    expect(rows[0]).toMatchObject({ reason: 'held_by_flow', detail: { filter: 'small-only' } });
  });
});

describe('test runs', () => {
  it("sends a sample through dev's own pair, run by dev's version, and never to prod", async () => {
    const { testRunFlow: eventId } = await prod.gql('mutation { testRunFlow(environment: dev, sample: { example: true, trigger: "declined" }) }');
    await eventually(async () => {
      const { rows } = await prod.db.query('SELECT state, integration_id, flow_version FROM inbox_events WHERE id = $1', [eventId]);
      expect(rows[0]).toMatchObject({ state: 'done', integration_id: dev.integrationId });
      expect(rows[0].flow_version).toBeGreaterThan(0);
    }, 15_000);
    const { syncEvent } = await prod.gql('query($id: ID!) { syncEvent(id: $id) { timeline { step rule } } }', { id: eventId });
    expect(syncEvent.timeline).toContainEqual(expect.objectContaining({ step: 'flow', rule: expect.stringMatching(/^payment_sync v\d+$/) }));
    const refused = await t.gql('mutation { testRunFlow(environment: prod, sample: { example: true }) }', undefined, { token: prod.token });
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'environment' } });
  });
});

/** `row`'s values at the keys of a planned row, comparable across JSON and Sage text (padding, money, dates); AR session and time stamp left out. */
function comparable(row: Record<string, unknown>, planned: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(planned).filter((key) => !['arsess', 'adddate', 'addtime'].includes(key));
  const plain = (value: unknown) => {
    const text = String(value ?? '').trim().replace(/T00:00:00$/, '');
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  };
  return Object.fromEntries(keys.map((key) => [key, plain(row[key])]));
}

describe('preview', () => {
  /** Every row of both databases that a write could touch, as one text per table (a checksum of its rows). */
  async function snapshot(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [pool, schema] of [
      [prod.db, 'public'],
      [prod.company, 'pro01'],
    ] as const) {
      const { rows: tables } = await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`, [schema]);
      for (const { table_name } of tables) {
        const { rows } = await pool.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS sum FROM ${schema}."${table_name}" t`);
        out[`${schema}.${table_name}`] = `${rows[0].n}:${rows[0].sum}`;
      }
    }
    return out;
  }

  it("shows the rules that fire and the Sage Pro rows a version would write, writing nothing in Settle's or Sage Pro's database", async () => {
    await eventually(async () => expect((await prod.db.query("SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 AND state IN ('queued', 'processing', 'waiting')", [prod.tenantId])).rows[0].n).toBe(0), 15_000);
    const v4 = await release(withTransform({ statusMap: { approved: 'partly_paid' } }), 'approved reads Partly paid', ['dev']);
    const invoice = invoices[5];
    const sample = { event: { type: 'payment.approved', transactionId: '880009999', amountMinor: invoice.cents, currency: 'USD', occurredAt: '2026-12-01T18:00:00Z', method: 'card', documentNumber: invoice.invno } };
    const before = await snapshot();
    const { previewFlow } = await prod.gql(
      `query($f: ID!, $v: ID, $s: FlowSampleInput!) { previewFlow(flowId: $f, versionId: $v, sample: $s) {
        taken decision summary status glAccount firedRules { step rule } rows { table action key values } problems { field message } durationMs } }`,
      { f: flowId, v: v4.id, s: sample },
    );
    expect(await snapshot()).toEqual(before);
    expect(previewFlow).toMatchObject({ taken: true, decision: 'apply_to_invoice', status: 'partly_paid', glAccount: '1010', problems: [] });
    expect(previewFlow.firedRules).toContainEqual({ step: 'match', rule: 'invoice_number' });
    const cash = previewFlow.rows.find((row: { table: string }) => row.table === 'arcash');
    // Rows in Sage form, as the connector writes them: keys padded, money as numeric text.
    expect(cash).toMatchObject({ action: 'insert', values: { refno: 'PT880009999', cashacct: '1010' } });
    expect([cash.values.invno.trim(), cash.values.paidamt]).toEqual([invoice.invno, minorToSageMoney(invoice.cents, 'USD')]);
    expect(previewFlow.rows).toContainEqual(expect.objectContaining({ table: 'armast', key: invoice.invno, values: { refno: 'PARTPAID PT880009999' } }));

    // The draft (the default flow, as discarded) and a generated decline: its own status, nothing stored either.
    const { previewFlow: example } = await prod.gql('query($f: ID!) { previewFlow(flowId: $f, sample: { example: true, trigger: "declined" }) { taken decision status } }', { f: flowId });
    expect(example).toMatchObject({ taken: true, decision: 'mark_failed' });
    expect(await snapshot()).toEqual(before);
  });

  it('previews a refund of a receipt the pipeline wrote: the rows it shows are those the pipeline then writes, and the preview writes nothing', async () => {
    const descrip = { kind: 'expression', expression: "(type = 'payment.refunded' ? 'Back ' : 'Card ') & documentNumber" };
    const version = await release(withTransform({ mappings: { gl_distribution: { descrip } } }), 'GL lines described', ['dev', 'qa', 'prod']);
    const invoice = invoices[7];
    const sale = await send(prod, payment('payment.approved', invoice));
    await eventReaches(prod, sale.transactionId, 'payment.approved', 'done');
    const refund = payment('payment.refunded', invoice, { amountMinor: Math.min(700, invoice.cents - 1), originalTransactionId: sale.transactionId });

    const before = await snapshot();
    const { previewFlow } = await prod.gql(
      `query($f: ID!, $v: ID, $s: FlowSampleInput!) { previewFlow(flowId: $f, versionId: $v, sample: $s) {
        decision summary status firedRules { step rule detail } rows { table action key values } problems { field message } } }`,
      { f: flowId, v: version.id, s: { event: refund } },
    );
    expect(await snapshot()).toEqual(before);
    expect(previewFlow, JSON.stringify(previewFlow)).toMatchObject({ decision: 'reverse', status: 'refunded', problems: [] });
    expect(previewFlow.firedRules.map((fired: { rule: string }) => fired.rule)).toEqual(expect.arrayContaining(['original_transaction', 'refund', 'credit', 'mapping:gl_distribution.descrip', 'status:refunded']));
    expect(previewFlow.rows.map((row: { table: string; action: string }) => `${row.action} ${row.table}`)).toEqual(['insert arcash', 'update armast', 'update arcust', 'insert ardist', 'insert ardist', 'update armast']);

    await send(prod, refund);
    await eventReaches(prod, refund.transactionId, 'payment.refunded', 'done');
    const [cash, money, customer, debit, credit, status] = previewFlow.rows;
    expect(cash.values).toMatchObject({ paidamt: minorToSageMoney(-refund.amountMinor, 'USD') });
    const written = async (sql: string, params: unknown[]) => (await prod.company.query(`SELECT row_to_json(t) AS row FROM (${sql}) t`, params)).rows.map((r) => r.row);
    const [cashRow] = await written('SELECT * FROM pro01.arcash WHERE refno = $1', [cash.values.refno]);
    const distRows = await written('SELECT d.* FROM pro01.ardist d JOIN pro01.arcash c ON c.arsess = d.arsess AND c.invno = d.tranno WHERE c.refno = $1 ORDER BY d.id_col', [cash.values.refno]);
    const [itemRow] = await written('SELECT * FROM pro01.armast WHERE id_col = $1', [Number(money.key.replace('id ', ''))]);
    const [customerRow] = await written('SELECT * FROM pro01.arcust WHERE id_col = $1', [Number(customer.key.replace('id ', ''))]);
    // The write takes its AR session from SYSDATA and stamps its own time; every other value is the preview's.
    const same = (planned: Record<string, unknown>, row: Record<string, unknown>) => expect(comparable(row, planned)).toEqual(comparable(planned, planned));
    same(cash.values, cashRow);
    expect(distRows).toHaveLength(2);
    same(debit.values, distRows[0]);
    same(credit.values, distRows[1]);
    expect(distRows.map((row: Record<string, unknown>) => String(row.descrip).trim())).toEqual([`Back ${invoice.invno}`, `Back ${invoice.invno}`]);
    same({ ...money.values, ...status.values }, itemRow);
    same(customer.values, customerRow);
  });

  it("previews an order-to-cash flow: the customer it would create, the sales order and its lines, with the version's mappings", async () => {
    const { flows } = await prod.gql('{ flows { id kind draft { revision } } }');
    const orders = flows.find((flow: { kind: string }) => flow.kind === 'order_to_cash');
    const definition = defaultFlowDefinition('order_to_cash');
    definition.steps[2] = { id: 'transform', type: 'transform', config: { mappings: { sales_order: { ponum: { kind: 'expression', expression: "'WEB-' & $substringAfter(orderNumber, '#')" } } } } };
    await prod.gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: orders.id, d: definition, r: orders.draft.revision });
    const before = await snapshot();
    const { previewFlow } = await prod.gql('query($f: ID!) { previewFlow(flowId: $f, sample: { example: true }) { decision summary rows { table key values } firedRules { rule } problems { field } } }', { f: orders.id });
    expect(await snapshot()).toEqual(before);
    expect(previewFlow).toMatchObject({ decision: 'sales_order', problems: [] });
    expect(previewFlow.rows.map((row: { table: string }) => row.table)).toEqual(['arcust', 'somast', 'sotran', 'sotran']);
    expect(previewFlow.rows[1].values).toMatchObject({ ponum: 'WEB-1001' });
    expect(previewFlow.firedRules).toContainEqual({ rule: 'mapping:sales_order.ponum' });
  });

  it('refuses a sample it cannot read, naming the field', async () => {
    const res = await t.gql('query($f: ID!) { previewFlow(flowId: $f, sample: { event: { type: "payment.approved", transactionId: "12", amountMinor: -5, currency: "USD", occurredAt: "2026-12-01T18:00:00Z" } }) { taken } }', { f: flowId }, { token: prod.token });
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sample.event.amountMinor' } });
  });
});

describe('field mappings of a cash receipt', () => {
  it("write the version's date and deposit account into ARCASH, noted on the timeline", async () => {
    await release(withTransform({ mappings: { cash_receipt: { dtepaid: { kind: 'constant', value: '2026-11-30' }, cashacct: { kind: 'expression', expression: "amountMinor > 0 ? '1000' : '1010'" } } } }), 'receipts dated at month end, to the operating account', ['dev']);
    const sale = await send(dev, payment('payment.approved', invoices[6]));
    const event = await eventReaches(dev, sale.transactionId, 'payment.approved', 'done');
    const { rows } = await dev.company.query(`SELECT trim(cashacct) AS cashacct, to_char(dtepaid, 'YYYY-MM-DD') AS dtepaid FROM pro01.arcash WHERE trim(refno) = $1`, [`PT${sale.transactionId}`]);
    expect(rows).toEqual([{ cashacct: '1000', dtepaid: '2026-11-30' }]);
    const { rows: steps } = await prod.db.query("SELECT detail FROM event_steps WHERE event_id = $1 AND step = 'mapped'", [event.id]);
    expect(steps[0].detail.fired.map((f: { rule: string }) => f.rule).sort()).toEqual(['cash_receipt.cashacct', 'cash_receipt.dtepaid']);
  });
});
