import { describe, expect, it } from 'vitest';
import { moneyCents } from './fixed-width.js';
import { COMPANY_PROFILES, DEFAULT_SEED_OPTIONS, generateSageProSeed, HISTORY_OF, type Row } from './seed.js';
import { GL, ORDER_STATUSES, SANDBOX_CONNECTOR_GL } from './seed-data.js';

const defaultSeed = generateSageProSeed();
const cents = (row: Row, column: string) => moneyCents(String(row[column]));
const sumBy = <K>(rows: Row[], key: (row: Row) => K, value: (row: Row) => number) => {
  const sums = new Map<K, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return sums;
};
const isOpen = (row: Row) => row.arstat !== 'V' && cents(row, 'balance') !== 0;

describe('Sage Pro sandbox seed', () => {
  it('is the same on every run for a seed, and another seed gives other data', () => {
    expect(generateSageProSeed()).toEqual(defaultSeed);
    const other = generateSageProSeed({ ...DEFAULT_SEED_OPTIONS, seed: 7 });
    expect(other.companies[0].tables.armast).not.toEqual(defaultSeed.companies[0].tables.armast);
    expect(() => generateSageProSeed({ seed: 1, asOf: '31/10/2026' })).toThrow(RangeError);
  });

  it('makes the demo company of the issue: 60 customers, 300 open invoices, 40 orders', () => {
    const demo = defaultSeed.companies.find((c) => c.company.compid === '01')!.tables;
    expect(demo.arcust).toHaveLength(60);
    expect(demo.armast.filter(isOpen)).toHaveLength(300);
    expect(demo.somast).toHaveLength(40);
    expect(demo.arcust.some((c) => c.custno === 'CASH  ')).toBe(true);
  });
});

