/**
 * The company facts as Sage Pro rows: keys padded the Sage Pro way, money as numeric text, every
 * derived total (armast.balance, arcust.balance, stock by location) computed from the facts.
 */
import { KEY_WIDTHS as W } from './company-schema.js';
import { addDays, EMPTY_DATE, leftJustified as lj, moneyText as money, rightJustified as rj } from './fixed-width.js';
import type { Prng } from './prng.js';
import { CHART_OF_ACCOUNTS, GL, LOCATIONS } from './seed-data.js';
import { stockRows } from './seed-stock.js';
import {
  type CompanyModel,
  type Customer,
  daysBetween,
  type Invoice,
  invoiceAmount,
  invoiceApplied,
  type Line,
  type Order,
  type Receipt,
} from './seed-model.js';
import type { HistoryModel } from './seed-history.js';

export type SqlValue = string | number;
export type Row = Record<string, SqlValue>;

export const CURRENT_TABLES = ['glacnt', 'icitem', 'iciloc', 'iciqty', 'arcust', 'somast', 'sotran', 'soaddr', 'armast', 'artran', 'arcash', 'ardist'] as const;
/** Sage Pro's history tables: the same columns as their current tables (HISTORY_OF), filled by period close. */
export const HISTORY_TABLES = ['arymst', 'arytrn', 'arycsh', 'soymst', 'soytrn', 'poymst', 'poytrn'] as const;
/** Tables of ddl/company-003-reference-fields.sql, seeded by seed-reference.ts. */
export const REFERENCE_TABLES = ['arcadr', 'iccost', 'pomast', 'potran'] as const;
/** Tables of ddl/company-004-purchasing-payables.sql, seeded by seed-payables.ts (with poymst / poytrn). */
export const PAYABLES_TABLES = ['icloct', 'ictran', 'apmast', 'apchck', 'apdist'] as const;
export const COMPANY_TABLES = [...CURRENT_TABLES, ...HISTORY_TABLES, ...REFERENCE_TABLES, ...PAYABLES_TABLES] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];
/** Each history table and the current table it takes the rows of. */
export const HISTORY_OF: Readonly<Record<HistoryTable, (typeof CURRENT_TABLES)[number] | 'pomast' | 'potran'>> = {
  arymst: 'armast',
  arytrn: 'artran',
  arycsh: 'arcash',
  soymst: 'somast',
  soytrn: 'sotran',
  poymst: 'pomast',
  poytrn: 'potran',
};
export type CompanyTable = (typeof COMPANY_TABLES)[number];

export interface CompanyCounters {
  lastInvno: number;
  lastSono: number;
  lastArsess: number;
  lastGlbatch: number;
}

const CURRENCY = 'USD';

/** Stamps numbered from `start` (the time of day of each comes from its number). */
export function stamper(start: number): Stamp {
  let seq = start;
  return (user, date) => added(user, date, ++seq);
}

/** An "entered by / on / at" stamp; the time of day is derived from a running number, not a clock. */
function added(user: string, date: string, seq: number): Row {
  const hh = 8 + (seq % 9);
  const mm = (seq * 7) % 60;
  const ss = (seq * 13) % 60;
  return { adduser: user, adddate: date, addtime: [hh, mm, ss].map((n) => String(n).padStart(2, '0')).join(':') };
}

interface Session {
  arsess: number;
  glbatch: number;
}

/**
 * AR sessions: one per day with AR activity, numbered in date order. Sessions older than a week have
 * been transferred to GL (one GL batch each); the last week's are still waiting (glbatch blank).
 */
function arSessions(invoices: Invoice[], asOf: string): Map<string, Session> {
  const dates = new Set<string>();
  for (const invoice of invoices) {
    dates.add(invoice.date);
    for (const receipt of invoice.receipts) dates.add(receipt.date);
    if (invoice.voidDate) dates.add(invoice.voidDate);
  }
  const postedUntil = addDays(asOf, -7);
  const sessions = new Map<string, Session>();
  let glbatch = 0;
  [...dates].sort().forEach((date, i) => sessions.set(date, { arsess: i + 1, glbatch: date <= postedUntil ? ++glbatch : 0 }));
  return sessions;
}

