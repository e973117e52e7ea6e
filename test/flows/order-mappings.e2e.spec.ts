/**
 * A published order-to-cash version's field mappings shape what the shop order writes in Sage Pro: the
 * new customer (arcust), the sales order (somast) and its lines (sotran). A mapped value Sage Pro would
 * refuse makes the order a validation dead letter naming the rule, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldMappings } from '../../backend/src/flows/definition/flow-definition.js';
import type { OrderEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { releaseMappings } from './flow-release.js';
import { eventually } from '../support/eventually.js';
import { pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let flowId: string;
let stock: { item: string; cents: number }[];

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '2' });
  tenant = await pipelineTenant(t, 'Order Mapper'); // its pair is in prod
  const { flows } = await tenant.gql('{ flows { id kind } }');
  flowId = flows.find((flow: { kind: string }) => flow.kind === 'order_to_cash').id;
  const { rows } = await tenant.company.query(
    `SELECT trim(l.item) AS item, round(i.price * 100)::int AS cents FROM pro01.iciloc l JOIN pro01.icitem i ON i.item = l.item
      WHERE trim(l.loctid) = 'MAIN' AND i.itemstat <> 'I' AND l.lonhand - l.lsoaloc >= 5 ORDER BY l.item LIMIT 2`,
  );
  stock = rows;
  expect(stock).toHaveLength(2);
}, 90_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

const release = (mappings: FieldMappings, comment: string) => releaseMappings(tenant, flowId, 'order_to_cash', mappings, comment);

function order(orderId: string, email: string): OrderEvent {
  return {
    type: 'order.created',
    orderId,
    orderNumber: `#${orderId}`,
    occurredAt: new Date().toISOString(),
    currency: 'USD',
    totalMinor: stock[0].cents * 2 + stock[1].cents,
    customer: { email, firstName: 'Robin', lastName: 'Quill', company: 'Quill Outfitters', phone: '555-0100' },
    billingAddress: { line1: '1 Shop St', line2: '', city: 'Portland', state: 'OR', zip: '97201', country: 'US' },
    shippingAddress: null,
    lines: [
      { sku: stock[0].item, title: 'First item', quantity: 2, priceMinor: stock[0].cents },
      { sku: stock[1].item, title: 'Second item', quantity: 1, priceMinor: stock[1].cents },
    ],
  };
}

async function settled(externalId: string, state: string) {
  let row: { id: string; state: string; outcome: Record<string, string> } | undefined;
  await eventually(async () => {
    const { rows } = await tenant.db.query(`SELECT id, state, outcome FROM inbox_events WHERE tenant_id = $1 AND external_id = $2`, [tenant.tenantId, externalId]);
    expect(rows[0]?.state, JSON.stringify(rows[0])).toBe(state);
    row = rows[0];
  }, 15_000);
  return row!;
}

describe('order-to-cash with field mappings', () => {
  it('writes the mapped PO number, customer company and line descriptions, and records the rules that fired', async () => {
    await release(
      {
        customer: { company: { kind: 'path', path: 'customer.lastName' } },
        sales_order: { ponum: { kind: 'expression', expression: "'WEB-' & orderNumber" }, shipvia: { kind: 'constant', value: 'UPS' } },
        sales_order_line: { descrip: { kind: 'lookup', path: 'lines[].sku', table: { [stock[0].item]: 'Mapped first line' }, otherwise: 'Mapped other line' } },
      },
      'web PO numbers, mapped descriptions',
    );
    await tenant.accept('shopify', { externalId: 'order:830001', event: order('830001', 'quill.buyer@mapper.test') });
    const event = await settled('order:830001', 'done');
    const { rows: orders } = await tenant.company.query(`SELECT trim(custno) AS custno, trim(ponum) AS ponum, trim(shipvia) AS shipvia FROM pro01.somast WHERE trim(sono) = $1`, [event.outcome.sono]);
    expect(orders[0]).toMatchObject({ ponum: 'WEB-#830001', shipvia: 'UPS' });
    const { rows: customers } = await tenant.company.query(`SELECT trim(company) AS company, trim(email) AS email FROM pro01.arcust WHERE custno = $1`, [orders[0].custno.padEnd(6)]);
    expect(customers[0]).toEqual({ company: 'Quill', email: 'quill.buyer@mapper.test' });
    const { rows: lines } = await tenant.company.query(`SELECT trim(item) AS item, trim(descrip) AS descrip, qtyord::int AS qty FROM pro01.sotran WHERE trim(sono) = $1 ORDER BY tranlineno`, [event.outcome.sono]);
    expect(lines).toEqual([
      { item: stock[0].item, descrip: 'Mapped first line', qty: 2 },
      { item: stock[1].item, descrip: 'Mapped other line', qty: 1 },
    ]);
    const { rows: mapped } = await tenant.db.query("SELECT rule, detail FROM event_steps WHERE event_id = $1 AND step = 'mapped'", [event.id]);
    expect(mapped[0].rule).toBe('mappings');
    expect(mapped[0].detail.fired).toEqual([
      { rule: 'customer.company', kind: 'path' },
      { rule: 'sales_order.ponum', kind: 'expression' },
      { rule: 'sales_order.shipvia', kind: 'constant' },
      { rule: 'sales_order_line.descrip', kind: 'lookup', detail: [JSON.stringify(stock[0].item), 'otherwise'] },
    ]);
  });

  it("writes the mapped order status and each line's mapped sales account", async () => {
    await release(
      {
        sales_order: { orderstat: { kind: 'expression', expression: "totalMinor > 0 ? 'HOLD' : 'OPEN'" } },
        sales_order_line: { glsale: { kind: 'lookup', path: 'lines[].sku', table: { [stock[0].item]: '4100' }, otherwise: '4000' } },
      },
      'web orders held, first item to sales returns',
    );
    await tenant.accept('shopify', { externalId: 'order:830003', event: order('830003', 'quill.third@mapper.test') });
    const event = await settled('order:830003', 'done');
    const { rows: orders } = await tenant.company.query(`SELECT trim(orderstat) AS orderstat FROM pro01.somast WHERE trim(sono) = $1`, [event.outcome.sono]);
    expect(orders).toEqual([{ orderstat: 'HOLD' }]);
    const { rows: lines } = await tenant.company.query(`SELECT trim(item) AS item, trim(glsale) AS glsale FROM pro01.sotran WHERE trim(sono) = $1 ORDER BY tranlineno`, [event.outcome.sono]);
    expect(lines).toEqual([
      { item: stock[0].item, glsale: '4100' },
      { item: stock[1].item, glsale: '4000' },
    ]);
  });

  it('a mapped sales account not in the chart or a status not in ORDRSTAT dead-letters the order naming the rule, and writes nothing', async () => {
    // Publishing refuses an account the chart lacks when the mapping names it outright (a lookup's values) …
    await expect(release({ sales_order_line: { glsale: { kind: 'lookup', path: 'lines[].sku', table: { [stock[1].item]: '4999' }, otherwise: '4000' } } }, 'refused')).rejects.toThrow(
      /sales_order_line\.glsale: maps to account 4999, which is not in the company's chart of accounts/,
    );
    // … and the run refuses one an expression works out per line.
    await release({ sales_order_line: { glsale: { kind: 'expression', expression: `$index = 1 ? '49' & '99' : '4000'` } } }, 'a sales account the chart lacks');
    await tenant.accept('shopify', { externalId: 'order:830004', event: order('830004', 'quill.fourth@mapper.test') });
    const event = await settled('order:830004', 'dead');
    const { rows: letters } = await tenant.db.query('SELECT cause, error_code, field, reason FROM dead_letters WHERE event_id = $1', [event.id]);
    expect(letters[0]).toMatchObject({ cause: 'validation', error_code: 'validation', field: 'mappings.sales_order_line.glsale' });
    expect(letters[0].reason).toMatch(/^mappings\.sales_order_line\.glsale: line 2: GL account 4999 is not in the company's chart of accounts/);
    const { rows: customers } = await tenant.company.query(`SELECT custno FROM pro01.arcust WHERE trim(email) = 'quill.fourth@mapper.test'`);
    expect(customers).toEqual([]);
    const { rows: orders } = await tenant.company.query(`SELECT sono FROM pro01.somast WHERE notes LIKE '%SHOP:830004%'`);
    expect(orders).toEqual([]);

    await release({ sales_order: { orderstat: { kind: 'constant', value: 'WEBHOLD' } } }, 'an order status ORDRSTAT lacks');
    await tenant.accept('shopify', { externalId: 'order:830005', event: order('830005', 'quill.fifth@mapper.test') });
    const status = await settled('order:830005', 'dead');
    const { rows: statusLetters } = await tenant.db.query('SELECT cause, field, reason FROM dead_letters WHERE event_id = $1', [status.id]);
    expect(statusLetters[0]).toMatchObject({ cause: 'validation', field: 'mappings.sales_order.orderstat' });
    expect(statusLetters[0].reason).toMatch(/ORDRSTAT has no code WEBHOLD/);
    expect((await tenant.company.query(`SELECT custno FROM pro01.arcust WHERE trim(email) = 'quill.fifth@mapper.test'`)).rows).toEqual([]);
  });

  it('a mapped value that breaks a field rule dead-letters the order naming the rule, and writes nothing', async () => {
    await release({ sales_order: { ponum: { kind: 'expression', expression: "'WEB-ORDER-' & orderNumber & '-FROM-THE-SHOP'" } } }, 'a PO number too long for somast.ponum');
    await tenant.accept('shopify', { externalId: 'order:830002', event: order('830002', 'quill.second@mapper.test') });
    const event = await settled('order:830002', 'dead');
    const { rows: letters } = await tenant.db.query('SELECT cause, error_code, field, reason FROM dead_letters WHERE event_id = $1', [event.id]);
    expect(letters[0]).toMatchObject({ cause: 'validation', error_code: 'validation', field: 'mappings.sales_order.ponum' });
    expect(letters[0].reason).toMatch(/^mappings\.sales_order\.ponum: .*char\(20\)/);
    const { rows: customers } = await tenant.company.query(`SELECT custno FROM pro01.arcust WHERE trim(email) = 'quill.second@mapper.test'`);
    expect(customers).toEqual([]);
    const { rows: orders } = await tenant.company.query(`SELECT sono FROM pro01.somast WHERE notes LIKE '%SHOP:830002%'`);
    expect(orders).toEqual([]);
    const { rows: steps } = await tenant.db.query("SELECT step FROM event_steps WHERE event_id = $1 AND step IN ('customer created', 'sales order created')", [event.id]);
    expect(steps).toEqual([]);
  });
});
