/**
 * The catalogue of what a flow writes to Sage Pro: each target record, every field of it with its
 * Sage Pro type (from the connector's field rules, never copied), whether Sage Pro needs a value, what
 * it means in business words, and who sets it.
 *
 * Who sets a field. A mapping may set what the connector takes as input from its caller (a payment's
 * date, an order's PO number, a line's item, quantity and price, a customer's name and address, …).
 * Settle keeps for itself what the connector works out, because a mapped value there would break a
 * guarantee rather than change a detail:
 * - keys and counters (custno/invno of a receipt come from the matched invoice, sono, tranlineno,
 *   arsess): a receipt on another customer's invoice or a reused number unbalances AR;
 * - Settle's references (arcash.refno, the `<Settle …>` markers in arcust.comment and somast.notes'
 *   first line): they are what makes every write happen exactly once;
 * - adduser/adddate/addtime (and arcust.entered): the audit trail of who wrote the row and when;
 * - amounts the money rules compute (a receipt's cash is what PayTrace moved, converted and split
 *   over invoice and open credit; totals, extended and base-currency prices, balances): any other
 *   figure breaks the every-cent reconciliation with PayTrace; input amounts (a line's unit price,
 *   a customer's credit limit, a discount taken) are mappable, in minor units;
 * - the currency (currency rules decide it), GL lines' accounts (GL rules), values copied from
 *   another record (terms, salesperson and territory from the customer, costs from the item) and
 *   what is a person's decision in Sage Pro (credit hold, inactive, void).
 *
 * Mapped values are in Settle's form, checked and turned into Sage Pro's by check-values.ts: text for
 * char and memo, integer minor units of the record's currency for money, 'YYYY-MM-DD' for dates and
 * a number for numeric fields.
 */
import { FIELD_RULES, type FieldRule, type WritableTable } from '../../sagepro/field-rules.js';
import { TARGET_RECORDS, type TargetRecord } from '../definition/flow-definition.js';

export interface TargetField {
  record: TargetRecord;
  /** The Sage Pro field, lower case: the key of a mapping rule. */
  name: string;
  table: WritableTable;
  rule: FieldRule;
  /** Sage Pro needs a value: a mapping that yields none is an error. */
  required: boolean;
  description: string;
  /** What Settle writes when no mapping sets the field (mappable fields only). */
  defaultValue?: string;
  /** Why Settle sets the field itself; present ⇒ no mapping may set it. */
  settleOwns?: string;
  /** The value must be a code the company keeps: an account of its chart, a code of its ORDRSTAT list (checked before a write, mapped-codes.ts). */
  code?: CompanyCode;
}

/** Lists of the company a mapped value must be in. */
export type CompanyCode = 'gl_account' | 'order_status';

export interface TargetRecordSpec {
  record: TargetRecord;
  description: string;
  /** Written once per element of a source array (order lines → SOTRAN lines). */
  perLine: boolean;
  fields: readonly TargetField[];
}

type FieldOf<T extends WritableTable> = keyof (typeof FIELD_RULES)[T] & string;
interface FieldText {
  required?: boolean;
  description: string;
  defaultValue?: string;
  settleOwns?: string;
  code?: CompanyCode;
}

const OWN = {
  stamp: 'the audit trail: Settle’s Sage Pro user and the company’s clock at the write',
  session: 'a Sage Pro counter Settle takes under lock (SYSDATA)',
  reference: 'exactly once: a retry finds what Settle already wrote by this reference',
  receiptMoney: 'the cash PayTrace moved, converted and split over invoice and open credit by the money rules; another figure would break reconciliation with PayTrace',
  currency: 'the currency rules decide it (the document’s, the customer’s or the books’ currency, or the converted one)',
  fromCustomer: 'copied from the customer record, so the order and its invoice agree with it; change it on the customer',
  lineMoney: 'worked out by the money rules from quantity and unit price (and kept in order and base currency)',
  fromItem: 'copied from the item master (icitem)',
  person: 'a person’s decision in Sage Pro; Settle never changes it',
  noTax: 'Settle writes no tax, freight or discounts on orders yet',
} as const;

