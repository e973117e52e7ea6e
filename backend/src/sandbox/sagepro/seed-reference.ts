/**
 * The seed of ddl/company-003-reference-fields.sql: the customer, invoice, order and item fields the
 * reference names that company-001 lacked, ship-to addresses (ARCADR), purchase orders (POMAST /
 * POTRAN) and cost layers (ICCOST). Drawn from a generator of its own and only adding columns and
 * rows, so every value the earlier tables had stays as it was, except the on-order quantities
 * (icitem.ionordr, iciloc.lonordr), which now equal the open purchase order lines.
 */
import { KEY_WIDTHS as W } from './company-schema.js';
import { addDays, EMPTY_DATE, leftJustified as lj, moneyText as money, rightJustified as rj } from './fixed-width.js';
import type { Prng } from './prng.js';
import { GL, ITEM_CATALOG, SHIP_VIAS, STREETS } from './seed-data.js';
import type { Row, Stamp } from './seed-rows.js';

import { REFERENCE_TABLES } from './seed-rows.js';

export type ReferenceTable = (typeof REFERENCE_TABLES)[number];

/** Suppliers (vendno char(6)); iciloc.lsupplr already names the first. */
export const VENDORS: readonly string[] = ['VND100', 'VND200', 'VND300'];
const INDUSTRIES: readonly string[] = ['HARDWARE', 'RETAIL', 'CONTRACT', 'INDUSTRL'];
/** First purchase order number; `PO<compid>.int1` in sysdata is the last one used. */
export const FIRST_PURNO = 3001;

type Tables = Record<string, Row[]>;

export interface ReferenceSeed {
  tables: Record<ReferenceTable, Row[]>;
  lastPurno: number;
}

export function referenceRows(tables: Tables, rng: Prng, asOf: string, closedThrough: string, purchaseOrders: number, stamp: Stamp): ReferenceSeed {
  const customers = new Map(tables.arcust.map((c) => [c.custno, c]));
  const state = (custno: unknown) => String(customers.get(custno as Row[string])?.addrstate ?? '').trim().slice(0, 4);
  for (const customer of tables.arcust) {
    const cash = String(customer.custno).trim() === 'CASH';
    Object.assign(customer, {
      phone2: '',
      indust: cash ? '' : rng.pick(INDUSTRIES),
      code: '',
      svc: cash ? 0 : 1.5,
      credit: money(0),
      sltxact: lj(GL.salesTax, W.glacnt),
      fchgact: '',
      history: 'Y',
      flags: '',
      taxdist: state(customer.custno),
      statfmt: cash ? '' : 'O',
      forward: money(0),
    });
  }
  const orderDates = new Map([...tables.somast, ...tables.soymst].map((o) => [o.sono, String(o.sodate)]));
  for (const invoice of [...tables.armast, ...tables.arymst]) {
    const fromOrder = orderDates.get(invoice.ornum);
    Object.assign(invoice, { sotrack: '', storenr: '', shipto: '', ordate: fromOrder ?? EMPTY_DATE, fob: fromOrder ? 'ORIGIN' : '', taxdist: state(invoice.custno) });
  }
  for (const order of [...tables.somast, ...tables.soymst]) {
    const shipped = order.sostat === 'C';
    const tracking = shipped && String(order.shipvia).startsWith('UPS') ? `1ZA${rng.int(100000, 999999)}X${rng.int(100000, 999999)}` : '';
    Object.assign(order, { sotrack: '', taxdist: state(order.custno), tracking, maint: '', reqtime: '', printed: order.sostat === '' ? '' : 'Y' });
  }

  const arcadr = shipTos(tables, rng, stamp);
  const { pomast, potran, lastPurno } = purchaseOrders_(tables, rng, asOf, closedThrough, purchaseOrders, stamp);
  const iccost = costLayers(tables, potran, asOf, stamp);
  const lastOrdered = new Map<unknown, string>();
  for (const line of potran) {
    const date = String(pomast.find((po) => po.purno === line.purno)!.purdate);
    if (!lastOrdered.has(line.item) || lastOrdered.get(line.item)! < date) lastOrdered.set(line.item, date);
  }
  const countDay = `${asOf.slice(0, 4)}-01-02`;
  for (const item of tables.icitem) Object.assign(item, { ilordr: lastOrdered.get(item.item) ?? EMPTY_DATE, ilpcnt: countDay <= asOf ? countDay : EMPTY_DATE, makeitr: '', altitm1: '', altitm2: '' });
  return { tables: { arcadr, iccost, pomast, potran }, lastPurno };
}

/** About one customer in five ships to a second address: a warehouse in its own city. */
function shipTos(tables: Tables, rng: Prng, stamp: Stamp): Row[] {
  return tables.arcust
    .filter((c) => String(c.custno).trim() !== 'CASH' && rng.chance(0.2))
    .map((c) => ({
      custno: c.custno,
      cshipno: lj('S1', 4),
      company: `${String(c.company).trim()} Warehouse`.slice(0, 35),
      contact: 'Receiving',
      address1: `${rng.int(100, 9899)} ${rng.pick(STREETS)}`,
      address2: '',
      city: c.city,
      addrstate: c.addrstate,
      zip: c.zip,
      country: c.country,
      phone: c.phone,
      taxdist: String(c.addrstate).trim().slice(0, 4),
      ...stamp('ADMN', String(c.entered)),
    }));
}

