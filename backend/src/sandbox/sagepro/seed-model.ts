/**
 * The sandbox company as business facts (customers, orders, invoices, receipts), drawn from a seeded
 * generator. Money is integer cents, dates YYYY-MM-DD. seed-rows.ts turns the facts into table rows.
 */
import { addDays } from './fixed-width.js';
import { Prng } from './prng.js';
import {
  type CatalogItem,
  CITIES,
  CONTACTS,
  COD_TERMS,
  ITEM_CATALOG,
  LOCATIONS,
  NAME_TRADES,
  NAME_WORDS,
  SALESPEOPLE,
  SHIP_VIAS,
  STREETS,
  TERMS,
} from './seed-data.js';

export interface CompanyProfile {
  customers: number;
  creditHold: number;
  inactive: number;
  openInvoices: number;
  /**
   * Of the open invoices, how many were invoiced from a closed (shipped) order and are still unpaid
   * (armast.ornum set, nothing paid): the most recently shipped closed orders.
   */
  invoicedOrders: number;
  partlyPaid: number;
  /** Fully paid invoices, those of closed orders included. */
  paidInvoices: number;
  voidInvoices: number;
  openOrders: number;
  closedOrders: number;
  voidOrders: number;
  bidOrders: number;
  items: number;
  firstInvno: number;
  firstSono: number;
  /**
   * History (ARYMST/ARYCSH/SOYMST …) from before the company's last period close: older invoices paid
   * in full, and older orders (closed, each with its paid invoice among historyInvoices, or void).
   */
  historyInvoices: number;
  historyOrders: number;
  historyVoidOrders: number;
  /** Purchase orders to the suppliers over the last half year (a quarter of them still open). */
  purchaseOrders: number;
  /** Closed purchase orders from before the last close, in POYMST / POYTRN. */
  historyPurchaseOrders: number;
}

export type Terms = { pterms: string; pdisc: number; pdays: number; pnet: number };

export interface Customer {
  custno: string;
  company: string;
  contact: string;
  address1: string;
  city: string;
  state: string;
  zip: string;
  terr: string;
  phone: string;
  email: string;
  salesmn: string;
  terms: Terms;
  credlimit: number;
  credstat: '' | 'H';
  custstat: '' | 'I';
  entered: string;
}

export interface Line {
  item: CatalogItem;
  loctid: string;
  qty: number;
  /** qty × item.price, in cents. */
  ext: number;
}

export type OrderKind = 'open' | 'closed' | 'void' | 'bid';

export interface Order {
  sono: number;
  kind: OrderKind;
  customer: Customer;
  date: string;
  dueDate: string;
  shipDate?: string;
  ponum: string;
  shipvia: string;
  lines: Line[];
  user: string;
}

export interface Receipt {
  date: string;
  paid: number;
  discount: number;
  refno: string;
  user: string;
}

export type InvoiceKind = 'open' | 'paid' | 'void';

export interface Invoice {
  invno: number;
  kind: InvoiceKind;
  customer: Customer;
  date: string;
  voidDate?: string;
  order?: Order;
  ponum: string;
  shipvia: string;
  lines: Line[];
  receipts: Receipt[];
  user: string;
}

export interface CompanyModel {
  items: readonly CatalogItem[];
  customers: Customer[];
  orders: Order[];
  invoices: Invoice[];
}

export function invoiceAmount(invoice: Pick<Invoice, 'lines'>): number {
  return invoice.lines.reduce((sum, line) => sum + line.ext, 0);
}

/** Cash and discounts applied to the invoice (what ARMAST.paidamt holds). */
export function invoiceApplied(invoice: Pick<Invoice, 'receipts'>): number {
  return invoice.receipts.reduce((sum, receipt) => sum + receipt.paid + receipt.discount, 0);
}

export function generateCompanyModel(rng: Prng, profile: CompanyProfile, asOf: string): CompanyModel {
  const items = ITEM_CATALOG.slice(0, profile.items);
  const customers = makeCustomers(rng, profile, asOf);
  const orders = makeOrders(rng, profile, customers, items, asOf);
  const invoices = makeInvoices(rng, profile, customers, items, orders, asOf);
  return { items, customers, orders, invoices };
}

