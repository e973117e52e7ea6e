/**
 * The company's past: what its earlier period closes moved to the history tables (ARYMST, ARYTRN,
 * ARYCSH, SOYMST, SOYTRN). Drawn from a generator of its own, so the current tables are the same
 * with or without it. Everything in history is finished (invoices paid in full, orders closed or
 * void) and dated on or before the last closed period's end, which is the latest month end before
 * anything in the current tables could have been closed: running period close up to it moves nothing.
 */
import { addDays } from './fixed-width.js';
import { endOfPreviousPeriod } from './fiscal-calendar.js';
import type { Prng } from './prng.js';
import { SHIP_VIAS } from './seed-data.js';
import {
  type CompanyModel,
  type CompanyProfile,
  type Invoice,
  makeLines,
  minDate,
  numberInDateOrder,
  type Order,
  payInFull,
} from './seed-model.js';

export interface HistoryModel {
  /** Paid in full, numbered below the current invoices (in date order). */
  invoices: Invoice[];
  /** Closed (each invoiced, its invoice in `invoices`) or void, numbered below the current orders. */
  orders: Order[];
  /** The end of the last closed period (YYYY-MM-DD); the next period is the company's current one. */
  closedThrough: string;
}

/** How far back the history reaches before the last close: about three years of business. */
const HISTORY_DAYS = 3 * 365;

export function generateHistoryModel(rng: Prng, profile: CompanyProfile, current: CompanyModel, asOf: string): HistoryModel {
  const closedThrough = endOfPreviousPeriod(minDate(earliestClosable(current), asOf));
  // History is numbered below the current documents, so it must also be older than all of them.
  const oldest = [...current.invoices.map((i) => i.date), ...current.orders.map((o) => o.date)].reduce(minDate, asOf);
  const end = minDate(closedThrough, addDays(oldest, -1));
  const start = addDays(end, -HISTORY_DAYS);
  const user = () => rng.pick(['KLT', 'SAM', 'JDS']);
  const customersOn = (date: string) => {
    const known = current.customers.filter((c) => c.custno !== 'CASH' && c.entered <= date);
    return known.length ? known : current.customers.filter((c) => c.custno !== 'CASH');
  };
  const day = (from: string, until: string) => addDays(from, rng.int(0, Math.max(0, Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000))));

  const orders: Order[] = [];
  const invoices: Invoice[] = [];
  for (let i = 0; i < profile.historyOrders + profile.historyVoidOrders; i += 1) {
    const kind = i < profile.historyOrders ? 'closed' : 'void';
    const date = day(start, addDays(end, -60));
    const order: Order = {
      sono: 0,
      kind,
      customer: rng.pick(customersOn(date)),
      date,
      dueDate: addDays(date, rng.int(3, 14)),
      ponum: `PO-${rng.int(10000, 99999)}`,
      shipvia: rng.pick(SHIP_VIAS),
      lines: makeLines(rng, current.items),
      user: user(),
    };
    orders.push(order);
    if (kind !== 'closed') continue;
    order.shipDate = addDays(date, rng.int(1, 7));
    invoices.push(historyInvoice(order.customer, order.shipDate, order.lines, order));
  }
  while (invoices.length < profile.historyInvoices) {
    const date = day(start, addDays(end, -50));
    invoices.push(historyInvoice(rng.pick(customersOn(date)), date, makeLines(rng, current.items)));
  }
  // Every receipt lands by the close: payInFull keeps receipts on or before its last argument.
  for (const invoice of invoices) payInFull(rng, invoice, end);

  return {
    invoices: numberInDateOrder(invoices, profile.firstInvno - invoices.length, (inv, invno) => (inv.invno = invno)),
    orders: numberInDateOrder(orders, profile.firstSono - orders.length, (order, sono) => (order.sono = sono)),
    closedThrough,
  };

  function historyInvoice(customer: Invoice['customer'], date: string, lines: Invoice['lines'], order?: Order): Invoice {
    return {
      invno: 0,
      kind: 'paid',
      customer,
      date,
      order,
      ponum: order?.ponum ?? (rng.chance(0.6) ? `PO-${rng.int(10000, 99999)}` : ''),
      shipvia: order?.shipvia ?? rng.pick(SHIP_VIAS),
      lines,
      receipts: [],
      user: user(),
    };
  }
}

/**
 * The earliest day on which period close could have moved something of the current tables: a paid or
 * void invoice's later of its date and last receipt, a closed or void order's later of its date and
 * shipment. The rule is period-close.ts's, on the model.
 */
export function earliestClosable(model: CompanyModel): string {
  const dates: string[] = [];
  for (const invoice of model.invoices) {
    if (invoice.kind === 'open') continue;
    dates.push([invoice.date, ...invoice.receipts.map((r) => r.date)].reduce((a, b) => (a > b ? a : b)));
  }
  for (const order of model.orders) {
    if (order.kind === 'closed' || order.kind === 'void') dates.push(order.shipDate && order.shipDate > order.date ? order.shipDate : order.date);
  }
  return dates.reduce(minDate, '9999-12-31');
}
