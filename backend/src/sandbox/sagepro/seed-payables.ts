/**
 * The seed of ddl/company-004-purchasing-payables.sql: the company's locations (ICLOCT), its older
 * purchase orders in history (POYMST / POYTRN), the inventory transactions behind receipts and
 * shipments (ICTRAN), and accounts payable (APMAST, APCHCK, APDIST) for what the POs brought in.
 * Its own generator; it adds rows only (and the AP account to the chart).
 */
import { KEY_WIDTHS as W } from './company-schema.js';
import { addDays, leftJustified as lj, moneyCents, moneyText as money, rightJustified as rj } from './fixed-width.js';
import type { Prng } from './prng.js';
import { GL, ITEM_CATALOG, LOCATIONS, SHIP_VIAS } from './seed-data.js';
import { FIRST_PURNO, VENDORS } from './seed-reference.js';
import type { Row, Stamp } from './seed-rows.js';

/** The AP control account (a liability), added to the chart for AP's postings. */
export const AP_ACCOUNT = '2000';
export const FIRST_CHECKNO = 5001;

type Tables = Record<string, Row[]>;

export interface PayablesCounters {
  lastTranno: number;
  lastCheckno: number;
  lastApsess: number;
}

export function payablesRows(tables: Tables, rng: Prng, asOf: string, closedThrough: string, olderPurchaseOrders: number, stamp: Stamp): PayablesCounters {
  tables.glacnt.push({ glacnt: lj(AP_ACCOUNT, W.glacnt), gldesc: 'Accounts Payable', gltype: 'L', glstat: '', ...stamp('ADMN', '2019-01-02') });
  tables.icloct = LOCATIONS.map((loctid) => ({
    loctid: lj(loctid, W.loctid),
    locdesc: loctid === 'MAIN' ? 'Main warehouse' : 'West coast warehouse',
    address1: loctid === 'MAIN' ? '100 Commerce Dr' : '2200 Harbor Blvd',
    city: loctid === 'MAIN' ? 'Grand Rapids' : 'Sacramento',
    addrstate: loctid === 'MAIN' ? 'MI' : 'CA',
    zip: loctid === 'MAIN' ? '49503' : '95814',
    phone: loctid === 'MAIN' ? '616-555-0100' : '916-555-0140',
    icacct: lj(GL.inventory, W.glacnt),
    ...stamp('ADMN', '2019-01-02'),
  }));
  olderPurchases(tables, rng, closedThrough, olderPurchaseOrders, stamp);
  const { lastCheckno, lastApsess } = payables(tables, rng, asOf, stamp);
  return { lastTranno: inventoryTransactions(tables, stamp), lastCheckno, lastApsess };
}

/** Closed POs from before the last close, received in full by it, numbered below the current ones. */
function olderPurchases(tables: Tables, rng: Prng, closedThrough: string, count: number, stamp: Stamp): void {
  const items = tables.icitem.map((row) => ITEM_CATALOG.find((c) => lj(c.item, W.item) === row.item)!);
  const dates = Array.from({ length: count }, () => addDays(closedThrough, -rng.int(30, 730))).sort();
  tables.poymst = [];
  tables.poytrn = [];
  dates.forEach((purdate, index) => {
    const purno = rj(FIRST_PURNO - count + index, W.invno);
    const vendno = rng.pick(VENDORS);
    const loctid = lj(rng.chance(0.75) ? 'MAIN' : 'WEST', W.loctid);
    const reqdate = addDays(purdate, rng.int(7, 21));
    const recdate = addDays(purdate, rng.int(5, 20));
    let puramt = 0;
    rng.sample(items, rng.int(1, 3)).forEach((item, line) => {
      const qty = rng.int(2, 12) * 12;
      puramt += qty * item.cost;
      tables.poytrn.push({
        purno, tranlineno: line + 1, vendno, item: lj(item.item, W.item), descrip: item.itmdesc, loctid, umeasur: item.umeasur,
        qtyord: qty, qtyrec: qty, cost: money(item.cost), extcost: money(qty * item.cost), postat: 'C', reqdate, recdate,
        glasst: lj(GL.inventory, W.glacnt), ...stamp('JDS', purdate),
      });
    });
    tables.poymst.push({
      purno, potype: '', postat: 'C', vendno, purdate, reqdate, loctid, shipvia: rng.pick(SHIP_VIAS),
      puramt: money(puramt), recamt: money(puramt), currid: 'USD', ...stamp('JDS', purdate),
    });
  });
}

/**
 * One vendor invoice per closed PO (current or history), dated when the goods came in, due 30 days
 * later and paid by check on its due date when that has passed. AP sessions, one per day with AP
 * activity: Dr inventory / Cr AP when billed, Dr AP / Cr cash when paid.
 */
