/**
 * What a sales order writes, decided from the records read under lock, before anything is written:
 * - SOMAST: the order, open (sostat '', sotype ''), its user-defined status the connection's open
 *   code unless the order names one (an ORDRSTAT code, 'OPEN' by default), the Settle reference in `notes` as `<Settle …>`;
 * - SOTRAN: one line per requested line (tranlineno 1.., transeq right-justified), qtyord = origqtyord,
 *   glsale the line's sales account, else the connection's;
 * - SOADDR: the delivery address ('D'), the customer's own unless another is given;
 * - stock: per item and location, iciloc.lsoaloc += ordered and iciqty.qsoaloc on the bins (first the
 *   bins with free stock, in id order), so that Σ qsoaloc = lsoaloc still holds. An order asking for
 *   more than is available (lonhand − lsoaloc) is refused: Settle takes no back orders;
 * - ARCUST: onorder += the order amount (Sage Pro's "on order": open orders' amount).
 */
import { orderBase } from './base-balance.js';
import type { CustomerRecord, NewSalesOrder } from './company.js';
import { checkDate, checkReference, customerKey, type Stamp } from './customer-plan.js';
import { PermanentSageProError, validationError } from './errors.js';
import { type SageRow, validateWrite } from './field-rules.js';
import { KEYS, type KeyName, sageKey, trimKey } from './keys.js';
import { isIsoCurrency } from '../platform/money/currencies.js';
import { fitsSageMoney, minorToSageMoney, SAGE_MONEY_RULE, sageExponent } from './money.js';
import { extendedCents, hundredthsToQuantity as quantity, quantityToHundredths } from './quantities.js';
import { settleMarker } from './references.js';

const MAX_LINES = 9999; // tranlineno numeric(4,0)

/** The request, checked before any statement is sent; keys trimmed, quantities in hundredths, money in minor units of `currency`. */
export interface CheckedOrder {
  custno: string;
  reference: string;
  /** The currency the order's money is checked in: the one asked for, else the books' (the customer's is checked under lock). */
  currency: string;
  lines: { item: string; loctid: string; qty: number; priceCents: number; amountCents: number; description?: string; salesAccount?: string }[];
}

/**
 * Checks what can be checked without Sage Pro: keys that fit, quantities, prices (in minor units of
 * the order's currency, else `booksCurrency`), dates, the reference.
 */
export function checkSalesOrder(order: NewSalesOrder, booksCurrency: string): CheckedOrder {
  checkReference(order.reference, 'somast.notes');
  if (order.currency !== undefined && !isSageCurrency(order.currency)) throw validationError('somast.currid', order.currency, 'an ISO 4217 currency code');
  const currency = order.currency ?? booksCurrency;
  const fits = (minor: number) => fitsSageMoney(minor, currency);
  const custno = customerKey(order.custno, 'somast.custno');
  if (!Array.isArray(order.lines) || order.lines.length === 0 || order.lines.length > MAX_LINES) {
    throw validationError('sotran.tranlineno', order.lines?.length, `1 to ${MAX_LINES} order lines`);
  }
  const lines = order.lines.map((line) => {
    const item = key('item', line.item, 'sotran.item');
    const loctid = key('loctid', line.loctid, 'sotran.loctid');
    let qty: number;
    try {
      qty = quantityToHundredths(line.qty);
    } catch {
      throw validationError('sotran.qtyord', line.qty, 'a positive quantity with at most 2 decimals');
    }
    if (qty <= 0 || typeof line.qty !== 'number') throw validationError('sotran.qtyord', line.qty, 'a positive quantity with at most 2 decimals');
    if (!Number.isSafeInteger(line.priceCents) || line.priceCents < 0) throw validationError('sotran.price', line.priceCents, `a whole number of ${currency} minor units, not negative`);
    if (!fits(line.priceCents)) throw validationError('sotran.price', line.priceCents, SAGE_MONEY_RULE);
    const amountCents = extendedCents(qty, line.priceCents);
    if (amountCents === undefined) throw validationError('sotran.extprice', `${line.qty} × ${line.priceCents}`, `qty × price in whole ${currency} minor units`);
    if (!fits(amountCents)) throw validationError('sotran.extprice', `${line.qty} × ${line.priceCents}`, SAGE_MONEY_RULE);
    const salesAccount = line.salesAccount?.trim();
    if (salesAccount !== undefined) validateWrite('sotran', { glsale: salesAccount });
    return { item, loctid, qty, priceCents: line.priceCents, amountCents, description: line.description, ...(salesAccount ? { salesAccount } : {}) };
  });
  const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (!fits(totalCents)) throw validationError('somast.ordamt', totalCents, SAGE_MONEY_RULE);
  if (order.date !== undefined) checkDate('somast.sodate', order.date);
  if (order.requestDate !== undefined) checkDate('somast.ordate', order.requestDate);
  if (order.orderStatus !== undefined) validateWrite('somast', { orderstat: String(order.orderStatus).trim() });
  return { custno, reference: order.reference.trim(), currency, lines };
}

