import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NewCustomer, NewSalesOrder } from '../../sagepro/company.js';
import { applyOrderMappings, CUSTOMER_INPUTS, SALES_ORDER_INPUTS, SALES_ORDER_LINE_INPUTS } from './order-inputs.js';
import { SAGE_TARGETS } from './sage-targets.js';

const customer: NewCustomer = { reference: 'SHOP:1:C', company: 'Vale Outfitters', contact: 'Robin Vale', email: 'r@vale.test', address: { line1: '1 Shop St', city: 'Portland' }, currency: 'USD' };
const order: NewSalesOrder = {
  custno: '',
  reference: 'SHOP:1',
  ponum: '#1001',
  date: '2026-12-07',
  currency: 'USD',
  lines: [
    { item: 'A1', loctid: 'MAIN', qty: 2, priceCents: 1234, description: 'First' },
    { item: 'B2', loctid: 'MAIN', qty: 1, priceCents: 500, description: 'Second' },
  ],
};

describe('applyOrderMappings', () => {
  it('keeps every default when nothing is mapped', () => {
    expect(applyOrderMappings({ customer, order }, {})).toEqual({ customer, order, notApplied: [] });
  });

  it('puts each mapped arcust field into the new customer’s input, money back in minor units', () => {
    const { customer: mapped } = applyOrderMappings(
      { customer, order },
      { customer: { company: 'Vale Ltd', address2: 'Unit 4', addrstate: 'OR', faxno: '555', terr: 'WST', salesmn: 'JD', type: 'RETAIL', pterms: 'Net 30', pnet: 30, pdisc: '2.000', aracct: '1200', credlimit: '5000.0000', custno: 'VAL001' } },
    );
    expect(mapped).toEqual({
      ...customer,
      custno: 'VAL001',
      company: 'Vale Ltd',
      address: { line1: '1 Shop St', city: 'Portland', line2: 'Unit 4', state: 'OR' },
      fax: '555',
      territory: 'WST',
      salesperson: 'JD',
      type: 'RETAIL',
      terms: { code: 'Net 30', netDays: 30, discountPercent: 2 },
      arAccount: '1200',
      creditLimitCents: 500_000,
    });
  });

  it('maps the header (ponum, dates, ship-via, notes) and each line (item, description, location, quantity, price)', () => {
    const result = applyOrderMappings(
      { order },
      {
        sales_order: { ponum: 'WEB-1001', sodate: '2026-12-01', ordate: '2026-12-09', shipvia: 'UPS', notes: 'Leave at door' },
        lines: [{ descrip: 'Mapped one', price: '10.5000' }, { item: 'C3', loctid: 'EAST', qtyord: 3 }],
      },
    );
    expect(result.customer).toBeUndefined();
    expect(result.order).toEqual({
      ...order,
      ponum: 'WEB-1001',
      date: '2026-12-01',
      requestDate: '2026-12-09',
      shipvia: 'UPS',
      notes: 'Leave at door',
      lines: [
        { item: 'A1', loctid: 'MAIN', qty: 2, priceCents: 1050, description: 'Mapped one' },
        { item: 'C3', loctid: 'EAST', qty: 3, priceCents: 500, description: 'Second' },
      ],
    });
  });

  it('places the point by the order’s currency (¥1,200 is 1200 JPY)', () => {
    const yen = { ...order, currency: 'JPY' };
    expect(applyOrderMappings({ order: yen }, { lines: [{ price: '1200.0000' }, {}] }).order.lines[0].priceCents).toBe(1200);
  });

  it("maps the order's status and a line's sales account, and leaves the defaults untouched", () => {
    const before = structuredClone({ customer, order });
    const result = applyOrderMappings({ customer, order }, { sales_order: { orderstat: 'WEB ' }, lines: [{ glsale: ' 4010' }, {}], customer: { address1: 'X' } });
    expect(result.notApplied).toEqual([]);
    expect(result.order.orderStatus).toBe('WEB');
    expect(result.order.lines.map((line) => line.salesAccount)).toEqual(['4010', undefined]);
    expect({ customer, order }).toEqual(before);
  });

  it('reports a field the connector takes no input for', () => {
    expect(applyOrderMappings({ order }, { sales_order: { sostat: 'C' } }).notApplied).toEqual(['sales_order.sostat']);
  });

  it('refuses lines that do not line up with the order’s', () => {
    expect(() => applyOrderMappings({ order }, { lines: [{}] })).toThrow(/makes 1 lines, the order has 2/);
  });

  it('feeds every field the catalogue lets a mapping set, and no other', () => {
    const tables = [
      ['customer', CUSTOMER_INPUTS],
      ['sales_order', SALES_ORDER_INPUTS],
      ['sales_order_line', SALES_ORDER_LINE_INPUTS],
    ] as const;
    for (const [record, inputs] of tables) {
      const mappable = SAGE_TARGETS[record].fields.filter((field) => field.settleOwns === undefined).map((field) => field.name);
      expect(mappable.sort(), record).toEqual(Object.keys(inputs).sort());
    }
  });

  it('a line price in decimal text comes back as the same minor units (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}00`;
        return applyOrderMappings({ order }, { lines: [{ price: text }, {}] }).order.lines[0].priceCents === cents;
      }),
    );
  });
});
