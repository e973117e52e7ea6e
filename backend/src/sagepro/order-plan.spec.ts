import { describe, expect, it } from 'vitest';
import type { CustomerRecord, NewSalesOrder } from './company.js';
import { PermanentSageProError } from './errors.js';
import {
  allocateToBins, checkOrderCustomer, checkSalesOrder, nextOrderNumber, orderCounter, orderCurrency, type OrderCustomer, type OrderSettings,
  planSalesOrder, type StockBin, type StockItem, type StockLocation,
} from './order-plan.js';

function failure(run: () => unknown): PermanentSageProError {
  try {
    run();
  } catch (error) {
    return error as PermanentSageProError;
  }
  throw new Error('expected a failure');
}

const pad = (item: string) => item.padEnd(25, ' ');
const record: CustomerRecord = {
  custno: 'ACM100', company: 'Acme Hardware', contact: 'Maria Lopez', title: '',
  address: { line1: '12 Main St', line2: '', city: 'Grand Rapids', state: 'MI', zip: '49503', country: 'USA' },
  phone: '616-555-0101', fax: '', email: 'ap@acme.example', currency: 'USD',
  terms: { code: '2% 10 Net 30', discountPercent: 2, discountDays: 10, netDays: 30 }, salesperson: 'JM', territory: 'MW', type: '', source: '',
  arAccount: '', creditLimitCents: 0, balanceCents: 0, onOrderCents: 10_000, creditHold: false, active: true, lockedBy: null, reference: null,
};
const customer: OrderCustomer = { id: 3, custno: 'ACM100', record };
const items: StockItem[] = [
  { item: pad('BRK-1001'), description: 'Steel shelf bracket 8 in', umeasur: 'EA', stocked: true, active: true, cost: '2.1000' },
  { item: pad('CST-2001'), description: 'Swivel caster 3 in', umeasur: 'EA', stocked: true, active: true, cost: '5.6000' },
  { item: pad('SVC-INSTALL'), description: 'Installation', umeasur: 'HR', stocked: false, active: true, cost: '0.0000' },
  { item: pad('OLD-0001'), description: 'Discontinued', umeasur: 'EA', stocked: true, active: false, cost: '1.0000' },
];
const locations: StockLocation[] = [
  { id: 11, item: pad('BRK-1001'), loctid: 'MAIN  ', onHand: 5_000, allocated: 1_200, inventoryAccount: '1300' },
  { id: 12, item: pad('CST-2001'), loctid: 'WEST  ', onHand: 800, allocated: 0, inventoryAccount: '1300' },
];
const bins: StockBin[] = [
  { id: 21, item: pad('BRK-1001'), loctid: 'MAIN  ', onHand: 2_000, allocated: 1_200 },
  { id: 22, item: pad('BRK-1001'), loctid: 'MAIN  ', onHand: 3_000, allocated: 0 },
  { id: 23, item: pad('CST-2001'), loctid: 'WEST  ', onHand: 800, allocated: 0 },
];
const settings: OrderSettings = {
  sono: 5041, openStatus: 'OPEN', receivables: '1200', sales: '4000', date: '2026-10-31', stamp: { user: 'STL', date: '2026-10-31', time: '10:11:12' }, booksCurrency: 'USD',
};
const order: NewSalesOrder = {
  custno: 'acm100',
  reference: 'WEB-10045',
  ponum: 'PO-777',
  lines: [
    { item: 'BRK-1001', loctid: 'MAIN', qty: 10, priceCents: 495 },
    { item: 'CST-2001', loctid: 'WEST', qty: 2.5, priceCents: 1250 },
  ],
};
const plan = (o: NewSalesOrder = order, s: Partial<OrderSettings> = {}) =>
  planSalesOrder(o, checkSalesOrder(o, 'USD'), customer, { items, locations, bins }, { ...settings, ...s });