/** An ISO 4217 code whose minor unit Sage Pro money can hold. */
function isSageCurrency(code: unknown): boolean {
  if (!isIsoCurrency(code)) return false;
  try {
    return sageExponent(code) >= 0;
  } catch {
    return false;
  }
}

function key(name: KeyName, value: string, field: string): string {
  const text = String(value ?? '').trim();
  if (!text || text.length > KEYS[name].width) throw validationError(field, value, `char(${KEYS[name].width}): 1 to ${KEYS[name].width} characters`);
  return text;
}

/** The customer an order is for, as read under lock. */
export interface OrderCustomer {
  id: number;
  /** As stored (padded). */
  custno: string;
  record: CustomerRecord;
}

/** An item as icitem holds it. */
export interface StockItem {
  /** As stored. */
  item: string;
  description: string;
  umeasur: string;
  /** stkcode other than 'N': quantities are kept per location and allocated. */
  stocked: boolean;
  /** itemstat 'I' is inactive. */
  active: boolean;
  /** icitem.stdcost as Sage Pro holds it (in the company's currency), copied to the order lines as it is. */
  cost: string;
}

/** An item at a location (iciloc), quantities in hundredths. */
export interface StockLocation {
  id: number;
  item: string;
  loctid: string;
  onHand: number;
  allocated: number;
  inventoryAccount: string;
}

/** A bin of an item at a location (iciqty), quantities in hundredths. */
export interface StockBin {
  id: number;
  item: string;
  loctid: string;
  onHand: number;
  allocated: number;
}

export interface OrderSettings {
  sono: number;
  /** somast.orderstat of a new order (the order's own, else the connection's open status); '' leaves it blank. */
  openStatus: string;
  /** AR account when the customer names none (arcust.aracct). */
  receivables: string;
  /** sotran.glsale; '' when the connection names none. */
  sales: string;
  /** Order date: the request's or today in the company's zone. */
  date: string;
  stamp: Stamp;
  /** The currency of money where Sage Pro keeps none (the tenant's base currency). */
  booksCurrency: string;
  /** The company's base currency (syccomp.currid): that of bordamt, bprice and bextpri. */
  baseCurrency?: string;
}

export interface SalesOrderPlan {
  somast: SageRow<'somast'>;
  sotran: SageRow<'sotran'>[];
  soaddr: SageRow<'soaddr'>;
  /** By id_col: the records read under lock. */
  locationUpdates: { id: number; row: SageRow<'iciloc'> }[];
  binUpdates: { id: number; row: SageRow<'iciqty'> }[];
  customerUpdate: { id: number; row: SageRow<'arcust'> };
}

/** Customers Settle takes no order for: inactive, or on credit hold (a person reviews them). */
export function checkOrderCustomer(record: CustomerRecord): void {
  if (!record.active) {
    throw new PermanentSageProError('customer_inactive', `Customer ${record.custno} is inactive`, 'arcust.custstat', 'I', 'an active customer');
  }
  if (record.creditHold) {
    throw new PermanentSageProError('credit_hold', `Customer ${record.custno} is on credit hold`, 'arcust.credstat', 'H', 'not on credit hold');
  }
}

/**
 * The order's currency: the customer's when Sage Pro keeps one, which the request must then match;
 * else the books' currency (the tenant's base currency), which it must match too: an order is never
 * written at face value in another currency.
 */
export function orderCurrency(requested: string | undefined, customerCurrency: string, booksCurrency: string): string {
  const sage = customerCurrency.trim();
  const kept = sage || booksCurrency;
  if (requested && requested !== kept) {
    const whose = sage ? `the customer's currency ${sage}` : `the books' currency ${booksCurrency} (the customer keeps none)`;
    throw new PermanentSageProError('currency_mismatch', `Order in ${requested}, ${whose}`, 'somast.currid', requested, whose);
  }
  return sage || requested || '';
}