function payables(tables: Tables, rng: Prng, asOf: string, stamp: Stamp): { lastCheckno: number; lastApsess: number } {
  const lines = [...tables.potran, ...tables.poytrn];
  const bills = [...tables.poymst, ...tables.pomast]
    .filter((po) => po.postat === 'C')
    .map((po) => {
      const received = lines.filter((l) => l.purno === po.purno).map((l) => String(l.recdate)).sort().at(-1)!;
      return { po, date: received, due: addDays(received, 30), invno: `${String(po.vendno).slice(3)}-${rng.int(10000, 99999)}` };
    })
    .sort((a, b) => a.date.localeCompare(b.date) || String(a.po.purno).localeCompare(String(b.po.purno)));
  const paid = bills.filter((bill) => bill.due <= asOf).sort((a, b) => a.due.localeCompare(b.due));
  const checks = new Map(paid.map((bill, i) => [bill, FIRST_CHECKNO + i]));
  const days = [...new Set([...bills.map((b) => b.date), ...paid.map((b) => b.due)])].sort();
  const session = (date: string) => rj(days.indexOf(date) + 1, W.arsess);
  tables.apmast = [];
  tables.apchck = [];
  tables.apdist = [];
  const post = (bill: (typeof bills)[number], date: string, glacnt: string, cents: number, descrip: string) =>
    tables.apdist.push({
      vendno: bill.po.vendno, invno: bill.invno, udref: String(bill.po.purno).trim(), glacnt: lj(glacnt, W.glacnt), descrip, amount: money(cents),
      trandte: date, apsess: session(date), glbatch: '', ...stamp('JDS', date),
    });
  for (const bill of bills) {
    const amount = moneyCents(String(bill.po.recamt));
    const checkno = checks.get(bill);
    tables.apmast.push({
      invno: bill.invno, vendno: bill.po.vendno, pterms: 'Net 30', purdate: bill.date, duedate: bill.due, puramt: money(amount),
      paidamt: money(checkno ? amount : 0), ref: String(bill.po.purno).trim(), checkno: checkno ? rj(checkno, W.invno) : '',
      chkacc: checkno ? lj(GL.cash, W.glacnt) : '', currid: 'USD', ...stamp('JDS', bill.date),
    });
    post(bill, bill.date, GL.inventory, amount, `PO ${String(bill.po.purno).trim()}`);
    post(bill, bill.date, AP_ACCOUNT, -amount, `PO ${String(bill.po.purno).trim()}`);
  }
  for (const bill of paid) {
    const amount = moneyCents(String(bill.po.recamt));
    tables.apchck.push({
      checkno: rj(checks.get(bill)!, W.invno), vendno: bill.po.vendno, checkdate: bill.due, aprpay: money(amount), apstat: '',
      chkacc: lj(GL.cash, W.glacnt), ...stamp('JDS', bill.due),
    });
    post(bill, bill.due, AP_ACCOUNT, amount, `Check ${checks.get(bill)}`);
    post(bill, bill.due, GL.cash, -amount, `Check ${checks.get(bill)}`);
  }
  return { lastCheckno: FIRST_CHECKNO + paid.length - 1, lastApsess: days.length };
}

/** 'R' per PO line received, 'S' per order line shipped, numbered in date order. */
function inventoryTransactions(tables: Tables, stamp: Stamp): number {
  const invoices = new Map([...tables.armast, ...tables.arymst].filter((m) => String(m.ornum).trim()).map((m) => [m.ornum, m.invno]));
  const bin = (loctid: unknown) => lj(String(loctid).trim() === 'MAIN' ? 'A-01' : 'W-01', W.qbin);
  const moves: Row[] = [];
  for (const line of [...tables.poytrn, ...tables.potran].filter((l) => Number(l.qtyrec) > 0)) {
    moves.push({ item: line.item, loctid: line.loctid, serial: '', tier: '', ref: `PO ${String(line.purno).trim()}`, trantyp: 'R', tstat: '',
      tqty: Number(line.qtyrec), tcost: line.cost, orgno: line.purno, docno: line.purno, tstore: '', tbin: bin(line.loctid), trandate: line.recdate });
  }
  for (const line of [...tables.soytrn, ...tables.sotran].filter((l) => l.sostat === 'C' && Number(l.qtyshp) > 0)) {
    moves.push({ item: line.item, loctid: line.loctid, serial: line.serial, tier: '', ref: `SO ${String(line.sono).trim()}`, trantyp: 'S', tstat: '',
      tqty: -Number(line.qtyshp), tcost: line.cost, orgno: line.sono, docno: invoices.get(line.sono) ?? '', tstore: '', tbin: bin(line.loctid), trandate: line.shipdate });
  }
  moves.sort((a, b) => String(a.trandate).localeCompare(String(b.trandate)) || String(a.orgno).localeCompare(String(b.orgno)));
  tables.ictran = moves.map((move, i) => ({ ttranno: rj(i + 1, W.invno), ...move, ...stamp('JDS', String(move.trandate)) }));
  return moves.length;
}