describe('checkSalesOrder', () => {
  it('keys the customer and extends every line in whole minor units', () => {
    expect(checkSalesOrder(order, 'USD')).toEqual({
      custno: 'ACM100',
      reference: 'WEB-10045',
      currency: 'USD',
      lines: [
        { item: 'BRK-1001', loctid: 'MAIN', qty: 1_000, priceCents: 495, amountCents: 4_950, description: undefined },
        { item: 'CST-2001', loctid: 'WEST', qty: 250, priceCents: 1250, amountCents: 3_125, description: undefined },
      ],
    });
  });

  it.each<[Partial<NewSalesOrder>, string]>([
    [{ lines: [] }, 'sotran.tranlineno'],
    [{ reference: 'WEB 1' }, 'somast.notes'],
    [{ reference: '50%OFF' }, 'somast.notes'],
    [{ custno: 'TOOLONG' }, 'somast.custno'],
    [{ lines: [{ item: 'I'.repeat(26), loctid: 'MAIN', qty: 1, priceCents: 1 }] }, 'sotran.item'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'WAREHOUSE', qty: 1, priceCents: 1 }] }, 'sotran.loctid'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 0, priceCents: 1 }] }, 'sotran.qtyord'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1.234, priceCents: 1 }] }, 'sotran.qtyord'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1, priceCents: 1.5 }] }, 'sotran.price'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 2.5, priceCents: 1999 }] }, 'sotran.extprice'],
    // Beyond Sage Pro money (12 digits before the point): the price, the line's extension, the order's total.
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1, priceCents: 100_000_000_000_000 }] }, 'sotran.price'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 20, priceCents: 9_000_000_000_000 }] }, 'sotran.extprice'],
    [{ lines: Array.from({ length: 2 }, () => ({ item: 'BRK-1001', loctid: 'MAIN', qty: 10, priceCents: 9_000_000_000_000 })) }, 'somast.ordamt'],
    [{ date: '2026-02-30' }, 'somast.sodate'],
    [{ currency: 'usd' }, 'somast.currid'],
    [{ orderStatus: 'S'.repeat(21) }, 'somast.orderstat'],
    [{ lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1, priceCents: 1, salesAccount: '4'.repeat(25) }] }, 'sotran.glsale'],
  ])('refuses %j naming %s', (change, field) => {
    const error = failure(() => checkSalesOrder({ ...order, ...change }, 'USD'));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'validation', field });
  });
});

describe('planSalesOrder', () => {
  it('writes an open order with its reference, lines, delivery address, allocations and the customer’s on-order amount', () => {
    const p = plan();
    expect(p.somast).toMatchObject({
      sono: '      5041', custno: 'ACM100', sostat: '', sotype: '', orderstat: 'OPEN', ponum: 'PO-777', sodate: '2026-10-31', ordate: '2026-10-31',
      pterms: '2% 10 Net 30', pdisc: '2.000', pdays: 10, pnet: 30, ordamt: '80.7500', shpamt: '0.0000', bordamt: '80.7500', salesmn: 'JM', terr: 'MW',
      defloc: 'MAIN', currid: 'USD', glarec: '1200', notes: '<Settle WEB-10045>', adduser: 'STL', adddate: '2026-10-31', addtime: '10:11:12',
    });
    expect(p.sotran.map((l) => [l.tranlineno, l.transeq, String(l.item).trim(), l.loctid, l.qtyord, l.origqtyord, l.price, l.extprice, l.descrip, l.glsale, l.glasst])).toEqual([
      [1, '   1', 'BRK-1001', 'MAIN', '10.00', '10.00', '4.9500', '49.5000', 'Steel shelf bracket 8 in', '4000', '1300'],
      [2, '   2', 'CST-2001', 'WEST', '2.50', '2.50', '12.5000', '31.2500', 'Swivel caster 3 in', '4000', '1300'],
    ]);
    expect(p.soaddr).toMatchObject({ sono: '      5041', adtype: 'D', company: 'Acme Hardware', address1: '12 Main St', city: 'Grand Rapids', email: 'ap@acme.example' });
    expect(p.locationUpdates).toEqual([
      { id: 11, row: { lsoaloc: '22.00' } },
      { id: 12, row: { lsoaloc: '2.50' } },
    ]);
    // Bin 21 has 8 free, bin 22 takes the other 2.
    expect(p.binUpdates).toEqual([
      { id: 21, row: { qsoaloc: '20.00' } },
      { id: 22, row: { qsoaloc: '2.00' } },
      { id: 23, row: { qsoaloc: '2.50' } },
    ]);
    expect(p.customerUpdate).toEqual({ id: 3, row: { onorder: '180.7500' } });
  });

  it('sums lines of one item and location, and allocates nothing for items not stocked', () => {
    const p = plan({
      ...order,
      lines: [
        { item: 'BRK-1001', loctid: 'MAIN', qty: 20, priceCents: 495 },
        { item: 'brk-1001', loctid: 'main', qty: 18, priceCents: 450, description: 'Bracket, promo price' },
        { item: 'SVC-INSTALL', loctid: 'MAIN', qty: 1.5, priceCents: 6000 },
      ],
    });
    expect(p.locationUpdates).toEqual([{ id: 11, row: { lsoaloc: '50.00' } }]);
    expect(p.sotran.map((l) => [l.loctid, l.stkcode, l.descrip])).toEqual([['MAIN', 'Y', 'Steel shelf bracket 8 in'], ['MAIN', 'Y', 'Bracket, promo price'], ['MAIN', 'N', 'Installation']]);
  });

  it('refuses more than is available: no back orders', () => {
    const error = failure(() => plan({ ...order, lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 38.01, priceCents: 500 }] }));
    expect(error).toMatchObject({ kind: 'insufficient_stock', field: 'iciloc.lsoaloc', value: '38.01' });
    expect(error.rule).toMatch(/available quantity 38\.00 \(lonhand 50\.00 − lsoaloc 12\.00\)/);
    expect(plan({ ...order, lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 38, priceCents: 495 }] }).locationUpdates).toEqual([{ id: 11, row: { lsoaloc: '50.00' } }]);
  });

  it.each<[NewSalesOrder['lines'][number], string, string]>([
    [{ item: 'NOPE-1', loctid: 'MAIN', qty: 1, priceCents: 100 }, 'item_not_found', 'icitem.item'],
    [{ item: 'OLD-0001', loctid: 'MAIN', qty: 1, priceCents: 100 }, 'item_inactive', 'icitem.itemstat'],
    [{ item: 'CST-2001', loctid: 'MAIN', qty: 1, priceCents: 100 }, 'location_not_found', 'iciloc.loctid'],
  ])('refuses %j as %s', (line, kind, field) => {
    expect(failure(() => plan({ ...order, lines: [line] }))).toMatchObject({ kind, field });
  });

  it('leaves the order status blank when the connection sets none, and takes a delivery address given', () => {
    const p = plan({ ...order, notes: 'Leave at dock 3', shipTo: { company: 'Acme Warehouse', address: { line1: '9 Dock Rd', city: 'Holland' }, email: 'dock@acme.example' } }, { openStatus: '' });
    expect(p.somast).toMatchObject({ orderstat: '', notes: '<Settle WEB-10045>\r\nLeave at dock 3' });
    expect(p.soaddr).toMatchObject({ company: 'Acme Warehouse', address1: '9 Dock Rd', city: 'Holland', zip: '', email: 'dock@acme.example' });
  });

  it("writes a line's own sales account, the connection's on the others", () => {
    const p = plan({ ...order, lines: [{ ...order.lines[0], salesAccount: ' 4010 ' }, order.lines[1]] });
    expect(p.sotran.map((row) => row.glsale)).toEqual(['4010', '4000']);
  });

  it('leaves out an e-mail soaddr cannot hold, rather than cutting it', () => {
    const long = `${'x'.repeat(60)}@acme.example`;
    const p = planSalesOrder(order, checkSalesOrder(order, 'USD'), { ...customer, record: { ...record, email: long } }, { items, locations, bins }, settings);
    expect(p.soaddr.email).toBe('');
  });

  it('validates every row before anything is written', () => {
    expect(failure(() => plan({ ...order, ponum: 'P'.repeat(21) }))).toMatchObject({ field: 'somast.ponum', rule: 'char(20): at most 20 characters' });
    expect(failure(() => plan({ ...order, lines: [{ ...order.lines[0], description: 'D'.repeat(31) }] }))).toMatchObject({ field: 'sotran.descrip' });
  });
});