export function planSalesOrder(
  order: NewSalesOrder,
  checked: CheckedOrder,
  customer: OrderCustomer,
  stock: { items: StockItem[]; locations: StockLocation[]; bins: StockBin[] },
  settings: OrderSettings,
): SalesOrderPlan {
  const { record } = customer;
  const sono = sageKey('sono', settings.sono);
  const currency = orderCurrency(order.currency, record.currency, settings.booksCurrency);
  const moneyCurrency = currency || settings.booksCurrency;
  const money = (minor: number) => minorToSageMoney(minor, moneyCurrency);
  const base = orderBase(moneyCurrency, settings.baseCurrency ?? settings.booksCurrency, order.baseRate);
  const requestDate = order.requestDate ?? settings.date;
  const stampRow = { adduser: settings.stamp.user, adddate: settings.stamp.date, addtime: settings.stamp.time };

  const itemOf = (name: string) => {
    const item = stock.items.find((candidate) => sameText(candidate.item, name));
    if (!item) throw new PermanentSageProError('item_not_found', `No item ${name} in icitem`, 'icitem.item', name, 'an item of the item master');
    if (!item.active) throw new PermanentSageProError('item_inactive', `Item ${name} is inactive`, 'icitem.itemstat', 'I', 'an active item');
    return item;
  };
  const lines = checked.lines.map((line) => ({ ...line, stockItem: itemOf(line.item) }));

  // Allocation per item and location, summed over the order's lines.
  const keyOf = (item: string, loctid: string) => `${item.trim().toUpperCase()}|${loctid.trim().toUpperCase()}`;
  const wanted = new Map<string, { item: string; loctid: string; qty: number }>();
  for (const line of lines.filter((l) => l.stockItem.stocked)) {
    const id = keyOf(line.item, line.loctid);
    const entry = wanted.get(id) ?? { item: line.item, loctid: line.loctid, qty: 0 };
    entry.qty += line.qty;
    wanted.set(id, entry);
  }
  const locationUpdates: SalesOrderPlan['locationUpdates'] = [];
  const binUpdates: SalesOrderPlan['binUpdates'] = [];
  const locationOf = new Map<string, StockLocation>();
  for (const { item, loctid, qty } of wanted.values()) {
    const location = stock.locations.find((candidate) => sameText(candidate.item, item) && sameText(candidate.loctid, loctid));
    if (!location) {
      throw new PermanentSageProError('location_not_found', `Item ${item} is not stocked at location ${loctid}`, 'iciloc.loctid', loctid, `a location of item ${item} in iciloc`);
    }
    const available = location.onHand - location.allocated;
    if (qty > available) {
      throw new PermanentSageProError(
        'insufficient_stock',
        `Only ${quantity(Math.max(0, available))} of ${item} available at ${loctid}, ${quantity(qty)} ordered`,
        'iciloc.lsoaloc',
        quantity(qty),
        `at most the available quantity ${quantity(Math.max(0, available))} (lonhand ${quantity(location.onHand)} − lsoaloc ${quantity(location.allocated)})`,
      );
    }
    locationUpdates.push({ id: location.id, row: { lsoaloc: quantity(location.allocated + qty) } });
    const bins = stock.bins.filter((bin) => sameText(bin.item, item) && sameText(bin.loctid, loctid)).sort((a, b) => a.id - b.id);
    for (const [id, allocated] of allocateToBins(bins, qty)) binUpdates.push({ id, row: { qsoaloc: quantity(allocated) } });
    locationOf.set(keyOf(item, loctid), location);
  }

  const amount = lines.reduce((sum, line) => sum + line.amountCents, 0);
  const somast: SageRow<'somast'> = {
    sono,
    custno: customer.custno,
    sostat: '',
    sotype: '',
    orderstat: settings.openStatus,
    ponum: (order.ponum ?? '').trim(),
    sodate: settings.date,
    ordate: requestDate,
    shipvia: (order.shipvia ?? '').trim(),
    pterms: record.terms.code,
    pdisc: record.terms.discountPercent.toFixed(3),
    pdays: record.terms.discountDays,
    pnet: record.terms.netDays,
    ordamt: money(amount),
    shpamt: money(0),
    bordamt: base.money(amount),
    tax: money(0),
    taxrate: 0,
    shipchg: money(0),
    salesmn: record.salesperson,
    terr: record.territory,
    defloc: trimKey(locationOf.get(keyOf(lines[0].item, lines[0].loctid))?.loctid ?? lines[0].loctid),
    currid: currency,
    exchrat: base.exchrat,
    glarec: record.arAccount || settings.receivables,
    notes: [settleMarker(checked.reference), order.notes?.trim()].filter(Boolean).join('\r\n'),
    release: 'N',
    shipcomp: 'N',
    ...stampRow,
  };
  const sotran = lines.map((line, index): SageRow<'sotran'> => ({
    sono,
    tranlineno: index + 1,
    transeq: String(index + 1).padStart(4, ' '),
    custno: customer.custno,
    item: line.stockItem.item,
    descrip: (line.description ?? line.stockItem.description).trim(),
    loctid: trimKey(locationOf.get(keyOf(line.item, line.loctid))?.loctid ?? line.loctid),
    umeasur: line.stockItem.umeasur,
    qtyord: quantity(line.qty),
    qtyshp: quantity(0),
    origqtyord: quantity(line.qty),
    tqtyord: quantity(line.qty),
    tqtyshp: quantity(0),
    cost: line.stockItem.cost,
    price: money(line.priceCents),
    extprice: money(line.amountCents),
    origextpri: money(line.amountCents),
    bcost: line.stockItem.cost,
    bprice: base.money(line.priceCents),
    bextpri: base.money(line.amountCents),
    tprice: money(line.priceCents),
    tcost: line.stockItem.cost,
    disc: 0,
    taxrate: 0,
    taxable: 'N',
    stkcode: line.stockItem.stocked ? 'Y' : 'N',
    glsale: line.salesAccount ?? settings.sales,
    glasst: trimKey(locationOf.get(keyOf(line.item, line.loctid))?.inventoryAccount),
    ordate: settings.date,
    rqdate: requestDate,
    sostat: '',
    sotype: '',
    salesmn: record.salesperson,
    terr: record.territory,
    currid: currency,
    exchrat: base.exchrat,
    ...stampRow,
  }));
  const shipTo = order.shipTo;
  const address = shipTo?.address ?? record.address;
  const soaddr: SageRow<'soaddr'> = {
    sono,
    custno: customer.custno,
    adtype: 'D',
    company: (shipTo?.company ?? record.company).trim(),
    address1: (address.line1 ?? '').trim(),
    address2: (address.line2 ?? '').trim(),
    address3: ((shipTo?.address as { line3?: string } | undefined)?.line3 ?? '').trim(),
    city: (address.city ?? '').trim(),
    addrstate: (address.state ?? '').trim(),
    zip: (address.zip ?? '').trim(),
    country: (address.country ?? '').trim(),
    phone: (shipTo?.phone ?? record.phone).trim(),
    // soaddr.email is char(60), the customer's a memo: a longer address is left out, never cut.
    email: shipTo?.email !== undefined ? shipTo.email.trim() : record.email.length <= 60 ? record.email : '',
    ...stampRow,
  };
  const plan: SalesOrderPlan = {
    somast,
    sotran,
    soaddr,
    locationUpdates,
    binUpdates,
    customerUpdate: { id: customer.id, row: { onorder: money(record.onOrderCents + amount) } },
  };
  validateWrite('somast', plan.somast);
  plan.sotran.forEach((row) => validateWrite('sotran', row));
  validateWrite('soaddr', plan.soaddr);
  plan.locationUpdates.forEach((update) => validateWrite('iciloc', update.row));
  plan.binUpdates.forEach((update) => validateWrite('iciqty', update.row));
  validateWrite('arcust', plan.customerUpdate.row);
  return plan;
}