/** Some fields of `table` (invoice_status takes a few of armast and somast). */
function fieldsOf<T extends WritableTable>(record: TargetRecord, table: T, texts: Partial<Record<FieldOf<T>, FieldText>>): TargetField[] {
  const rules = FIELD_RULES[table] as Record<string, FieldRule>;
  return (Object.entries(texts) as [string, FieldText][]).map(([name, text]) => ({
    record,
    name,
    table,
    rule: rules[name],
    required: text.required ?? false,
    description: text.description,
    ...(text.defaultValue === undefined ? {} : { defaultValue: text.defaultValue }),
    ...(text.settleOwns === undefined ? {} : { settleOwns: text.settleOwns }),
    ...(text.code === undefined ? {} : { code: text.code }),
  }));
}

/** Every field of `table`: the type refuses a catalogue that leaves one of the connector's fields out. */
function allFieldsOf<T extends WritableTable>(record: TargetRecord, table: T, texts: Record<FieldOf<T>, FieldText>): TargetField[] {
  return fieldsOf(record, table, texts);
}

const stamps = {
  adduser: { required: true, description: 'The Sage Pro user who added the row', settleOwns: OWN.stamp },
  adddate: { required: true, description: 'The date the row was added', settleOwns: OWN.stamp },
  addtime: { required: true, description: 'The time the row was added (HH:MM:SS)', settleOwns: OWN.stamp },
} as const;

const cashReceipt = allFieldsOf('cash_receipt', 'arcash', {
  custno: { required: true, description: 'The customer who paid', settleOwns: 'the matched invoice’s customer (or the matched customer for a payment on account); the match step decides' },
  invno: { required: true, description: 'The invoice the cash is applied to', settleOwns: 'chosen by the match step’s reference rules; change those to change it' },
  refno: { required: true, description: 'Settle’s reference of the PayTrace transaction (PT123456789)', settleOwns: OWN.reference },
  dtepaid: { required: true, description: 'The date the customer paid', defaultValue: 'the PayTrace transaction’s date in the flow’s time zone' },
  paidamt: { required: true, description: 'The cash applied to the invoice', settleOwns: OWN.receiptMoney },
  disamt: { description: 'An early-payment discount the customer took (minor units)', defaultValue: 'none (0)' },
  arsess: { required: true, description: 'The AR session the receipt was entered in', settleOwns: OWN.session },
  cashacct: { required: true, code: 'gl_account', description: 'The GL account the cash was deposited to', defaultValue: 'the first GL rule that fires, else the connection’s cash account' },
  currid: { description: 'The receipt’s currency', settleOwns: OWN.currency },
  ...stamps,
});

const invoiceStatus = [
  ...fieldsOf('invoice_status', 'armast', {
    refno: {
      description: 'The invoice’s payment status as text: the status code and the reference (PAID PT123456789)',
      settleOwns: 'Settle recognises its own status text by the code, so it never writes over what a person typed; change the code in the status map',
    },
    arstat: { description: 'The invoice’s state (V: void)', settleOwns: OWN.person },
  }),
  ...fieldsOf('invoice_status', 'somast', {
    orderstat: { code: 'order_status', description: 'The sales order’s user-defined status, a code of the company’s ORDRSTAT list', defaultValue: 'the status map’s code for the trigger' },
  }),
];