function makeCustomers(rng: Prng, profile: CompanyProfile, asOf: string): Customer[] {
  const names = rng.sample(NAME_WORDS.flatMap((word) => NAME_TRADES.map((trade) => `${word} ${trade}`)), profile.customers - 1);
  const customers: Customer[] = [
    customer(rng, asOf, 'CASH', 'Cash Sales', COD_TERMS),
    ...names.map((name, index) => customer(rng, asOf, `${name.slice(0, 3).toUpperCase()}${100 + index}`, name, rng.pick(TERMS))),
  ];
  const flagged = rng.sample(customers.slice(1), profile.creditHold + profile.inactive);
  for (const held of flagged.slice(0, profile.creditHold)) {
    held.credstat = 'H';
    held.credlimit = 100_000;
  }
  for (const inactive of flagged.slice(profile.creditHold)) inactive.custstat = 'I';
  return customers;
}

function customer(rng: Prng, asOf: string, custno: string, company: string, terms: Terms): Customer {
  const place = rng.pick(CITIES);
  const slug = company.toLowerCase().replace(/[^a-z]+/g, '');
  return {
    custno,
    company,
    contact: rng.pick(CONTACTS),
    address1: `${rng.int(100, 9899)} ${rng.pick(STREETS)}`,
    city: place.city,
    state: place.state,
    zip: place.zip,
    terr: place.terr,
    phone: `${rng.int(201, 989)}-555-${String(rng.int(100, 9999)).padStart(4, '0')}`,
    email: `ap@${slug}.example`,
    salesmn: rng.pick(SALESPEOPLE).code,
    terms,
    credlimit: rng.pick([5_000, 10_000, 15_000, 25_000, 50_000]) * 100,
    credstat: '',
    custstat: '',
    entered: addDays(asOf, -rng.int(400, 3000)),
  };
}

export function makeLines(rng: Prng, items: readonly CatalogItem[]): Line[] {
  return rng.sample(items, rng.int(1, 4)).map((item) => {
    const qty = rng.int(1, 24);
    return { item, loctid: rng.chance(0.7) ? LOCATIONS[0] : LOCATIONS[1], qty, ext: qty * item.price };
  });
}

function makeOrders(rng: Prng, profile: CompanyProfile, customers: Customer[], items: readonly CatalogItem[], asOf: string): Order[] {
  const active = customers.filter((c) => c.custstat === '' && c.custno !== 'CASH');
  const kinds: OrderKind[] = [
    ...Array<OrderKind>(profile.openOrders).fill('open'),
    ...Array<OrderKind>(profile.closedOrders).fill('closed'),
    ...Array<OrderKind>(profile.voidOrders).fill('void'),
    ...Array<OrderKind>(profile.bidOrders).fill('bid'),
  ];
  const orders = kinds.map((kind): Order => {
    const date = addDays(asOf, kind === 'closed' ? -rng.int(30, 150) : -rng.int(0, 60));
    const order: Order = {
      sono: 0,
      kind,
      customer: rng.pick(active),
      date,
      dueDate: addDays(date, rng.int(3, 14)),
      ponum: `PO-${rng.int(10000, 99999)}`,
      shipvia: rng.pick(SHIP_VIAS),
      lines: makeLines(rng, items),
      user: rng.pick(['KLT', 'SAM', 'JDS']),
    };
    if (kind === 'closed') order.shipDate = minDate(addDays(date, rng.int(1, 7)), asOf);
    return order;
  });
  return numberInDateOrder(orders, profile.firstSono, (order, sono) => (order.sono = sono));
}

