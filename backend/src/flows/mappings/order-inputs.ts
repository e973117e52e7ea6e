/**
 * A flow's checked field mappings put into the connector's inputs of order-to-cash: the new customer
 * (arcust → NewCustomer), the sales order header (somast → NewSalesOrder) and its lines (sotran →
 * SalesOrderLineInput, one per order line). Values come in Sage Pro's form from checkValues: text
 * trimmed, money as decimal text in major units ('12.3400', turned back into minor units of the order's
 * currency here), dates 'YYYY-MM-DD', numbers. A mapped field replaces Settle's default; an unmapped one
 * keeps it. A mappable field the connector takes no input for yet is reported in `notApplied`.
 */
import type { NewCustomer, NewSalesOrder, PaymentTerms, PostalAddress, SalesOrderLineInput } from '../../sagepro/company.js';
import { sageMoneyToMinor } from '../../sagepro/money.js';

export type SageValues = Readonly<Record<string, string | number>>;

export interface OrderMappedValues {
  customer?: SageValues;
  sales_order?: SageValues;
  /** One per order line, in the order's line order. */
  lines?: readonly SageValues[];
}

export interface OrderInputs {
  customer?: NewCustomer;
  order: NewSalesOrder;
  /** Mapped and checked fields the connector takes no input for ('sales_order.x'); none today. */
  notApplied: string[];
}

type Setter<T> = (input: T, value: string | number, currency: string) => void;

const text = (value: string | number) => String(value);
const count = (value: string | number) => Number(value);
const minor = (value: string | number, currency: string) => sageMoneyToMinor(value, currency);

function address(customer: NewCustomer, part: keyof PostalAddress, value: string | number): void {
  customer.address = { ...customer.address, [part]: text(value) };
}

function terms(customer: NewCustomer, part: keyof PaymentTerms, value: string | number): void {
  const code = customer.terms?.code ?? '';
  customer.terms = { code, ...customer.terms, [part]: part === 'code' ? text(value) : count(value) };
}

/** arcust field → the NewCustomer property it feeds. */
export const CUSTOMER_INPUTS: Readonly<Record<string, Setter<NewCustomer>>> = {
  custno: (c, v) => (c.custno = text(v)),
  company: (c, v) => (c.company = text(v)),
  contact: (c, v) => (c.contact = text(v)),
  title: (c, v) => (c.title = text(v)),
  address1: (c, v) => address(c, 'line1', v),
  address2: (c, v) => address(c, 'line2', v),
  city: (c, v) => address(c, 'city', v),
  addrstate: (c, v) => address(c, 'state', v),
  zip: (c, v) => address(c, 'zip', v),
  country: (c, v) => address(c, 'country', v),
  phone: (c, v) => (c.phone = text(v)),
  faxno: (c, v) => (c.fax = text(v)),
  email: (c, v) => (c.email = text(v)),
  terr: (c, v) => (c.territory = text(v)),
  salesmn: (c, v) => (c.salesperson = text(v)),
  source: (c, v) => (c.source = text(v)),
  type: (c, v) => (c.type = text(v)),
  pterms: (c, v) => terms(c, 'code', v),
  pdisc: (c, v) => terms(c, 'discountPercent', v),
  pdays: (c, v) => terms(c, 'discountDays', v),
  pnet: (c, v) => terms(c, 'netDays', v),
  aracct: (c, v) => (c.arAccount = text(v)),
  credlimit: (c, v, currency) => (c.creditLimitCents = minor(v, currency)),
};

/** somast field → the NewSalesOrder property it feeds. */
export const SALES_ORDER_INPUTS: Readonly<Record<string, Setter<NewSalesOrder>>> = {
  orderstat: (o, v) => (o.orderStatus = text(v).trim()),
  ponum: (o, v) => (o.ponum = text(v)),
  sodate: (o, v) => (o.date = text(v)),
  ordate: (o, v) => (o.requestDate = text(v)),
  shipvia: (o, v) => (o.shipvia = text(v)),
  notes: (o, v) => (o.notes = text(v)),
};

/** sotran field → the SalesOrderLineInput property it feeds. */
export const SALES_ORDER_LINE_INPUTS: Readonly<Record<string, Setter<SalesOrderLineInput>>> = {
  item: (l, v) => (l.item = text(v)),
  descrip: (l, v) => (l.description = text(v)),
  loctid: (l, v) => (l.loctid = text(v)),
  qtyord: (l, v) => (l.qty = count(v)),
  price: (l, v, currency) => (l.priceCents = minor(v, currency)),
  glsale: (l, v) => (l.salesAccount = text(v).trim()),
};

/**
 * The connector's inputs with the mapped values in place of Settle's defaults. `defaults.customer` is
 * absent when the customer exists (nothing is created, so its mappings do not apply). The defaults are
 * not changed. Money is in the order's currency (the new customer's too: it is billed in it).
 */
export function applyOrderMappings(defaults: { customer?: NewCustomer; order: NewSalesOrder }, mapped: OrderMappedValues): OrderInputs {
  const currency = defaults.order.currency ?? defaults.customer?.currency ?? '';
  const notApplied = new Set<string>();
  const customer = defaults.customer && apply('customer', structuredClone(defaults.customer), mapped.customer, CUSTOMER_INPUTS, currency, notApplied);
  const order = apply<NewSalesOrder>('sales_order', { ...defaults.order, lines: [] }, mapped.sales_order, SALES_ORDER_INPUTS, currency, notApplied);
  if (mapped.lines && mapped.lines.length !== defaults.order.lines.length) {
    throw new RangeError(`sales_order_line: the mapping makes ${mapped.lines.length} lines, the order has ${defaults.order.lines.length}`);
  }
  order.lines = defaults.order.lines.map((line, index) => apply('sales_order_line', { ...line }, mapped.lines?.[index], SALES_ORDER_LINE_INPUTS, currency, notApplied));
  return { ...(customer ? { customer } : {}), order, notApplied: [...notApplied] };
}

function apply<T>(record: string, input: T, values: SageValues | undefined, setters: Readonly<Record<string, Setter<T>>>, currency: string, notApplied: Set<string>): T {
  for (const [field, value] of Object.entries(values ?? {})) {
    const set = Object.hasOwn(setters, field) ? setters[field] : undefined;
    if (set) set(input, value, currency);
    else notApplied.add(`${record}.${field}`);
  }
  return input;
}