const customer = allFieldsOf('customer', 'arcust', {
  custno: { required: true, description: 'The customer number (1–6 of A-Z, 0-9 and -)', defaultValue: 'the next number for the company name (ACM100, ACM101, …)' },
  company: { required: true, description: 'The customer’s company name', defaultValue: 'the order’s company, else the buyer’s name, else the email' },
  contact: { description: 'The person to contact', defaultValue: 'the buyer’s first and last name' },
  title: { description: 'The contact’s job title', defaultValue: 'blank' },
  address1: { description: 'Billing address, first line', defaultValue: 'the order’s billing address' },
  address2: { description: 'Billing address, second line', defaultValue: 'the order’s billing address' },
  city: { description: 'Billing city', defaultValue: 'the order’s billing address' },
  addrstate: { description: 'Billing state or province', defaultValue: 'the order’s billing address' },
  zip: { description: 'Billing postcode', defaultValue: 'the order’s billing address' },
  country: { description: 'Billing country', defaultValue: 'the order’s billing address' },
  phone: { description: 'Phone number', defaultValue: 'the buyer’s phone' },
  faxno: { description: 'Fax number', defaultValue: 'blank' },
  email: { description: 'Email address', defaultValue: 'the buyer’s email' },
  terr: { description: 'Sales territory code', defaultValue: 'blank' },
  salesmn: { description: 'Salesperson code', defaultValue: 'blank' },
  source: { description: 'Where the customer came from (lead source)', defaultValue: 'blank' },
  type: { description: 'Customer type or class', defaultValue: 'blank' },
  pterms: { description: 'Payment terms’ name (Net 30)', defaultValue: 'blank' },
  pdisc: { description: 'Early-payment discount percent', defaultValue: '0' },
  pdays: { description: 'Days the early-payment discount holds', defaultValue: '0' },
  pnet: { description: 'Days until an invoice is due', defaultValue: '0' },
  currency: { description: 'The currency the customer is billed in', settleOwns: OWN.currency },
  aracct: { code: 'gl_account', description: 'The customer’s receivables GL account', defaultValue: 'blank: Sage Pro’s default' },
  entered: { required: true, description: 'The date the customer was entered', settleOwns: OWN.stamp },
  credlimit: { description: 'Credit limit (minor units)', defaultValue: '0' },
  onorder: { description: 'Total of the customer’s open orders', settleOwns: 'the money rules keep it the sum of the open orders' },
  credstat: { description: 'Credit status (H: on hold)', settleOwns: OWN.person },
  custstat: { description: 'Customer status (I: inactive)', settleOwns: OWN.person },
  comment: { description: 'A comment; holds Settle’s reference <Settle …>', settleOwns: OWN.reference },
  balance: { description: 'What the customer owes', settleOwns: 'the money rules keep it the sum of the customer’s open items' },
  lastpay: { description: 'Date of the last payment', settleOwns: 'the receipt rules move it with each latest payment' },
  lpymt: { description: 'Amount of the last payment', settleOwns: 'the receipt rules move it with each latest payment' },
  ...stamps,
});

const salesOrder = allFieldsOf('sales_order', 'somast', {
  sono: { required: true, description: 'The sales order number', settleOwns: OWN.session },
  custno: { required: true, description: 'The customer who ordered', settleOwns: 'the customer step finds the customer by email or creates one' },
  sostat: { description: 'The order’s state (blank open, C closed, V void)', settleOwns: 'Settle writes open orders only' },
  sotype: { description: 'The order’s type (blank regular, B bid, R return)', settleOwns: 'Settle writes regular orders only' },
  orderstat: { code: 'order_status', description: 'The order’s user-defined status, a code of the company’s ORDRSTAT list (blank: none)', defaultValue: 'the connection’s open status (OPEN)' },
  ponum: { description: 'The customer’s purchase order number; the invoice copies it', defaultValue: 'the shop’s order number (#1001)' },
  sodate: { required: true, description: 'The order date', defaultValue: 'the order’s date in the flow’s time zone' },
  ordate: { required: true, description: 'The requested ship date', defaultValue: 'the order date' },
  shipvia: { description: 'How the order ships (carrier)', defaultValue: 'blank' },
  pterms: { description: 'Payment terms’ name', settleOwns: OWN.fromCustomer },
  pdisc: { description: 'Early-payment discount percent', settleOwns: OWN.fromCustomer },
  pdays: { description: 'Days the discount holds', settleOwns: OWN.fromCustomer },
  pnet: { description: 'Days until due', settleOwns: OWN.fromCustomer },
  ordamt: { required: true, description: 'The order’s total', settleOwns: 'the money rules: the sum of the lines' },
  shpamt: { description: 'Amount shipped so far', settleOwns: 'Sage Pro moves it when the order ships' },
  bordamt: { description: 'The order’s total in the base currency', settleOwns: 'the money rules: the sum of the lines' },
  tax: { description: 'Sales tax', settleOwns: OWN.noTax },
  taxrate: { description: 'Sales tax rate percent', settleOwns: OWN.noTax },
  shipchg: { description: 'Freight charge', settleOwns: OWN.noTax },
  salesmn: { description: 'Salesperson code', settleOwns: OWN.fromCustomer },
  terr: { description: 'Sales territory code', settleOwns: OWN.fromCustomer },
  defloc: { description: 'The default stock location', settleOwns: 'the first line’s location' },
  currid: { description: 'The order’s currency', settleOwns: OWN.currency },
  exchrat: { description: 'Exchange rate to the base currency', settleOwns: OWN.currency },
  glarec: { description: 'The receivables GL account of the order', settleOwns: 'the customer’s receivables account, else the connection’s' },
  notes: { description: 'Notes on the order; after Settle’s reference <Settle …> on the first line', defaultValue: 'blank (the reference alone)' },
  release: { description: 'Released for picking (Y/N)', settleOwns: 'Settle writes unreleased orders (N); a person releases them' },
  shipcomp: { description: 'Ship complete only (Y/N)', settleOwns: 'Settle writes N; a person decides' },
  ...stamps,
});