function makeInvoices(
  rng: Prng,
  profile: CompanyProfile,
  customers: Customer[],
  items: readonly CatalogItem[],
  orders: Order[],
  asOf: string,
): Invoice[] {
  const billable = customers.filter((c) => c.custstat === '' && c.custno !== 'CASH');
  const held = billable.filter((c) => c.credstat === 'H');
  const invoices: Invoice[] = [];
  const invoice = (kind: InvoiceKind, customer: Customer, date: string, lines: Line[], order?: Order): Invoice => {
    const made: Invoice = {
      invno: 0,
      kind,
      customer,
      date,
      order,
      ponum: order?.ponum ?? (rng.chance(0.6) ? `PO-${rng.int(10000, 99999)}` : ''),
      shipvia: order?.shipvia ?? rng.pick(SHIP_VIAS),
      lines,
      receipts: [],
      user: rng.pick(['KLT', 'SAM', 'JDS']),
    };
    invoices.push(made);
    return made;
  };

  // Closed orders were invoiced when they shipped; the last few shipped are not paid yet.
  const shipped = orders.filter((o) => o.kind === 'closed');
  const awaitingPayment = new Set(
    [...shipped].sort((a, b) => a.shipDate!.localeCompare(b.shipDate!) || a.sono - b.sono).slice(shipped.length - Math.min(profile.invoicedOrders, shipped.length)),
  );

  // Open invoices: credit-hold customers first (three old ones each), then anyone billable.
  for (let i = 0; i < profile.openInvoices - awaitingPayment.size; i += 1) {
    const customer = i < held.length * 3 ? held[i % held.length] : rng.pick(billable);
    const age = customer.credstat === 'H' ? rng.int(75, 240) : rng.int(0, 110);
    invoice('open', customer, addDays(asOf, -age), makeLines(rng, items));
  }
  const open = invoices.filter((inv) => inv.date < asOf);
  for (const partly of rng.sample(open, Math.min(profile.partlyPaid, open.length))) payPartly(rng, partly, asOf);

  // Paid: the other closed orders' invoices; the rest are older invoices of anyone.
  for (const order of shipped) {
    if (awaitingPayment.has(order)) invoice('open', order.customer, order.shipDate!, order.lines, order);
    else payInFull(rng, invoice('paid', order.customer, order.shipDate!, order.lines, order), asOf);
  }
  while (invoices.filter((inv) => inv.kind === 'paid').length < profile.paidInvoices) {
    const customer = rng.pick(customers);
    const age = customer.custstat === 'I' ? rng.int(200, 400) : rng.int(15, 300);
    payInFull(rng, invoice('paid', customer, addDays(asOf, -age), makeLines(rng, items)), asOf);
  }

  for (let i = 0; i < profile.voidInvoices; i += 1) {
    const voided = invoice('void', rng.pick(billable), addDays(asOf, -rng.int(5, 90)), makeLines(rng, items));
    voided.voidDate = minDate(addDays(voided.date, rng.int(0, 3)), asOf);
  }
  return numberInDateOrder(invoices, profile.firstInvno, (inv, invno) => (inv.invno = invno));
}

/** One or two receipts for 10–80 % of the invoice, between its date and asOf. */
function payPartly(rng: Prng, invoice: Invoice, asOf: string): void {
  const amount = invoiceAmount(invoice);
  const total = Math.min(amount - 1, Math.max(1, Math.round((amount * rng.int(10, 80)) / 100)));
  const dates = [paymentDate(rng, invoice.date, asOf), paymentDate(rng, invoice.date, asOf)].sort();
  const parts = rng.chance(0.25) && total >= 2 ? [Math.floor(total / 2), total - Math.floor(total / 2)] : [total];
  parts.forEach((paid, i) => invoice.receipts.push(receipt(rng, dates[i], paid, 0)));
}

/** Paid in full: within the discount days (taking the discount) or later, in one or two receipts. */
export function payInFull(rng: Prng, invoice: Invoice, asOf: string): void {
  const amount = invoiceAmount(invoice);
  const { pdisc, pdays } = invoice.customer.terms;
  if (pdisc > 0 && rng.chance(0.6)) {
    const discount = Math.round((amount * pdisc) / 100);
    invoice.receipts.push(receipt(rng, minDate(addDays(invoice.date, rng.int(1, pdays)), asOf), amount - discount, discount));
    return;
  }
  const last = minDate(addDays(invoice.date, rng.int(5, 45)), asOf);
  if (rng.chance(0.15) && amount >= 2) {
    const first = Math.floor(amount / 2);
    invoice.receipts.push(receipt(rng, paymentDate(rng, invoice.date, last), first, 0));
    invoice.receipts.push(receipt(rng, last, amount - first, 0));
  } else {
    invoice.receipts.push(receipt(rng, last, amount, 0));
  }
}

function receipt(rng: Prng, date: string, paid: number, discount: number): Receipt {
  return { date, paid, discount, refno: String(rng.int(1001, 98999)), user: rng.pick(['KLT', 'SAM']) };
}

/** A day in [from + 1, until] (or `until` when there is no room). */
function paymentDate(rng: Prng, from: string, until: string): string {
  const span = daysBetween(from, until);
  return span < 1 ? until : addDays(from, rng.int(1, span));
}

export function numberInDateOrder<T extends { date: string }>(list: T[], first: number, assign: (item: T, number: number) => void): T[] {
  const sorted = list.map((item, index) => ({ item, index })).sort((a, b) => a.item.date.localeCompare(b.item.date) || a.index - b.index);
  sorted.forEach(({ item }, i) => assign(item, first + i));
  return sorted.map(({ item }) => item);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
