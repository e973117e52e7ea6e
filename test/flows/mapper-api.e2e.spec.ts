/**
 * The field mapper over GraphQL: the source tree of a pasted Shopify order and of a stored event,
 * the fields of a target record, suggestions for ARCASH from a PayTrace export (with the dev pair's
 * Sage Pro company read for known values), decisions that move later rankings (this tenant's own,
 * and another tenant's only through the anonymous all-tenants totals), the live evaluation of a
 * rule, and another tenant reading or recording nothing on this tenant's flow.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLuhnCheckDigit } from '../../backend/src/platform/card-data/card-numbers.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { sampleOrderEvent } from '../../backend/src/flows/mappings/sample-source.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';
import { freshInvoices, type PipelineTenant, wireTenant } from '../pipeline/pipeline-harness.js';

const PASSWORD = 'correct-horse-battery';
const SUGGEST = `query($f: ID!, $r: TargetRecord!, $s: FlowSampleInput!, $fields: [String!], $th: Float) {
  mappingSuggestions(flowId: $f, record: $r, sample: $s, fields: $fields, threshold: $th) {
    format threshold companyValues fields { field target required settleOwns abstained candidates { path confidence reason } suggestion { path confidence } }
  } }`;
const RECORD = `mutation($i: MappingDecisionInput!) { recordMappingDecision(input: $i) { counted accepted rejected } }`;

let t: TestApp;
let admin: pg.Client;
let alpha: PipelineTenant;
let alphaFlow: string;
const others: Record<'bravo' | 'charlie', { token: string; tenantId: string; flowId: string }> = {} as never;
let invno: string;

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;
function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

async function signUp(companyName: string, email: string) {
  const res = ok(await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', { i: { companyName, email, password: PASSWORD } }));
  const token = res.signUp.accessToken as string;
  const { flows } = ok(await t.gql('{ flows { id kind } }', {}, { token }));
  return { token, tenantId: res.signUp.me.tenant.id as string, flowId: flows.find((f: { kind: string }) => f.kind === 'payment_sync').id as string };
}

/** A PayTrace export row (its documented fields) on one of the sandbox company's invoices. */
function payTraceExport(invoice: string) {
  return {
    transaction_id: 1143021,
    credit_card: { masked_number: '************5454', expiration_month: '12', expiration_year: '27' },
    transaction_type: 'SALE',
    description: `Invoice ${invoice}`,
    amount: 110,
    invoice_id: invoice,
    receipt_emailed_to: 'ap@acme-hardware.example',
    customer_reference_id: 'PO-4471',
    approval_code: 'TAS021',
    status_message: 'Approved',
    created: { through: 'API', at: '11/3/2026 4:06:30 PM', by: 'settle_api' },
    customer_id: 'ACM100',
  };
}

/** A Shopify order (its documented fields), with a card number typed into a note by mistake. */
function shopifyOrder() {
  return {
    id: 5550001001,
    name: '#1001',
    order_number: 1001,
    email: 'jane.doe@example.com',
    created_at: '2026-10-31T15:04:05-04:00',
    currency: 'USD',
    total_price: '22.40',
    note: `card ${withLuhnCheckDigit('411111111111111')}`,
    customer: { first_name: 'Jane', last_name: 'Doe' },
    line_items: [
      { sku: 'BRK-1001', title: 'Steel shelf bracket 8 in', quantity: 2, price: '4.95' },
      { sku: 'CST-2001', title: 'Swivel caster 3 in', quantity: 1, price: '12.50' },
    ],
  };
}

const suggest = (token: string, flowId: string, sample: unknown, extra: Record<string, unknown> = {}) =>
  t.gql(SUGGEST, { f: flowId, r: 'cash_receipt', s: { event: sample }, ...extra }, { token });
const confidenceOf = (data: any, field: string, path: string): number =>
  data.mappingSuggestions.fields.find((f: { field: string }) => f.field === field).candidates.find((c: { path: string }) => c.path === path)?.confidence ?? 0;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
  admin = new pg.Client({ connectionString: t.db.adminUrl });
  await admin.connect();
  const owner = await signUp('Alpha Mapping', 'owner@alpha-mapping.test');
  alphaFlow = owner.flowId;
  alpha = await wireTenant(t, owner, { name: 'Alpha dev', environment: 'dev' });
  [{ invno }] = await freshInvoices(alpha, 1);
  others.bravo = await signUp('Bravo Mapping', 'owner@bravo-mapping.test');
  others.charlie = await signUp('Charlie Mapping', 'owner@charlie-mapping.test');
}, 60_000);

