/**
 * Reference matching on the payer's own texts: a version whose match step reads the description (a
 * regular expression picks the invoice number out of it), a partner's metadata (the customer's PO
 * number) and, when no reference finds an invoice, the customer + amount + date fallback with a
 * tolerance. Deployed to dev, it runs on a PayTrace sale and on signed partner deliveries; a fallback
 * that finds two invoices goes to review, never to one of them. Card numbers in the texts are redacted
 * in the inbox, payload and event alike.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from '../../backend/src/flows/definition/default-flows.js';
import type { FlowDefinition, MatchConfig } from '../../backend/src/flows/definition/flow-definition.js';
import { REDACTED_CARD_NUMBER, withLuhnCheckDigit } from '../../backend/src/platform/card-data/card-numbers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { cashLinesOf, eventReaches, type EventRow, pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';

/** The fallback's tolerance (±$5.00) and window (a week either side of the payment's date). */
const TOLERANCE_MINOR = 500;
const WINDOW_DAYS = 7;

const MATCH: MatchConfig = {
  references: [
    { source: 'fields.description', extract: 'INV-(\\d+)', target: 'invoice_number' },
    { source: 'fields.metadata.customer_po', target: 'po_number' },
    { source: 'documentNumber', target: 'invoice_number' },
  ],
  customerAmount: { windowDays: WINDOW_DAYS, toleranceMinor: TOLERANCE_MINOR },
  unmatched: 'manual_review',
};

interface Invoice {
  invno: string;
  custno: string;
  cents: number;
  ponum: string;
  invdte: string;
}

let t: TestApp;
let dev: PipelineTenant;
let partner: { url: string; secret: string };
let byDescription: Invoice;
let byPo: Invoice;
/** Two open invoices of one customer, a few dollars and a few days apart. */
let pair: [Invoice, Invoice];
let nextTransaction = 991_200_100;

/** Open invoices no payment has touched, of customers Settle may post to (as pipeline-harness's freshInvoices). */
const FRESH = `a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 0 AND a.balance < 5000 AND trim(a.refno) = ''
  AND c.lckstat = '' AND c.credstat <> 'H' AND a.currid IN ('USD', '')`;
const COLUMNS = (a: string) => `trim(${a}.invno) AS invno, trim(${a}.custno) AS custno, round(${a}.balance * 100)::int AS cents, trim(${a}.ponum) AS ponum, to_char(${a}.invdte, 'YYYY-MM-DD') AS invdte`;

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  dev = await pipelineTenant(t, 'Reference Finders', { environment: 'dev' });
  partner = (await dev.gql('mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "ERP relay" }) { secret url } }', { i: dev.integrationId })).createWebhookEndpoint;

  const { rows: pairs } = await dev.company.query(
    `SELECT ${COLUMNS('a')}, ${COLUMNS('b').replaceAll(' AS ', ' AS b_')}
       FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno
       JOIN pro01.armast b ON b.custno = a.custno AND b.invno > a.invno
      WHERE ${FRESH} AND ${FRESH.replaceAll('a.', 'b.')}
        AND abs(a.balance - b.balance) * 100 <= $1 AND abs(a.invdte::date - b.invdte::date) <= $2
      ORDER BY abs(a.balance - b.balance), a.invno LIMIT 1`,
    [2 * TOLERANCE_MINOR - 2, 2 * WINDOW_DAYS],
  );
  expect(pairs, 'the sandbox company has two open invoices of one customer within the tolerance and window').toHaveLength(1);
  const [row] = pairs;
  pair = [
    { invno: row.invno, custno: row.custno, cents: row.cents, ponum: row.ponum, invdte: row.invdte },
    { invno: row.b_invno, custno: row.b_custno, cents: row.b_cents, ponum: row.b_ponum, invdte: row.b_invdte },
  ];
  // A PO number only one invoice carries, of another customer (the fallback never reaches it).
  const { rows: others } = await dev.company.query(
    `SELECT ${COLUMNS('a')} FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno
      WHERE ${FRESH} AND trim(a.custno) <> $1 AND trim(a.ponum) <> '' AND a.invno ~ '^ *[0-9]+$'
        AND (SELECT count(*) FROM pro01.armast o WHERE o.ponum = a.ponum) = 1
      ORDER BY a.invno LIMIT 2`,
    [pair[0].custno],
  );
  [byDescription, byPo] = others;
  expect(byPo, 'two more open invoices').toBeDefined();

  await release(defaultFlowDefinition('payment_sync'), 'match on the description, the PO in metadata, then customer and amount ±$5');
}, 90_000);

afterAll(async () => {
  await dev?.close();
  await t?.close();
});