// The invariants hold for any seed and as-of date, not only for the default one.
describe.each([
  DEFAULT_SEED_OPTIONS,
  { seed: 7, asOf: '2026-11-26' },
  { seed: -123_456, asOf: '2025-02-28' },
])('Sage Pro sandbox seed $seed as of $asOf', (options) => {
  const seed = generateSageProSeed(options);
  const company = (compid: string) => seed.companies.find((c) => c.company.compid === compid)!;

  it('has the customers, invoices, orders and items each company was promised', () => {
    for (const { company: { compid }, tables } of seed.companies) {
      const profile = COMPANY_PROFILES[compid];
      expect(tables.arcust).toHaveLength(profile.customers);
      expect(tables.arcust.filter((c) => c.credstat === 'H')).toHaveLength(profile.creditHold);
      expect(tables.arcust.filter((c) => c.custstat === 'I')).toHaveLength(profile.inactive);
      expect(tables.armast.filter(isOpen)).toHaveLength(profile.openInvoices);
      expect(tables.armast.filter((m) => isOpen(m) && cents(m, 'paidamt') > 0)).toHaveLength(profile.partlyPaid);
      expect(tables.armast.filter((m) => m.arstat === 'V')).toHaveLength(profile.voidInvoices);
      expect(tables.armast.filter((m) => m.arstat !== 'V' && cents(m, 'balance') === 0)).toHaveLength(profile.paidInvoices);
      expect(tables.somast).toHaveLength(profile.openOrders + profile.closedOrders + profile.voidOrders + profile.bidOrders);
      expect(tables.icitem).toHaveLength(profile.items);
      expect(tables.iciloc).toHaveLength(profile.items * 2);
      expect(tables.soaddr).toHaveLength(tables.somast.length);
      // A few open invoices come from shipped orders, unpaid, so the connector's tests find one by order.
      const fromOrders = tables.armast.filter((m) => isOpen(m) && String(m.ornum).trim() !== '');
      expect(fromOrders).toHaveLength(profile.invoicedOrders);
      for (const invoice of fromOrders) {
        expect(cents(invoice, 'paidamt')).toBe(0);
        const order = tables.somast.find((o) => o.sono === invoice.ornum)!;
        expect(order).toMatchObject({ sostat: 'C', custno: invoice.custno, ponum: invoice.ponum });
      }
    }
  });

  it('pads keys the Sage Pro way and numbers documents in date order', () => {
    for (const { tables } of seed.companies) {
      const invnos = tables.armast.map((m) => String(m.invno));
      for (const invno of invnos) expect(invno).toMatch(/^ {4,}\d+$/);
      expect(invnos[0]).toBe('      1001');
      expect([...invnos].sort()).toEqual(invnos);
      const dates = tables.armast.map((m) => String(m.invdte));
      expect([...dates].sort()).toEqual(dates);
      for (const row of tables.somast) expect(String(row.sono)).toMatch(/^ {4,}\d+$/);
      for (const row of tables.sotran) expect(String(row.transeq)).toMatch(/^ {3}\d$/);
      for (const row of tables.arcust) expect(String(row.custno)).toMatch(/^[A-Z0-9]+ *$/);
      expect(new Set(tables.arcust.map((c) => c.custno)).size).toBe(tables.arcust.length);
      expect(new Set(invnos).size).toBe(invnos.length);
      for (const row of tables.glacnt) expect(String(row.glacnt)).toHaveLength(24);
    }
  });

  it('keeps AR consistent: lines, receipts, balances and customer totals agree', () => {
    for (const { tables } of seed.companies) {
      const lines = sumBy(tables.artran, (r) => r.invno, (r) => cents(r, 'extprice'));
      const receipts = sumBy(tables.arcash, (r) => r.invno, (r) => cents(r, 'paidamt') + cents(r, 'disamt'));
      const discounts = sumBy(tables.arcash, (r) => r.invno, (r) => cents(r, 'disamt'));
      for (const invoice of tables.armast) {
        expect(cents(invoice, 'invamt')).toBe(lines.get(invoice.invno));
        expect(cents(invoice, 'paidamt')).toBe(receipts.get(invoice.invno) ?? 0);
        expect(cents(invoice, 'disamt')).toBe(discounts.get(invoice.invno) ?? 0);
        expect(cents(invoice, 'balance')).toBe(cents(invoice, 'invamt') - cents(invoice, 'paidamt'));
        expect(cents(invoice, 'balance')).toBeGreaterThanOrEqual(0);
        expect(invoice.dtepaid === '1900-01-01').toBe(!receipts.has(invoice.invno));
      }
      const open = sumBy(tables.armast.filter((m) => m.arstat !== 'V'), (r) => r.custno, (r) => cents(r, 'balance'));
      for (const customer of tables.arcust) {
        expect(cents(customer, 'balance'), String(customer.custno)).toBe(open.get(customer.custno) ?? 0);
        expect(cents(customer, 'hibalance')).toBeGreaterThanOrEqual(cents(customer, 'balance'));
      }
      const inactive = new Set(tables.arcust.filter((c) => c.custstat === 'I').map((c) => c.custno));
      expect(tables.armast.filter((m) => isOpen(m) && inactive.has(m.custno))).toEqual([]);
      for (const held of tables.arcust.filter((c) => c.credstat === 'H')) expect(cents(held, 'balance')).toBeGreaterThan(0);
    }
  });

  it('dates receipts between the invoice and the as-of date', () => {
    for (const { tables } of seed.companies) {
      const invoiceDates = new Map(tables.armast.map((m) => [m.invno, String(m.invdte)]));
      for (const receipt of tables.arcash) {
        expect(String(receipt.dtepaid) >= invoiceDates.get(receipt.invno)!).toBe(true);
        expect(String(receipt.dtepaid) <= options.asOf).toBe(true);
      }
      for (const invoice of tables.armast) expect(String(invoice.invdte) <= options.asOf).toBe(true);
    }
  });

  it('posts balanced GL distributions that leave AR equal to the open balance', () => {
    for (const { tables } of seed.companies) {
      for (const [session, total] of sumBy(tables.ardist, (r) => r.arsess, (r) => cents(r, 'amount'))) expect(total, `session ${session}`).toBe(0);
      const receivables = sumBy(tables.ardist.filter((r) => String(r.glacnt).trim() === GL.receivables), (r) => r.tranno, (r) => cents(r, 'amount'));
      for (const invoice of tables.armast) {
        expect(receivables.get(invoice.invno)).toBe(invoice.arstat === 'V' ? 0 : cents(invoice, 'balance'));
      }
      const accounts = new Set(tables.glacnt.map((g) => String(g.glacnt)));
      for (const row of tables.ardist) expect(accounts.has(String(row.glacnt))).toBe(true);
      expect(tables.ardist.some((r) => r.glbatch === '')).toBe(true); // the last week is not yet in GL
    }
    for (const account of [GL.cash, GL.cardClearing, GL.receivables, GL.sales, GL.refunds, GL.chargebacks, GL.cardFees, GL.discounts]) {
      expect(company('01').tables.glacnt.map((g) => String(g.glacnt).trim())).toContain(account);
    }
    // The connector's accounts exist in both companies; refunds and chargebacks credit clearing (asset)
    // accounts, because a reversal reopens AR and the other side is where the money left.
    for (const { tables } of seed.companies) {
      const chart = new Map(tables.glacnt.map((g) => [String(g.glacnt).trim(), g]));
      for (const account of Object.values(SANDBOX_CONNECTOR_GL)) expect(chart.get(account)?.glstat, account).toBe('');
      for (const account of [SANDBOX_CONNECTOR_GL.cash, SANDBOX_CONNECTOR_GL.refunds, SANDBOX_CONNECTOR_GL.chargebacks]) expect(chart.get(account)!.gltype).toBe('A');
    }
  });

  it('keeps stock consistent across bins, locations and items, with open orders allocated', () => {
    for (const { tables } of seed.companies) {
      const qty = (row: Row, column: string) => Number(row[column]);
      const bins = sumBy(tables.iciqty, (r) => `${r.item}|${r.loctid}`, (r) => qty(r, 'qonhand'));
      const binAllocations = sumBy(tables.iciqty, (r) => `${r.item}|${r.loctid}`, (r) => qty(r, 'qsoaloc'));
      const openLines = tables.sotran.filter((line) => line.sostat === '' && line.sotype === '');
      const allocated = sumBy(openLines, (r) => `${r.item}|${r.loctid}`, (r) => qty(r, 'qtyord'));
      for (const location of tables.iciloc) {
        const key = `${location.item}|${location.loctid}`;
        expect(qty(location, 'lonhand')).toBe(bins.get(key));
        expect(qty(location, 'lsoaloc')).toBe(allocated.get(key) ?? 0);
        expect(qty(location, 'lsoaloc')).toBe(binAllocations.get(key));
        expect(qty(location, 'lonhand')).toBeGreaterThanOrEqual(qty(location, 'lsoaloc'));
      }
      const byItem = sumBy(tables.iciloc, (r) => r.item, (r) => qty(r, 'lonhand'));
      for (const item of tables.icitem) expect(qty(item, 'ionhand')).toBe(byItem.get(item.item));
      expect(new Set(tables.iciloc.map((l) => String(l.loctid).trim()))).toEqual(new Set(['MAIN', 'WEST']));
    }
  });

  it('totals orders from their lines and customers’ open orders', () => {
    for (const { tables } of seed.companies) {
      const lines = sumBy(tables.sotran, (r) => r.sono, (r) => cents(r, 'origextpri'));
      for (const order of tables.somast) expect(cents(order, 'ordamt')).toBe(lines.get(order.sono));
      const open = tables.somast.filter((o) => o.sostat === '' && o.sotype === '');
      const onOrder = sumBy(open, (r) => r.custno, (r) => cents(r, 'ordamt') - cents(r, 'shpamt'));
      for (const customer of tables.arcust) expect(cents(customer, 'onorder')).toBe(onOrder.get(customer.custno) ?? 0);
      const codes = new Set(ORDER_STATUSES.map((s) => s.code));
      for (const order of tables.somast) if (order.orderstat) expect(codes.has(String(order.orderstat))).toBe(true);
      const closed = tables.somast.filter((o) => o.sostat === 'C').map((o) => o.sono);
      for (const sono of closed) expect(tables.armast.filter((m) => m.ornum === sono)).toHaveLength(1);
    }
  });

  it('records the next numbers and the code lists in the system tables', () => {
    for (const { company: { compid }, tables, counters } of seed.companies) {
      const sysdata = (sysid: string) => seed.system.sysdata.find((row) => row.sysid === sysid)!;
      expect(sysdata(`AR${compid}`).int1).toBe(Math.max(...tables.armast.map((m) => Number(m.invno))));
      expect(sysdata(`AR${compid}`).int2).toBe(new Set(tables.ardist.map((d) => d.arsess)).size);
      expect(sysdata(`SO${compid}`).int1).toBe(Math.max(...tables.somast.map((o) => Number(o.sono))));
      expect(sysdata(`GL${compid}`).int1).toBe(counters.lastGlbatch);
      const statuses = seed.system.sycrlst.filter((r) => String(r.compid).trim() === compid && String(r.ruleid).trim() === 'ORDRSTAT');
      expect(statuses.map((r) => String(r.chrvl).trim())).toEqual(expect.arrayContaining(['OPEN', 'PAID', 'PAYFAIL', 'REFUNDED']));
    }
    expect(seed.system.syccomp.map((c) => [c.compid, c.compname])).toEqual([
      ['01', 'Demo Sage Pro Company'],
      ['99', 'Sample Company'],
    ]);
  });
});