/**
 * New qsoaloc per bin (id → hundredths): the quantity goes to the bins with free stock first, in id
 * order; what no bin has room for (bins out of step with their location) goes to the first bin, so
 * Σ qsoaloc still equals lsoaloc. A location without bins has nothing to update.
 */
export function allocateToBins(bins: readonly StockBin[], qty: number): Map<number, number> {
  const allocation = new Map<number, number>();
  let rest = qty;
  for (const bin of bins) {
    const take = Math.min(rest, Math.max(0, bin.onHand - bin.allocated));
    if (take > 0) allocation.set(bin.id, bin.allocated + take);
    rest -= take;
  }
  if (rest > 0 && bins.length) allocation.set(bins[0].id, (allocation.get(bins[0].id) ?? bins[0].allocated) + rest);
  return allocation;
}

/** The SYSDATA row SO entry counts with: the first of the sysid's rows whose pass2 does not start with 'D'. */
export function orderCounter<R extends { pass2: string }>(rows: readonly R[], sysid: string): R {
  const row = rows.find((candidate) => !trimKey(candidate.pass2).toUpperCase().startsWith('D'));
  if (!row) throw new PermanentSageProError('missing_counter', `SYSDATA has no ${sysid} counter`, 'sysdata.sysid', sysid);
  return row;
}

/**
 * The next order number after `last` that no order holds yet (SO entry reads, adds one and checks
 * somast for a clash). `taken`: the numbers of `candidates(last)` already in somast.
 */
export function nextOrderNumber(last: number, taken: readonly number[], sysid: string): number {
  const used = new Set(taken);
  for (const candidate of orderNumberCandidates(last)) if (!used.has(candidate)) return candidate;
  throw new PermanentSageProError('missing_counter', `SYSDATA ${sysid} (${last}) is behind somast: the next ${CANDIDATES} order numbers are taken`, 'sysdata.int1', last, 'the last order number used');
}

const CANDIDATES = 20;
const MAX_SONO = 9_999_999_999; // sono char(10)

export function orderNumberCandidates(last: number): number[] {
  return Array.from({ length: CANDIDATES }, (_, i) => last + 1 + i).filter((n) => n <= MAX_SONO);
}

function sameText(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}