export function companyRows(model: CompanyModel, rng: Prng, asOf: string, history?: HistoryModel): { tables: Record<CompanyTable, Row[]>; counters: CompanyCounters } {
  let seq = 0;
  const stamp = (user: string, date: string) => added(user, date, ++seq);
  const sessions = arSessions(model.invoices, asOf);
  const session = (date: string) => sessions.get(date)!;

  const glacnt = CHART_OF_ACCOUNTS.map((account) => ({ glacnt: lj(account.glacnt, W.glacnt), gldesc: account.gldesc, gltype: account.gltype, glstat: '', ...stamp('ADMN', '2019-01-02') }));

  const { icitem, iciloc, iciqty } = stockRows(model, rng, asOf, stamp);

  const somast: Row[] = [];
  const sotran: Row[] = [];
  const soaddr: Row[] = [];
  for (const order of model.orders) {
    somast.push(orderRow(order, stamp));
    order.lines.forEach((line, i) => sotran.push(orderLineRow(order, line, i, stamp)));
    soaddr.push(orderAddressRow(order, stamp));
  }

  const armast: Row[] = [];
  const artran: Row[] = [];
  const arcash: Row[] = [];
  const ardist: Row[] = [];
  for (const invoice of model.invoices) {
    armast.push(invoiceRow(invoice, stamp));
    invoice.lines.forEach((line, i) => artran.push(invoiceLineRow(invoice, line, i, stamp)));
    ardist.push(...invoiceDistributions(invoice, session, stamp));
    for (const receipt of invoice.receipts) arcash.push(receiptRow(invoice, receipt, rj(session(receipt.date).arsess, W.arsess), stamp));
  }

  const arcust = model.customers.map((customer) => customerRow(customer, model, asOf, stamp));
  const all = [...sessions.values()];
  return {
    tables: { glacnt, icitem, iciloc, iciqty, arcust, somast, sotran, soaddr, armast, artran, arcash, ardist, ...historyRows(history, stamp), arcadr: [], iccost: [], pomast: [], potran: [], icloct: [], ictran: [], apmast: [], apchck: [], apdist: [] },
    counters: {
      lastInvno: Math.max(0, ...model.invoices.map((invoice) => invoice.invno)),
      lastSono: Math.max(0, ...model.orders.map((order) => order.sono)),
      lastArsess: all.length,
      lastGlbatch: Math.max(0, ...all.map((s) => s.glbatch)),
    },
  };
}

export type Stamp = (user: string, date: string) => Row;

/**
 * The history tables' rows, made like the current ones (moved rows keep every column). Their GL
 * distributions are not on file any more, and their AR sessions predate the ones still on file, so
 * arycsh.arsess is blank (GUESS: the seed's history has no session to point at).
 */
function historyRows(history: HistoryModel | undefined, stamp: Stamp): Record<HistoryTable, Row[]> {
  const rows: Record<HistoryTable, Row[]> = { arymst: [], arytrn: [], arycsh: [], soymst: [], soytrn: [], poymst: [], poytrn: [] };
  for (const order of history?.orders ?? []) {
    rows.soymst.push(orderRow(order, stamp));
    order.lines.forEach((line, i) => rows.soytrn.push(orderLineRow(order, line, i, stamp)));
  }
  for (const invoice of history?.invoices ?? []) {
    rows.arymst.push(invoiceRow(invoice, stamp));
    invoice.lines.forEach((line, i) => rows.arytrn.push(invoiceLineRow(invoice, line, i, stamp)));
    for (const receipt of invoice.receipts) rows.arycsh.push(receiptRow(invoice, receipt, '', stamp));
  }
  return rows;
}