// The company's past: history tables filled as period close would have left them.
describe.each([
  DEFAULT_SEED_OPTIONS,
  { seed: 7, asOf: '2026-11-26' },
  { seed: -123_456, asOf: '2025-02-28' },
])('Sage Pro sandbox history, seed $seed as of $asOf', (options) => {
  const seed = generateSageProSeed(options);

  it('holds older paid invoices with their lines and receipts, and older closed or void orders with theirs', () => {
    for (const { company: { compid }, tables } of seed.companies) {
      const profile = COMPANY_PROFILES[compid];
      expect(tables.arymst).toHaveLength(profile.historyInvoices);
      expect(tables.soymst).toHaveLength(profile.historyOrders + profile.historyVoidOrders);
      expect(tables.soymst.filter((o) => o.sostat === 'C')).toHaveLength(profile.historyOrders);
      const lines = sumBy(tables.arytrn, (r) => r.invno, (r) => cents(r, 'extprice'));
      const receipts = sumBy(tables.arycsh, (r) => r.invno, (r) => cents(r, 'paidamt') + cents(r, 'disamt'));
      for (const invoice of tables.arymst) {
        expect(invoice.arstat).toBe('');
        expect(cents(invoice, 'balance')).toBe(0);
        expect(cents(invoice, 'invamt')).toBe(lines.get(invoice.invno));
        expect(cents(invoice, 'paidamt')).toBe(receipts.get(invoice.invno));
      }
      const orderLines = sumBy(tables.soytrn, (r) => r.sono, (r) => cents(r, 'origextpri'));
      for (const order of tables.soymst) expect(cents(order, 'ordamt')).toBe(orderLines.get(order.sono));
      // Every closed order was invoiced when it shipped, and that invoice is in history too.
      for (const order of tables.soymst.filter((o) => o.sostat === 'C')) expect(tables.arymst.filter((m) => m.ornum === order.sono)).toHaveLength(1);
      for (const arsess of tables.arycsh.map((r) => r.arsess)) expect(arsess).toBe('');
    }
  });

  it('has exactly the columns of the current tables, and no key in both', () => {
    for (const { tables } of seed.companies) {
      for (const [history, current] of Object.entries(HISTORY_OF)) {
        expect(Object.keys(tables[history as keyof typeof HISTORY_OF][0]), history).toEqual(Object.keys(tables[current][0]));
      }
      const invnos = new Set(tables.armast.map((m) => m.invno));
      const sonos = new Set(tables.somast.map((o) => o.sono));
      expect(tables.arymst.filter((m) => invnos.has(m.invno))).toEqual([]);
      expect(tables.arytrn.filter((m) => invnos.has(m.invno))).toEqual([]);
      expect(tables.arycsh.filter((m) => invnos.has(m.invno))).toEqual([]);
      expect(tables.soymst.filter((o) => sonos.has(o.sono))).toEqual([]);
      expect(new Set(tables.arymst.map((m) => m.invno)).size).toBe(tables.arymst.length);
      // Numbered in date order below the current documents.
      const all = [...tables.arymst, ...tables.armast];
      expect(all.map((m) => Number(m.invno))).toEqual([...all.map((m) => Number(m.invno))].sort((a, b) => a - b));
      expect(all.map((m) => String(m.invdte))).toEqual([...all.map((m) => String(m.invdte))].sort());
      expect(Math.max(...tables.soymst.map((o) => Number(o.sono)))).toBeLessThan(Math.min(...tables.somast.map((o) => Number(o.sono))));
    }
  });

  it('dates history on or before the last close, and leaves nothing closable in the current tables', () => {
    for (const { company: { compid }, tables, closedThrough } of seed.companies) {
      expect(closedThrough < options.asOf).toBe(true);
      for (const row of tables.arymst) expect(String(row.invdte) <= closedThrough && String(row.dtepaid) <= closedThrough).toBe(true);
      for (const row of tables.arycsh) expect(String(row.dtepaid) <= closedThrough).toBe(true);
      for (const row of tables.soytrn) expect(String(row.shipdate) <= closedThrough).toBe(true);
      // Period close's rule (period-close.ts): finished and dated on or before the period's end.
      for (const row of tables.armast) {
        const finished = row.arstat === 'V' || cents(row, 'balance') === 0;
        if (finished) expect(String(row.invdte) > closedThrough || String(row.dtepaid) > closedThrough, String(row.invno)).toBe(true);
      }
      for (const row of tables.sotran.filter((t) => t.sostat === 'C' || t.sostat === 'V')) {
        expect(String(row.ordate) > closedThrough || String(row.shipdate) > closedThrough, String(row.sono)).toBe(true);
      }
      // The fiscal calendar is closed through it, and the company's current period is the next.
      const calendar = seed.system.sycdfis.filter((p) => p.compid === compid);
      expect(calendar.filter((p) => p.closed === 'Y').map((p) => p.enddate).at(-1)).toBe(closedThrough);
      expect(calendar.filter((p) => p.closed === 'Y').every((p) => String(p.enddate) <= closedThrough)).toBe(true);
      expect(calendar.filter((p) => p.closed !== 'Y').every((p) => String(p.begdate) > closedThrough)).toBe(true);
      const company = seed.system.syccomp.find((c) => c.compid === compid)!;
      const current = calendar.find((p) => p.closed !== 'Y')!;
      expect([company.curyear, company.curperd]).toEqual([current.fyear, current.fperiod]);
      expect(String(calendar[0].begdate) <= String(tables.arymst[0].invdte)).toBe(true);
      expect(String(calendar.at(-1)!.enddate) > options.asOf).toBe(true);
    }
  });
});