afterAll(async () => {
  await alpha?.close();
  await admin?.end();
  await t?.close();
});

describe('the source tree', () => {
  it('of a pasted Shopify order: its format, the order lines as line_items[].sku, card numbers redacted', async () => {
    const { mappingSources } = ok(
      await t.gql('query($f: ID!, $s: FlowSampleInput!) { mappingSources(flowId: $f, sample: $s) { format linesPath arrays { path elements } leaves { path format samples inArray arrayPath maxLength } } }', { f: alphaFlow, s: { event: shopifyOrder() } }, { token: alpha.token }),
    );
    expect(mappingSources.format).toBe('shopify-order');
    expect(mappingSources.linesPath).toBe('payload.line_items[]');
    const sku = mappingSources.leaves.find((leaf: { path: string }) => leaf.path === 'payload.line_items[].sku');
    expect(sku).toMatchObject({ inArray: true, arrayPath: 'payload.line_items[]', samples: ['BRK-1001', 'CST-2001'] });
    expect(mappingSources.leaves.find((leaf: { path: string }) => leaf.path === 'payload.email')).toMatchObject({ format: 'email', inArray: false });
    expect(JSON.stringify(mappingSources)).not.toContain(withLuhnCheckDigit('411111111111111'));
  });

  it("of one of the tenant's recent events: its stored payload, the format from where it came from", async () => {
    const order = sampleOrderEvent();
    await t.app.get(InboxService).accept(alpha.tenantId, [{ source: 'shopify', externalId: 'order:mapper-1', integrationId: alpha.integrationId, event: { ...order, orderId: '77001' }, payload: shopifyOrder() }]);
    const { flows } = await alpha.gql('{ flows { id kind } }');
    const orderFlow = flows.find((f: { kind: string }) => f.kind === 'order_to_cash').id;
    const { mappingSampleEvents } = await alpha.gql('query($f: ID!) { mappingSampleEvents(flowId: $f, first: 5) { id source type format } }', { f: orderFlow });
    expect(mappingSampleEvents[0]).toMatchObject({ source: 'shopify', type: 'order.created', format: 'shopify-order' });
    const { mappingSources } = await alpha.gql('query($f: ID!, $s: FlowSampleInput!) { mappingSources(flowId: $f, sample: $s) { format leaves { path } } }', { f: orderFlow, s: { eventId: mappingSampleEvents[0].id } });
    expect(mappingSources.format).toBe('shopify-order');
    // What the pipeline's mappings read: the normalised event, and the payload as it arrived under `payload`.
    expect(mappingSources.leaves.map((leaf: { path: string }) => leaf.path)).toEqual(expect.arrayContaining(['lines[].sku', 'orderNumber', 'payload.line_items[].sku']));
    // A payment flow neither lists nor maps order events.
    const wrongKind = await t.gql('query($f: ID!, $s: FlowSampleInput!) { mappingSources(flowId: $f, sample: $s) { format } }', { f: alphaFlow, s: { eventId: mappingSampleEvents[0].id } }, { token: alpha.token });
    expect(wrongKind.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sample.eventId' });
    expect((await alpha.gql('query($f: ID!) { mappingSampleEvents(flowId: $f) { id } }', { f: alphaFlow })).mappingSampleEvents).toEqual([]);
  });

  it('refuses a sample that is not exactly one of eventId, event or example, naming the field', async () => {
    const res = await t.gql('query($f: ID!) { mappingSources(flowId: $f, sample: {}) { format } }', { f: alphaFlow }, { token: alpha.token });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sample' });
  });
});

describe('the targets', () => {
  it('of sales_order_line: every SOTRAN field with type, width, required, description and who sets it', async () => {
    const { mappingTargets } = await alpha.gql('{ mappingTargets(record: sales_order_line) { record perLine fields { name table type typeText width required description defaultValue settleOwns code } } }');
    expect(mappingTargets).toMatchObject({ record: 'sales_order_line', perLine: true });
    const item = mappingTargets.fields.find((f: { name: string }) => f.name === 'item');
    expect(item).toMatchObject({ table: 'sotran', type: 'char', width: 25, settleOwns: null });
    expect(item.description).not.toBe('');
    expect(mappingTargets.fields.some((f: { settleOwns: string | null }) => f.settleOwns)).toBe(true);
    expect(mappingTargets.fields.find((f: { name: string }) => f.name === 'glsale').code).toBe('gl_account');
  });
});

describe('suggestions and decisions', () => {
  it('rank invoice_id for ARCASH.invno from a PayTrace export, the invoice found in the dev company', async () => {
    const data = ok(await suggest(alpha.token, alphaFlow, payTraceExport(invno)));
    expect(data.mappingSuggestions).toMatchObject({ format: 'paytrace-export', threshold: 0.5, companyValues: true });
    const field = data.mappingSuggestions.fields.find((f: { field: string }) => f.field === 'invno');
    expect(field.target).toBe('arcash.invno');
    expect(field.suggestion.path).toBe('payload.invoice_id');
    expect(field.candidates[0].reason).toContain('100% found in armast.invno');
    expect(data.mappingSuggestions.fields.find((f: { field: string }) => f.field === 'paidamt').suggestion.path).toBe('payload.amount');
  });

  it('a rejection lowers the candidate for this tenant; a double click counts once', async () => {
    const before = confidenceOf(ok(await suggest(alpha.token, alphaFlow, payTraceExport(invno), { fields: ['invno'] })), 'invno', 'payload.invoice_id');
    const input = { flowId: alphaFlow, record: 'cash_receipt', field: 'invno', path: 'payload.invoice_id', decision: 'REJECTED', format: 'paytrace-export' };
    expect(ok(await t.gql(RECORD, { i: input }, { token: alpha.token })).recordMappingDecision).toEqual({ counted: true, accepted: 0, rejected: 1 });
    expect(ok(await t.gql(RECORD, { i: input }, { token: alpha.token })).recordMappingDecision).toEqual({ counted: false, accepted: 0, rejected: 1 });
    const after = ok(await suggest(alpha.token, alphaFlow, payTraceExport(invno), { fields: ['invno'] }));
    expect(confidenceOf(after, 'invno', 'payload.invoice_id')).toBeLessThan(before);
    // Rejected again later (the first moved out of the double-click window): it counts, and lowers it further.
    await admin.query("UPDATE mapping_decisions SET decided_at = now() - interval '1 minute' WHERE tenant_id = $1", [alpha.tenantId]);
    expect(ok(await t.gql(RECORD, { i: input }, { token: alpha.token })).recordMappingDecision).toEqual({ counted: true, accepted: 0, rejected: 2 });
    const twice = ok(await suggest(alpha.token, alphaFlow, payTraceExport(invno), { fields: ['invno'] }));
    expect(confidenceOf(twice, 'invno', 'payload.invoice_id')).toBeLessThan(confidenceOf(after, 'invno', 'payload.invoice_id'));
    expect(twice.mappingSuggestions.fields[0].candidates.find((c: { path: string }) => c.path === 'payload.invoice_id').reason).toContain('rejected 2× before (this tenant)');
    const { rows } = await admin.query("SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'flow.mapping_decided'", [alpha.tenantId]);
    expect(rows[0].n).toBe(2);
  });

  it("another tenant's acceptance lifts a fresh tenant's cold ranking, only through the anonymous totals", async () => {
    const { bravo, charlie } = others;
    const sample = payTraceExport('2002');
    const cold = confidenceOf(ok(await suggest(charlie.token, charlie.flowId, sample, { fields: ['invno'] })), 'invno', 'payload.customer_reference_id');
    const accepted = { flowId: bravo.flowId, record: 'cash_receipt', field: 'invno', path: 'payload.customer_reference_id', decision: 'ACCEPTED', format: 'paytrace-export' };
    expect(ok(await t.gql(RECORD, { i: accepted }, { token: bravo.token })).recordMappingDecision.counted).toBe(true);
    // Bravo repeating it (past the double-click window) counts for Bravo, not again in the all-tenants totals.
    await admin.query("UPDATE mapping_decisions SET decided_at = now() - interval '1 minute' WHERE tenant_id = $1", [bravo.tenantId]);
    expect(ok(await t.gql(RECORD, { i: accepted }, { token: bravo.token })).recordMappingDecision).toMatchObject({ counted: true, accepted: 2 });
    const warm = ok(await suggest(charlie.token, charlie.flowId, sample, { fields: ['invno'] }));
    expect(confidenceOf(warm, 'invno', 'payload.customer_reference_id')).toBeGreaterThan(cold);
    const candidate = warm.mappingSuggestions.fields[0].candidates.find((c: { path: string }) => c.path === 'payload.customer_reference_id');
    expect(candidate.reason).toContain('all tenants');
    // Charlie has no decision of its own, and as the app it sees none of Bravo's; the totals have no tenant.
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query("SELECT set_config('app.tenant_id', $1, true)", [charlie.tenantId]);
      expect((await app.query('SELECT count(*)::int AS n FROM mapping_decisions')).rows[0].n).toBe(0);
      const totals = await app.query("SELECT * FROM mapping_decision_totals WHERE format = 'paytrace-export' AND path = 'payload.customer_reference_id'");
      expect(totals.rows).toEqual([{ format: 'paytrace-export', path: 'payload.customer_reference_id', target: 'arcash.invno', accepted: 1, rejected: 0 }]);
      await app.query('SAVEPOINT s');
      const refused = await app.query("UPDATE mapping_decision_totals SET accepted = 100").then(() => undefined, (e: { code?: string }) => e.code);
      expect(refused).toBe('42501');
      await app.query('ROLLBACK');
    } finally {
      await app.end();
    }
    const { rows } = await admin.query('SELECT tenant_id FROM mapping_decisions WHERE tenant_id = $1', [charlie.tenantId]);
    expect(rows).toEqual([]);
  });

  it('refuses bad input naming the field', async () => {
    expect((await suggest(alpha.token, alphaFlow, payTraceExport(invno), { th: 2 })).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'threshold' });
    expect((await suggest(alpha.token, alphaFlow, payTraceExport(invno), { fields: ['nope'] })).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fields' });
    const bad = { flowId: alphaFlow, record: 'cash_receipt', field: 'nope', path: 'x', decision: 'ACCEPTED', format: 'paytrace-export' };
    expect((await t.gql(RECORD, { i: bad }, { token: alpha.token })).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.field' });
    expect((await t.gql(RECORD, { i: { ...bad, field: 'invno', format: 'Not A Format' } }, { token: alpha.token })).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.format' });
  });
});

describe('the live evaluation of a rule', () => {
  const EVALUATE = `query($f: ID!, $r: TargetRecord!, $field: String!, $rule: JSON!, $s: FlowSampleInput!) {
    evaluateMappingRule(flowId: $f, record: $r, field: $field, rule: $rule, sample: $s) { value error { message position } } }`;

  it('gives the value on the sample, and a broken expression as an error with its position', async () => {
    const sample = { event: shopifyOrder() };
    const good = await alpha.gql(EVALUATE, { f: alphaFlow, r: 'sales_order_line', field: 'item', rule: { kind: 'path', path: 'payload.line_items[].sku' }, s: sample });
    expect(good.evaluateMappingRule).toEqual({ value: ['BRK-1001', 'CST-2001'], error: null });
    const broken = await alpha.gql(EVALUATE, { f: alphaFlow, r: 'sales_order', field: 'ponum', rule: { kind: 'expression', expression: 'name & (' }, s: sample });
    expect(broken.evaluateMappingRule.value).toBeNull();
    expect(broken.evaluateMappingRule.error.position).toBeGreaterThan(0);
    expect(broken.evaluateMappingRule.error.message).toContain('sales_order.ponum');
  });

  it('refuses a rule of no known shape naming the field', async () => {
    const res = await t.gql(EVALUATE, { f: alphaFlow, r: 'sales_order', field: 'ponum', rule: { kind: 'magic' }, s: { example: true } }, { token: alpha.token });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.body.errors?.[0]?.extensions?.field).toMatch(/^rule/);
  });
});

describe('another tenant', () => {
  it("neither reads nor records on this tenant's flow", async () => {
    const { bravo } = others;
    const sample = { event: payTraceExport(invno) };
    for (const res of [
      await t.gql('query($f: ID!, $s: FlowSampleInput!) { mappingSources(flowId: $f, sample: $s) { format } }', { f: alphaFlow, s: sample }, { token: bravo.token }),
      await t.gql(SUGGEST, { f: alphaFlow, r: 'cash_receipt', s: sample }, { token: bravo.token }),
      await t.gql('query($f: ID!) { mappingSampleEvents(flowId: $f) { id } }', { f: alphaFlow }, { token: bravo.token }),
      await t.gql(RECORD, { i: { flowId: alphaFlow, record: 'cash_receipt', field: 'invno', path: 'payload.invoice_id', decision: 'ACCEPTED', format: 'paytrace-export' } }, { token: bravo.token }),
    ]) {
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM mapping_decisions WHERE flow_id = $1', [alphaFlow]);
    expect(rows[0].n).toBe(2);
  });
});