function receiptRow(invoice: Invoice, receipt: Receipt, arsess: string, stamp: Stamp): Row {
  return {
    custno: lj(invoice.customer.custno, W.custno),
    invno: rj(invoice.invno, W.invno),
    refno: lj(receipt.refno, W.refno),
    dtepaid: receipt.date,
    paidamt: money(receipt.paid),
    disamt: money(receipt.discount),
    arsess,
    cashacct: lj(GL.cash, W.glacnt),
    currid: CURRENCY,
    ...stamp(receipt.user, receipt.date),
  };
}

function customerRow(customer: Customer, model: CompanyModel, asOf: string, stamp: Stamp): Row {
  const live = model.invoices.filter((invoice) => invoice.customer === customer && invoice.kind !== 'void');
  const balance = live.reduce((sum, invoice) => sum + invoiceAmount(invoice) - invoiceApplied(invoice), 0);
  const sales = (prefix: string) => live.filter((invoice) => invoice.date.startsWith(prefix)).reduce((sum, invoice) => sum + invoiceAmount(invoice), 0);
  const lastSale = live.reduce<Invoice | undefined>((last, invoice) => (!last || invoice.date >= last.date ? invoice : last), undefined);
  const receipts = live.flatMap((invoice) => invoice.receipts);
  const lastPayment = receipts.reduce<(typeof receipts)[number] | undefined>((last, r) => (!last || r.date >= last.date ? r : last), undefined);
  const onOrder = model.orders
    .filter((order) => order.customer === customer && order.kind === 'open')
    .reduce((sum, order) => sum + order.lines.reduce((total, line) => total + line.ext, 0), 0);
  const paid = live.filter((invoice) => invoice.kind === 'paid');
  const payDays = paid.length ? paid.reduce((sum, invoice) => sum + daysBetween(invoice.date, invoice.receipts.at(-1)!.date), 0) / paid.length : 0;
  return {
    custno: lj(customer.custno, W.custno),
    company: customer.company,
    contact: customer.contact,
    title: 'Accounts Payable',
    address1: customer.address1,
    address2: '',
    city: customer.city,
    addrstate: customer.state,
    zip: customer.zip,
    country: 'USA',
    phone: customer.phone,
    faxno: '',
    email: customer.email,
    terr: customer.terr,
    salesmn: customer.salesmn,
    source: 'TRADE SHOW',
    type: customer.custno === 'CASH' ? 'CASH' : 'WHOLESAL',
    pterms: customer.terms.pterms,
    pdisc: customer.terms.pdisc,
    pdays: customer.terms.pdays,
    pnet: customer.terms.pnet,
    disc: 0,
    tax: 0,
    taxcode: '',
    pricecode: '',
    currency: CURRENCY,
    gllink: '',
    aracct: lj(GL.receivables, W.glacnt),
    ldate: lastSale?.date ?? EMPTY_DATE,
    lastpay: lastPayment?.date ?? EMPTY_DATE,
    entered: customer.entered,
    balance: money(balance),
    hibalance: money(Math.round(balance * 1.2)),
    ptdsls: money(sales(asOf.slice(0, 7))),
    ytdsls: money(sales(asOf.slice(0, 4))),
    onorder: money(onOrder),
    credlimit: money(customer.credlimit),
    lpymt: money(lastPayment?.paid ?? 0),
    lsale: money(lastSale ? invoiceAmount(lastSale) : 0),
    pmtdays: payDays.toFixed(1),
    credstat: customer.credstat,
    custstat: customer.custstat,
    comment: customer.credstat === 'H' ? 'Credit hold: past due, call before shipping' : '',
    cstmemo: '',
    ...stamp('ADMN', customer.entered),
  };
}

function orderTotals(order: Order): { ordamt: number; shpamt: number } {
  const ordamt = order.lines.reduce((sum, line) => sum + line.ext, 0);
  return { ordamt, shpamt: order.kind === 'closed' ? ordamt : 0 };
}