/**
 * Replenishment orders to the suppliers, numbered in date order: the older ones received in full
 * and closed, the last few open (nothing or part received), whose open quantities are on order.
 */
function purchaseOrders_(tables: Tables, rng: Prng, asOf: string, closedThrough: string, count: number, stamp: Stamp): { pomast: Row[]; potran: Row[]; lastPurno: number } {
  const items = tables.icitem.map((row) => ITEM_CATALOG.find((c) => lj(c.item, W.item) === row.item)!);
  // After the last close (older ones are in POYMST), within the last half year.
  const span = Math.min(180, Math.round((Date.parse(asOf) - Date.parse(closedThrough)) / 86_400_000) - 1);
  const dates = Array.from({ length: count }, () => addDays(asOf, -rng.int(0, span))).sort();
  const pomast: Row[] = [];
  const potran: Row[] = [];
  const onOrder = new Map<string, number>();
  dates.forEach((purdate, index) => {
    const purno = rj(FIRST_PURNO + index, W.invno);
    const open = index >= count - Math.max(1, Math.round(count / 4));
    const vendno = rng.pick(VENDORS);
    const loctid = lj(rng.chance(0.75) ? 'MAIN' : 'WEST', W.loctid);
    const reqdate = addDays(purdate, rng.int(7, 21));
    const arrived = addDays(purdate, rng.int(5, 20));
    const recdate = open ? EMPTY_DATE : arrived < asOf ? arrived : asOf;
    let puramt = 0;
    let recamt = 0;
    rng.sample(items, rng.int(1, 3)).forEach((item, line) => {
      const qtyord = rng.int(2, 12) * 12;
      const qtyrec = open ? (rng.chance(0.3) ? qtyord / 2 : 0) : qtyord;
      puramt += qtyord * item.cost;
      recamt += qtyrec * item.cost;
      if (open) onOrder.set(`${lj(item.item, W.item)}|${loctid}`, (onOrder.get(`${lj(item.item, W.item)}|${loctid}`) ?? 0) + qtyord - qtyrec);
      potran.push({
        purno,
        tranlineno: line + 1,
        vendno,
        item: lj(item.item, W.item),
        descrip: item.itmdesc,
        loctid,
        umeasur: item.umeasur,
        qtyord,
        qtyrec,
        cost: money(item.cost),
        extcost: money(qtyord * item.cost),
        postat: open ? '' : 'C',
        reqdate,
        recdate: qtyrec > 0 ? (open ? [addDays(purdate, 1), asOf].sort()[0] : recdate) : EMPTY_DATE,
        glasst: lj(GL.inventory, W.glacnt),
        ...stamp('JDS', purdate),
      });
    });
    pomast.push({
      purno,
      potype: '',
      postat: open ? '' : 'C',
      vendno,
      purdate,
      reqdate,
      loctid,
      shipvia: rng.pick(SHIP_VIAS),
      puramt: money(puramt),
      recamt: money(recamt),
      currid: 'USD',
      ...stamp('JDS', purdate),
    });
  });
  for (const location of tables.iciloc) location.lonordr = onOrder.get(`${location.item}|${location.loctid}`) ?? 0;
  for (const item of tables.icitem) {
    item.ionordr = tables.iciloc.filter((l) => l.item === item.item).reduce((sum, l) => sum + Number(l.lonordr), 0);
  }
  return { pomast, potran, lastPurno: FIRST_PURNO + count - 1 };
}

/**
 * What is on hand, at cost: one layer per item and location, or two (an older one a little cheaper,
 * a newer one as much dearer, in equal quantities) so the average stays the item's cost (iciloc.lavgcst).
 * The layers sum to iciloc.lonhand.
 */
function costLayers(tables: Tables, potran: Row[], asOf: string, stamp: Stamp): Row[] {
  const layers: Row[] = [];
  const received = (item: unknown, loctid: unknown) => potran.filter((l) => l.item === item && l.loctid === loctid && Number(l.qtyrec) > 0).at(-1);
  for (const location of tables.iciloc) {
    const onHand = Number(location.lonhand);
    if (onHand <= 0) continue;
    const cost = Math.round(Number(location.lavgcst) * 100);
    const last = received(location.item, location.loctid);
    const layer = (cents: number, conhand: number, recdate: string, purno: unknown): Row => ({
      item: location.item,
      loctid: location.loctid,
      cost: money(cents),
      conhand,
      recdate,
      purno: (purno as Row[string] | undefined) ?? '',
      ...stamp('ADMN', recdate),
    });
    const step = Math.max(1, Math.round(cost / 20));
    if (onHand >= 2 && onHand % 2 === 0 && cost > step) {
      layers.push(layer(cost - step, onHand / 2, addDays(asOf, -200), ''));
      layers.push(layer(cost + step, onHand / 2, String(last?.recdate ?? addDays(asOf, -30)), last?.purno));
    } else {
      layers.push(layer(cost, onHand, String(last?.recdate ?? addDays(asOf, -60)), last?.purno));
    }
  }
  return layers;
}