describe('customers and currency', () => {
  it('takes no order for an inactive customer or one on credit hold', () => {
    expect(() => checkOrderCustomer(record)).not.toThrow();
    expect(failure(() => checkOrderCustomer({ ...record, active: false }))).toMatchObject({ kind: 'customer_inactive', field: 'arcust.custstat' });
    expect(failure(() => checkOrderCustomer({ ...record, creditHold: true }))).toMatchObject({ kind: 'credit_hold', field: 'arcust.credstat' });
  });

  it('keeps the customer’s currency, else the books’', () => {
    expect(orderCurrency(undefined, 'USD', 'USD')).toBe('USD');
    expect(orderCurrency('USD', '   ', 'USD')).toBe('USD');
    expect(orderCurrency('JPY', 'JPY', 'USD')).toBe('JPY');
    expect(failure(() => orderCurrency('CAD', 'USD', 'USD'))).toMatchObject({ kind: 'currency_mismatch', field: 'somast.currid' });
    expect(failure(() => orderCurrency('EUR', '', 'USD'))).toMatchObject({ kind: 'currency_mismatch', field: 'somast.currid', rule: expect.stringMatching(/books' currency USD/) });
  });

  it('writes a yen order in yen: ¥1,200 is 1200, not 12.00', () => {
    const yen: NewSalesOrder = { ...order, currency: 'JPY', lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 2, priceCents: 1_200 }] };
    const jpyCustomer = { ...customer, record: { ...record, currency: 'JPY', onOrderCents: 5_000 } };
    const p = planSalesOrder(yen, checkSalesOrder(yen, 'USD'), jpyCustomer, { items, locations, bins }, settings);
    expect(p.somast).toMatchObject({ ordamt: '2400.0000', bordamt: '2400.0000', currid: 'JPY' });
    expect(p.sotran[0]).toMatchObject({ price: '1200.0000', extprice: '2400.0000', bprice: '1200.0000', cost: '2.1000', currid: 'JPY' });
    expect(p.customerUpdate.row).toEqual({ onorder: '7400.0000' });
  });

  it('keeps a yen order’s base figures at the tenant’s rate of the order date: exchrat to 5 places, each base amount converted exactly, half-even', () => {
    const yen: NewSalesOrder = { ...order, currency: 'JPY', lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 3, priceCents: 1_235 }], baseRate: { currency: 'USD', rate: '1/150' } };
    const jpyCustomer = { ...customer, record: { ...record, currency: 'JPY', onOrderCents: 0 } };
    const p = planSalesOrder(yen, checkSalesOrder(yen, 'USD'), jpyCustomer, { items, locations, bins }, { ...settings, baseCurrency: 'USD' });
    // ¥3,705 / 150 = $24.70; ¥1,235 / 150 = $8.2333… → $8.23; 1/150 = 0.006666… → 0.00667
    expect(p.somast).toMatchObject({ ordamt: '3705.0000', bordamt: '24.7000', currid: 'JPY', exchrat: '0.00667' });
    expect(p.sotran[0]).toMatchObject({ price: '1235.0000', extprice: '3705.0000', bprice: '8.2300', bextpri: '24.7000', exchrat: '0.00667' });
    // No rate, or one for another base: at par with exchrat 1, as before.
    const par = planSalesOrder({ ...yen, baseRate: { currency: 'EUR', rate: '0.0061' } }, checkSalesOrder(yen, 'USD'), jpyCustomer, { items, locations, bins }, { ...settings, baseCurrency: 'USD' });
    expect(par.somast).toMatchObject({ bordamt: '3705.0000', exchrat: 1 });
  });

  it('refuses a rate somast.exchrat cannot hold rather than writing it wrong', () => {
    const tiny: NewSalesOrder = { ...order, currency: 'JPY', lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1, priceCents: 100 }], baseRate: { currency: 'USD', rate: '0.000001' } };
    const jpyCustomer = { ...customer, record: { ...record, currency: 'JPY', onOrderCents: 0 } };
    expect(failure(() => planSalesOrder(tiny, checkSalesOrder(tiny, 'USD'), jpyCustomer, { items, locations, bins }, { ...settings, baseCurrency: 'USD' }))).toMatchObject({ field: 'somast.exchrat' });
  });

  it('checks a price in the order’s own minor units', () => {
    const dinar: NewSalesOrder = { ...order, currency: 'KWD', lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1, priceCents: 1_005 }] };
    const kwdCustomer = { ...customer, record: { ...record, currency: 'KWD', onOrderCents: 0 } };
    expect(planSalesOrder(dinar, checkSalesOrder(dinar, 'USD'), kwdCustomer, { items, locations, bins }, settings).sotran[0]).toMatchObject({ price: '1.0050' });
    expect(failure(() => checkSalesOrder({ ...order, currency: 'JPY', lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 1, priceCents: 1_000_000_000_000 }] }, 'USD'))).toMatchObject({ field: 'sotran.price' });
    expect(failure(() => checkSalesOrder({ ...order, currency: 'ZZZ' }, 'USD'))).toMatchObject({ field: 'somast.currid' });
  });
});