const ORDER_CODES: Record<Order['kind'], { sostat: string; sotype: string; orderstat: string }> = {
  open: { sostat: '', sotype: '', orderstat: 'OPEN' },
  closed: { sostat: 'C', sotype: '', orderstat: 'SHIPPED' },
  void: { sostat: 'V', sotype: '', orderstat: '' },
  bid: { sostat: '', sotype: 'B', orderstat: '' },
};

function orderRow(order: Order, stamp: Stamp): Row {
  const { ordamt, shpamt } = orderTotals(order);
  const { customer } = order;
  return {
    sono: rj(order.sono, W.sono),
    custno: lj(customer.custno, W.custno),
    cshipno: '',
    ...ORDER_CODES[order.kind],
    ponum: lj(order.ponum, W.ponum),
    ornum: '',
    sodate: order.date,
    ordate: order.dueDate,
    shipvia: order.shipvia,
    fob: 'ORIGIN',
    pterms: customer.terms.pterms,
    pdisc: customer.terms.pdisc,
    pdays: customer.terms.pdays,
    pnet: customer.terms.pnet,
    ordamt: money(ordamt),
    shpamt: money(shpamt),
    bordamt: money(ordamt),
    tax: money(0),
    taxrate: 0,
    shipchg: money(0),
    salesmn: customer.salesmn,
    terr: customer.terr,
    defloc: LOCATIONS[0],
    currid: CURRENCY,
    exchrat: 1,
    glarec: lj(GL.receivables, W.glacnt),
    notes: '',
    release: 'N',
    shipcomp: 'N',
    ...stamp(order.user, order.date),
  };
}

function orderLineRow(order: Order, line: Line, index: number, stamp: Stamp): Row {
  const shipped = order.kind === 'closed';
  const { sostat, sotype } = ORDER_CODES[order.kind];
  return {
    sono: rj(order.sono, W.sono),
    tranlineno: index + 1,
    transeq: rj(index + 1, W.transeq),
    custno: lj(order.customer.custno, W.custno),
    item: lj(line.item.item, W.item),
    descrip: line.item.itmdesc,
    loctid: lj(line.loctid, W.loctid),
    serial: '',
    cpartno: '',
    umeasur: line.item.umeasur,
    qtyord: shipped ? 0 : line.qty,
    qtyshp: shipped ? line.qty : 0,
    origqtyord: line.qty,
    tqtyord: shipped ? 0 : line.qty,
    tqtyshp: shipped ? line.qty : 0,
    cost: money(line.item.cost),
    price: money(line.item.price),
    extprice: money(line.ext),
    origextpri: money(line.ext),
    bcost: money(line.item.cost),
    bprice: money(line.item.price),
    bextpri: money(line.ext),
    tprice: money(line.item.price),
    tcost: money(line.item.cost),
    disc: 0,
    taxrate: 0,
    taxable: 'N',
    stkcode: 'Y',
    glsale: lj(GL.sales, W.glacnt),
    glasst: lj(GL.inventory, W.glacnt),
    ordate: order.date,
    rqdate: order.dueDate,
    shipdate: order.shipDate ?? EMPTY_DATE,
    sostat,
    sotype,
    salesmn: order.customer.salesmn,
    terr: order.customer.terr,
    currid: CURRENCY,
    exchrat: 1,
    ...stamp(order.user, order.date),
  };
}

function orderAddressRow(order: Order, stamp: Stamp): Row {
  const { customer } = order;
  return {
    sono: rj(order.sono, W.sono),
    custno: lj(customer.custno, W.custno),
    adtype: 'D',
    company: customer.company,
    address1: customer.address1,
    address2: '',
    address3: '',
    city: customer.city,
    addrstate: customer.state,
    zip: customer.zip,
    country: 'USA',
    phone: customer.phone,
    email: customer.email,
    ...stamp(order.user, order.date),
  };
}