const salesOrderLine = allFieldsOf('sales_order_line', 'sotran', {
  sono: { required: true, description: 'The sales order the line belongs to', settleOwns: OWN.session },
  tranlineno: { required: true, description: 'The line number (1, 2, …)', settleOwns: 'the position of the line in the order' },
  transeq: { description: 'The line’s sequence text', settleOwns: 'the position of the line in the order' },
  custno: { required: true, description: 'The customer who ordered', settleOwns: 'the order’s customer' },
  item: { required: true, description: 'The item ordered (SKU)', defaultValue: 'the line’s SKU, upper case' },
  descrip: { description: 'The line’s description', defaultValue: 'the line’s title, else the item’s description' },
  loctid: { required: true, description: 'The stock location the item ships from', defaultValue: 'the integration’s order location' },
  umeasur: { description: 'Unit of measure', settleOwns: OWN.fromItem },
  qtyord: { required: true, description: 'Quantity ordered (at most 2 decimals)', defaultValue: 'the line’s quantity' },
  qtyshp: { description: 'Quantity shipped', settleOwns: 'Sage Pro moves it when the order ships' },
  origqtyord: { description: 'Quantity first ordered', settleOwns: 'a copy of the quantity ordered' },
  tqtyord: { description: 'Quantity ordered (transaction)', settleOwns: 'a copy of the quantity ordered' },
  tqtyshp: { description: 'Quantity shipped (transaction)', settleOwns: 'Sage Pro moves it when the order ships' },
  cost: { description: 'Unit cost', settleOwns: OWN.fromItem },
  price: { required: true, description: 'Unit price (minor units of the order’s currency)', defaultValue: 'the line’s unit price' },
  extprice: { description: 'Extended price: quantity × price', settleOwns: OWN.lineMoney },
  origextpri: { description: 'Extended price first ordered', settleOwns: OWN.lineMoney },
  bcost: { description: 'Unit cost in the base currency', settleOwns: OWN.fromItem },
  bprice: { description: 'Unit price in the base currency', settleOwns: OWN.lineMoney },
  bextpri: { description: 'Extended price in the base currency', settleOwns: OWN.lineMoney },
  tprice: { description: 'Unit price (transaction)', settleOwns: OWN.lineMoney },
  tcost: { description: 'Unit cost (transaction)', settleOwns: OWN.fromItem },
  disc: { description: 'Line discount percent', settleOwns: OWN.noTax },
  taxrate: { description: 'Sales tax rate percent', settleOwns: OWN.noTax },
  taxable: { description: 'Taxable (Y/N)', settleOwns: OWN.noTax },
  stkcode: { description: 'Stocked item (Y/N)', settleOwns: OWN.fromItem },
  glsale: { code: 'gl_account', description: 'The sales GL account of the line', defaultValue: 'the first GL rule that fires, else the connection’s sales account (blank: Sage Pro’s default)' },
  glasst: { description: 'The inventory GL account of the line', settleOwns: 'the stock location’s inventory account' },
  ordate: { description: 'The order date', settleOwns: 'the order’s date' },
  rqdate: { description: 'The requested ship date', settleOwns: 'the order’s requested date' },
  sostat: { description: 'The line’s state (blank open)', settleOwns: 'Settle writes open lines only' },
  sotype: { description: 'The line’s type (blank regular)', settleOwns: 'Settle writes regular lines only' },
  salesmn: { description: 'Salesperson code', settleOwns: OWN.fromCustomer },
  terr: { description: 'Sales territory code', settleOwns: OWN.fromCustomer },
  currid: { description: 'The line’s currency', settleOwns: OWN.currency },
  exchrat: { description: 'Exchange rate to the base currency', settleOwns: OWN.currency },
  ...stamps,
});