// The reference's other tables and fields (ddl/company-003-reference-fields.sql).
describe.each([
  DEFAULT_SEED_OPTIONS,
  { seed: 7, asOf: '2026-11-26' },
  { seed: -123_456, asOf: '2025-02-28' },
])('Sage Pro sandbox purchasing, costs and ship-tos, seed $seed as of $asOf', (options) => {
  const seed = generateSageProSeed(options);

  it('keeps purchase orders, on-order quantities and cost layers consistent with stock', () => {
    for (const { company: { compid }, tables } of seed.companies) {
      expect(tables.pomast).toHaveLength(COMPANY_PROFILES[compid].purchaseOrders);
      const lines = sumBy(tables.potran, (r) => r.purno, (r) => cents(r, 'extcost'));
      const received = sumBy(tables.potran, (r) => r.purno, (r) => Number(r.qtyrec) * cents(r, 'cost'));
      for (const po of tables.pomast) {
        expect(cents(po, 'puramt')).toBe(lines.get(po.purno));
        expect(cents(po, 'recamt')).toBe(received.get(po.purno));
        expect(String(po.purdate) <= options.asOf).toBe(true);
      }
      for (const line of tables.potran) {
        expect(cents(line, 'extcost')).toBe(Number(line.qtyord) * cents(line, 'cost'));
        if (line.postat === 'C') expect(Number(line.qtyrec)).toBe(Number(line.qtyord));
        expect(String(line.recdate) <= options.asOf).toBe(true);
      }
      expect(tables.pomast.some((po) => po.postat === '')).toBe(true);
      const onOrder = sumBy(tables.potran.filter((l) => l.postat === ''), (r) => `${r.item}|${r.loctid}`, (r) => Number(r.qtyord) - Number(r.qtyrec));
      const layers = sumBy(tables.iccost, (r) => `${r.item}|${r.loctid}`, (r) => Number(r.conhand));
      const layerValue = sumBy(tables.iccost, (r) => `${r.item}|${r.loctid}`, (r) => Number(r.conhand) * cents(r, 'cost'));
      for (const location of tables.iciloc) {
        const key = `${location.item}|${location.loctid}`;
        expect(Number(location.lonordr), key).toBe(onOrder.get(key) ?? 0);
        expect(layers.get(key) ?? 0, key).toBe(Number(location.lonhand));
        if (Number(location.lonhand) > 0) expect(layerValue.get(key)).toBe(Number(location.lonhand) * cents(location, 'lavgcst'));
      }
      const byItem = sumBy(tables.iciloc, (r) => r.item, (r) => Number(r.lonordr));
      for (const item of tables.icitem) expect(Number(item.ionordr)).toBe(byItem.get(item.item));
      const sysdata = seed.system.sysdata.find((row) => row.sysid === `PO${compid}`)!;
      expect(sysdata.int1).toBe(Math.max(...tables.pomast.map((po) => Number(po.purno))));
    }
  });

  it('gives customers, invoices and orders the reference fields, and some customers a ship-to', () => {
    for (const { tables } of seed.companies) {
      const customers = new Map(tables.arcust.map((c) => [c.custno, c]));
      expect(tables.arcadr.length).toBeGreaterThan(0);
      for (const shipTo of tables.arcadr) expect(customers.has(shipTo.custno)).toBe(true);
      for (const customer of tables.arcust) expect(customer.taxdist).toBe(String(customer.addrstate).trim());
      for (const invoice of [...tables.armast, ...tables.arymst]) {
        expect(invoice.taxdist).toBe(customers.get(invoice.custno)!.taxdist);
        const order = [...tables.somast, ...tables.soymst].find((o) => o.sono === invoice.ornum);
        expect(invoice.ordate).toBe(order ? order.sodate : '1900-01-01');
      }
      for (const order of [...tables.somast, ...tables.soymst]) expect(order.printed).toBe(order.sostat === '' ? '' : 'Y');
      for (const tracking of tables.somast.map((o) => String(o.tracking))) expect(tracking).not.toMatch(/\d{7}/); // no long digit runs
    }
  });
});