function invoiceRow(invoice: Invoice, stamp: Stamp): Row {
  const amount = invoiceAmount(invoice);
  const applied = invoiceApplied(invoice);
  const discounts = invoice.receipts.reduce((sum, receipt) => sum + receipt.discount, 0);
  const { customer } = invoice;
  return {
    invno: rj(invoice.invno, W.invno),
    custno: lj(customer.custno, W.custno),
    invdte: invoice.date,
    artype: '',
    arstat: invoice.kind === 'void' ? 'V' : '',
    ornum: invoice.order ? rj(invoice.order.sono, W.sono) : '',
    ponum: invoice.ponum ? lj(invoice.ponum, W.ponum) : '',
    refno: '',
    salesmn: customer.salesmn,
    terr: customer.terr,
    shipvia: invoice.shipvia,
    pterms: customer.terms.pterms,
    pdisc: customer.terms.pdisc,
    pdays: customer.terms.pdays,
    pnet: customer.terms.pnet,
    disc: 0,
    taxrate: 0,
    invamt: money(amount),
    tax: money(0),
    paidamt: money(applied),
    disamt: money(discounts),
    balance: money(amount - applied),
    bbal: money(amount - applied),
    currid: CURRENCY,
    glarec: lj(GL.receivables, W.glacnt),
    dtepaid: invoice.receipts.at(-1)?.date ?? EMPTY_DATE,
    ...stamp(invoice.user, invoice.date),
  };
}

function invoiceLineRow(invoice: Invoice, line: Line, index: number, stamp: Stamp): Row {
  return {
    invno: rj(invoice.invno, W.invno),
    custno: lj(invoice.customer.custno, W.custno),
    tranlineno: index + 1,
    transeq: rj(index + 1, W.transeq),
    item: lj(line.item.item, W.item),
    descrip: line.item.itmdesc,
    loctid: lj(line.loctid, W.loctid),
    serial: '',
    sono: invoice.order ? rj(invoice.order.sono, W.sono) : '',
    umeasur: line.item.umeasur,
    qtyord: line.qty,
    qtyshp: line.qty,
    cost: money(line.item.cost),
    price: money(line.item.price),
    extprice: money(line.ext),
    disc: 0,
    glsale: lj(GL.sales, W.glacnt),
    artype: '',
    arstat: invoice.kind === 'void' ? 'V' : '',
    invdte: invoice.date,
    salesmn: invoice.customer.salesmn,
    ...stamp(invoice.user, invoice.date),
  };
}

/**
 * The invoice's GL postings: Dr AR / Cr sales when invoiced; per receipt Dr cash (+ Dr discounts) /
 * Cr AR; a void reverses the invoice. Debits are positive; each posting balances to zero.
 */
function invoiceDistributions(invoice: Invoice, session: (date: string) => Session, stamp: Stamp): Row[] {
  const amount = invoiceAmount(invoice);
  const rows: Row[] = [];
  const post = (date: string, glacnt: string, descrip: string, cents: number, user: string) => {
    const { arsess, glbatch } = session(date);
    rows.push({
      tranno: rj(invoice.invno, W.invno),
      custno: lj(invoice.customer.custno, W.custno),
      glacnt: lj(glacnt, W.glacnt),
      descrip,
      amount: money(cents),
      trandte: date,
      arsess: rj(arsess, W.arsess),
      glbatch: glbatch ? rj(glbatch, W.glbatch) : '',
      ...stamp(user, date),
    });
  };
  post(invoice.date, GL.receivables, 'Invoice', amount, invoice.user);
  post(invoice.date, GL.sales, 'Invoice', -amount, invoice.user);
  for (const receipt of invoice.receipts) {
    post(receipt.date, GL.cash, `Check ${receipt.refno}`, receipt.paid, receipt.user);
    if (receipt.discount) post(receipt.date, GL.discounts, `Discount ${receipt.refno}`, receipt.discount, receipt.user);
    post(receipt.date, GL.receivables, `Check ${receipt.refno}`, -(receipt.paid + receipt.discount), receipt.user);
  }
  if (invoice.voidDate) {
    post(invoice.voidDate, GL.sales, 'Void invoice', amount, 'ADMN');
    post(invoice.voidDate, GL.receivables, 'Void invoice', -amount, 'ADMN');
  }
  return rows;
}