const glDistribution = allFieldsOf('gl_distribution', 'ardist', {
  tranno: { required: true, description: 'The invoice (or open credit) the GL line belongs to', settleOwns: 'the receipt’s invoice' },
  custno: { required: true, description: 'The customer of the GL line', settleOwns: 'the receipt’s customer' },
  glacnt: { required: true, description: 'The GL account debited or credited', settleOwns: 'a receipt writes several lines (Dr cash, Dr discount, Cr receivables) that must sum to zero; their accounts come from the GL rules and the connection' },
  descrip: { description: 'The description of the GL lines of a receipt or of its refund, void or chargeback (at most 30 characters)', defaultValue: 'Receipt PT123456789 (or On account, Refund, Void, Chargeback)' },
  amount: { required: true, description: 'The amount: positive a debit, negative a credit', settleOwns: 'the money rules: the lines of a receipt sum to zero' },
  trandte: { required: true, description: 'The date of the GL line', settleOwns: 'the receipt’s date (cash_receipt.dtepaid), so the receipt and its GL lines agree' },
  arsess: { required: true, description: 'The AR session', settleOwns: OWN.session },
  glbatch: { description: 'The GL batch', settleOwns: 'Sage Pro’s GL transfer assigns it' },
  ...stamps,
});

export const SAGE_TARGETS: Readonly<Record<TargetRecord, TargetRecordSpec>> = {
  cash_receipt: { record: 'cash_receipt', perLine: false, fields: cashReceipt, description: 'A cash receipt line (ARCASH): a payment applied to one invoice' },
  invoice_status: { record: 'invoice_status', perLine: false, fields: invoiceStatus, description: 'The payment status shown on the invoice (ARMAST) and its sales order (SOMAST)' },
  customer: { record: 'customer', perLine: false, fields: customer, description: 'A customer (ARCUST) Settle creates for a new buyer' },
  sales_order: { record: 'sales_order', perLine: false, fields: salesOrder, description: 'A sales order header (SOMAST)' },
  sales_order_line: { record: 'sales_order_line', perLine: true, fields: salesOrderLine, description: 'A sales order line (SOTRAN), one per line of the source order' },
  gl_distribution: { record: 'gl_distribution', perLine: false, fields: glDistribution, description: 'A GL distribution line (ARDIST) of a receipt' },
};

const BY_NAME = new Map<string, TargetField>(TARGET_RECORDS.flatMap((record) => SAGE_TARGETS[record].fields.map((field) => [`${record}.${field.name}`, field] as const)));

/** The field `name` of `record`, or undefined when the catalogue has none. */
export function targetField(record: string, name: string): TargetField | undefined {
  return BY_NAME.get(`${record}.${name}`);
}

/** The fields a mapping may set. */
export function mappableFields(record: TargetRecord): TargetField[] {
  return SAGE_TARGETS[record].fields.filter((field) => field.settleOwns === undefined);
}

/** A field rule as people read it: 'char(6)', 'money', 'date', 'numeric(12,2)', 'memo'. */
export function ruleText(rule: FieldRule): string {
  switch (rule.type) {
    case 'char':
      return `char(${rule.width})`;
    case 'numeric':
      return `numeric(${rule.precision},${rule.scale})`;
    default:
      return rule.type;
  }
}