describe.each([
  DEFAULT_SEED_OPTIONS,
  { seed: 7, asOf: '2026-11-26' },
  { seed: -123_456, asOf: '2025-02-28' },
])('Sage Pro sandbox purchasing history, stock moves and payables, seed $seed as of $asOf', (options) => {
  const seed = generateSageProSeed(options);

  it('keeps older purchase orders in history, before the last close and numbered below the current ones', () => {
    for (const { company: { compid }, tables, closedThrough } of seed.companies) {
      expect(tables.poymst).toHaveLength(COMPANY_PROFILES[compid].historyPurchaseOrders);
      const current = new Set(tables.pomast.map((po) => po.purno));
      expect(tables.poymst.filter((po) => current.has(po.purno))).toEqual([]);
      expect(Math.max(...tables.poymst.map((po) => Number(po.purno)))).toBeLessThan(Math.min(...tables.pomast.map((po) => Number(po.purno))));
      for (const po of tables.poymst) expect(po.postat === 'C' && String(po.purdate) <= closedThrough).toBe(true);
      for (const line of tables.poytrn) expect(String(line.recdate) <= closedThrough && Number(line.qtyrec) === Number(line.qtyord)).toBe(true);
      for (const po of tables.pomast) expect(String(po.purdate) > closedThrough).toBe(true); // nothing current would close by it
    }
  });

  it('bills closed POs in AP, pays the due ones by check, and balances every AP session', () => {
    for (const { company: { compid }, tables } of seed.companies) {
      const closed = [...tables.pomast, ...tables.poymst].filter((po) => po.postat === 'C');
      expect(tables.apmast).toHaveLength(closed.length);
      for (const bill of tables.apmast) {
        const po = closed.find((p) => String(p.purno).trim() === bill.ref)!;
        expect(cents(bill, 'puramt')).toBe(cents(po, 'recamt'));
        expect([0, cents(bill, 'puramt')]).toContain(cents(bill, 'paidamt'));
        expect(String(bill.checkno).trim() !== '').toBe(cents(bill, 'paidamt') > 0);
        if (cents(bill, 'paidamt') > 0) expect(String(bill.duedate) <= options.asOf).toBe(true);
      }
      const checks = sumBy(tables.apchck, (r) => r.checkno, (r) => cents(r, 'aprpay'));
      for (const bill of tables.apmast.filter((b) => b.checkno !== '')) expect(checks.get(bill.checkno)).toBe(cents(bill, 'paidamt'));
      for (const [session, total] of sumBy(tables.apdist, (r) => r.apsess, (r) => cents(r, 'amount'))) expect(total, `AP session ${session}`).toBe(0);
      const payable = tables.apdist.filter((d) => String(d.glacnt).trim() === '2000').reduce((sum, d) => sum + cents(d, 'amount'), 0);
      expect(payable + tables.apmast.reduce((sum, b) => sum + cents(b, 'puramt') - cents(b, 'paidamt'), 0)).toBe(0);
      expect(tables.glacnt.map((g) => String(g.glacnt).trim())).toContain('2000');
      const sysdata = (sysid: string) => seed.system.sysdata.find((row) => row.sysid === sysid)!;
      expect(sysdata(`AP${compid}`).int2).toBe(new Set(tables.apdist.map((d) => d.apsess)).size);
      expect(sysdata(`AP${compid}`).int1).toBe(Math.max(5000, ...tables.apchck.map((c) => Number(c.checkno))));
    }
  });

  it('records stock received and shipped as inventory transactions, in date order', () => {
    for (const { company: { compid }, tables } of seed.companies) {
      const received = sumBy([...tables.potran, ...tables.poytrn], (r) => `${r.item}|${r.loctid}`, (r) => Number(r.qtyrec));
      const receipts = sumBy(tables.ictran.filter((t) => t.trantyp === 'R'), (r) => `${r.item}|${r.loctid}`, (r) => Number(r.tqty));
      expect([...receipts].filter(([, qty]) => qty > 0).sort()).toEqual([...received].filter(([, qty]) => qty > 0).sort());
      const shipped = [...tables.sotran, ...tables.soytrn].filter((l) => l.sostat === 'C').reduce((sum, l) => sum + Number(l.qtyshp), 0);
      expect(tables.ictran.filter((t) => t.trantyp === 'S').reduce((sum, t) => sum - Number(t.tqty), 0)).toBe(shipped);
      const dates = tables.ictran.map((t) => String(t.trandate));
      expect(dates).toEqual([...dates].sort());
      expect(tables.ictran.map((t) => Number(t.ttranno))).toEqual(tables.ictran.map((_, i) => i + 1));
      expect(seed.system.sysdata.find((row) => row.sysid === `IC${compid}`)!.int1).toBe(tables.ictran.length);
      expect(tables.icloct.map((l) => String(l.loctid).trim())).toEqual(['MAIN', 'WEST']);
    }
  });
});