/** Publishes the default flow with MATCH as its match step and deploys it to dev. */
async function release(flow: FlowDefinition, comment: string): Promise<void> {
  flow.steps[1] = { ...flow.steps[1], config: MATCH } as FlowDefinition['steps'][number];
  const { flows } = await dev.gql('{ flows { id kind draft { revision } } }');
  const payments = flows.find((f: { kind: string }) => f.kind === 'payment_sync');
  const saved = await dev.gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: payments.id, d: flow, r: payments.draft.revision });
  const { publishFlowVersion: version } = await dev.gql('mutation($f: ID!, $r: Int!, $c: String) { publishFlowVersion(flowId: $f, revision: $r, comment: $c) { id } }', {
    f: payments.id,
    r: saved.saveFlowDraft.revision,
    c: comment,
  });
  await dev.gql('mutation($v: ID!) { promoteFlowVersion(versionId: $v, environment: dev) { deployment { versionNumber } } }', { v: version.id });
}

/** A signed partner delivery of an approved payment; answers its transaction id. */
async function deliver(data: Record<string, unknown>): Promise<string> {
  const transactionId = String(nextTransaction++);
  const body = JSON.stringify({ type: 'payment.approved', data: { transaction_id: transactionId, ...data } });
  const id = `msg_ref_${transactionId}`;
  const at = new Date();
  const res = await t.http
    .post(new URL(partner.url).pathname)
    .set('content-type', 'application/json')
    .set('webhook-id', id)
    .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
    .set('webhook-signature', new Webhook(partner.secret).sign(id, at, body))
    .send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return transactionId;
}

async function matched(event: EventRow): Promise<{ rule: string; detail: Record<string, unknown> }> {
  const { rows } = await dev.db.query("SELECT rule, detail FROM event_steps WHERE event_id = $1 AND step = 'matched' ORDER BY started_at DESC LIMIT 1", [event.id]);
  return rows[0];
}

async function stored(event: EventRow): Promise<{ event: any; payload: any }> {
  const { rows } = await dev.db.query('SELECT event, payload FROM inbox_events WHERE id = $1', [event.id]);
  return rows[0];
}

describe("a version's match step on the payer's texts", () => {
  it('finds the invoice a PayTrace sale names only in its description, by the regular expression', async () => {
    const invoice = byDescription;
    const sale = await dev.merchant.sale(invoice.cents, { description: `Payment for INV-${invoice.invno} thanks` });
    await dev.poll();
    const event = await eventReaches(dev, sale.transactionId, 'payment.approved', 'done');
    const { event: recorded } = await stored(event);
    expect(recorded).not.toHaveProperty('documentNumber'); // the integration's reference field (invoice_id) is empty
    expect(recorded.fields).toEqual({ description: `Payment for INV-${invoice.invno} thanks` });
    expect(await matched(event)).toMatchObject({ rule: 'invoice_number', detail: { choice: 'one', invno: invoice.invno } });
    expect(await cashLinesOf(dev, `PT${sale.transactionId}`)).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: invoice.cents }]);
  });

  it("finds the invoice by the PO number a partner's metadata carries; a card number in the description is redacted in the inbox", async () => {
    const invoice = byPo;
    const card = withLuhnCheckDigit('411111111111111');
    const transactionId = await deliver({
      amount: { minor: invoice.cents, currency: 'USD' },
      occurred_at: new Date().toISOString(),
      description: `Card ${card} on file, paid by phone`,
      metadata: { customer_po: invoice.ponum, region: 'West' },
    });
    const event = await eventReaches(dev, transactionId, 'payment.approved', 'done');
    expect(await matched(event)).toMatchObject({ rule: 'po_number', detail: { choice: 'one', invno: invoice.invno } });
    expect(await cashLinesOf(dev, `PT${transactionId}`)).toEqual([{ invno: invoice.invno, custno: invoice.custno, cents: invoice.cents }]);

    const row = await stored(event);
    expect(row.event.fields).toEqual({ description: `Card ${REDACTED_CARD_NUMBER} on file, paid by phone`, metadata: { customer_po: invoice.ponum, region: 'West' } });
    expect(row.payload.data.description).toBe(`Card ${REDACTED_CARD_NUMBER} on file, paid by phone`);
    expect(JSON.stringify(row)).not.toContain(card);
  });

  it('sends a payment whose customer + amount fallback finds two invoices within the tolerance to review, naming both', async () => {
    const [first, second] = pair;
    const midpoint = new Date((Date.parse(`${first.invdte}T18:00:00Z`) + Date.parse(`${second.invdte}T18:00:00Z`)) / 2);
    midpoint.setUTCHours(18, 0, 0, 0);
    const amount = Math.floor((first.cents + second.cents) / 2);
    const transactionId = await deliver({
      amount: { minor: amount, currency: 'USD' },
      occurred_at: midpoint.toISOString(),
      customer: { number: first.custno },
      description: 'Thanks for the quick delivery',
    });
    const event = await eventReaches(dev, transactionId, 'payment.approved', 'manual_review');
    expect(await matched(event)).toMatchObject({ rule: 'customer_amount_date', detail: { choice: 'ambiguous', invno: null } });
    const { rows } = await dev.db.query('SELECT reason, detail FROM manual_reviews WHERE event_id = $1', [event.id]);
    expect(rows[0].reason).toBe('invoice_not_found');
    expect(rows[0].detail.candidates.map((invno: string) => invno.trim())).toEqual(expect.arrayContaining([first.invno, second.invno]));
    expect(await cashLinesOf(dev, `PT${transactionId}`)).toEqual([]);
  });
});