describe('bins and numbers', () => {
  it('fills bins with free stock first and puts what none has room for on the first', () => {
    expect(allocateToBins(bins.slice(0, 2), 900)).toEqual(new Map([[21, 2_000], [22, 100]]));
    expect(allocateToBins([{ ...bins[0], onHand: 1_200 }], 300)).toEqual(new Map([[21, 1_500]]));
    expect(allocateToBins([], 300)).toEqual(new Map());
  });

  it('counts with the first SYSDATA row SO entry would use, skipping numbers somast holds', () => {
    const rows = [{ id_col: 1, int1: 7000, pass2: 'DISABLED' }, { id_col: 2, int1: 5040, pass2: '' }];
    expect(orderCounter(rows, 'SO01')).toBe(rows[1]);
    expect(failure(() => orderCounter([rows[0]], 'SO01'))).toMatchObject({ kind: 'missing_counter', field: 'sysdata.sysid' });
    expect(nextOrderNumber(5040, [], 'SO01')).toBe(5041);
    expect(nextOrderNumber(5040, [5041, 5042], 'SO01')).toBe(5043);
    const all = Array.from({ length: 20 }, (_, i) => 5041 + i);
    expect(failure(() => nextOrderNumber(5040, all, 'SO01'))).toMatchObject({ kind: 'missing_counter', field: 'sysdata.int1' });
  });
});
