/**
 * The suggester's dictionary: how payments, shop and ERP people spell the same thing, and what each
 * Sage Pro column is called outside Sage Pro. Real vocabulary only (gateway, shop, bank and lockbox
 * field names, Sage Pro's own abbreviations): a word added here must mean the same thing wherever it
 * appears, never just make one example pass.
 */
import type { ValueFormat } from './value-format.js';

/** One spelling per word (a value may stand for several words: `custno` → `customer number`). */
const SPELLINGS: Record<string, string> = {
  // Sage Pro's abbreviations, as its columns are named
  custno: 'customer number', invno: 'invoice number', refno: 'reference number', sono: 'sales order number',
  ponum: 'purchase order number', paidamt: 'paid amount', disamt: 'discount amount', dtepaid: 'date paid',
  invdte: 'invoice date', invamt: 'invoice amount', sodate: 'order date', ordate: 'requested date', rqdate: 'requested date',
  qtyord: 'quantity ordered', qtyshp: 'quantity shipped', extprice: 'extended price', descrip: 'description',
  loctid: 'location id', umeasur: 'unit measure', shipvia: 'ship via', shipchg: 'shipping charge', ordamt: 'order amount',
  addrstate: 'address state', faxno: 'fax number', salesmn: 'salesperson', pterms: 'payment term', credlimit: 'credit limit',
  cashacct: 'cash account', glacnt: 'gl account', aracct: 'ar account', glsale: 'sales account', trandte: 'transaction date',
  tranno: 'transaction number', currid: 'currency', taxrate: 'tax rate', orderstat: 'order status', terr: 'territory',
  // general abbreviations
  amt: 'amount', amnt: 'amount', qty: 'quantity', qnty: 'quantity', no: 'number', num: 'number', nbr: 'number', nr: 'number',
  cust: 'customer', client: 'customer', buyer: 'customer', payer: 'customer', remitter: 'customer', purchaser: 'customer',
  inv: 'invoice', desc: 'description', descr: 'description', dte: 'date', dt: 'date', addr: 'address',
  postcode: 'zip', zipcode: 'zip', postal: 'zip', province: 'state', tel: 'phone', telephone: 'phone', mobile: 'phone',
  mail: 'email', emailaddress: 'email', emailed: 'email', organization: 'company', organisation: 'company', business: 'company',
  disc: 'discount', discounts: 'discount', curr: 'currency', cur: 'currency', ref: 'reference', tran: 'transaction',
  trans: 'transaction', chk: 'check', pay: 'payment', txn: 'transaction', trx: 'transaction', pmt: 'payment', pymt: 'payment', paymentid: 'payment id',
  acct: 'account', acnt: 'account', cheque: 'check', memo: 'note', remark: 'note', comment: 'note', comments: 'note',
  town: 'city', uom: 'unit measure', ext: 'extended', po: 'purchase order', so: 'sales order', sku: 'sku',
  at: 'date', on: 'date', time: 'date', timestamp: 'date', submitted: 'submit', occured: 'occurred', datetime: 'date', warehouse: 'location', loc: 'location',
  vat: 'tax', gst: 'tax', salestax: 'tax', freight: 'shipping', ship: 'shipping', shipment: 'shipping', delivery: 'shipping',
  carrier: 'shipping method', created: 'created', creation: 'created', placed: 'created', firstname: 'first name',
  lastname: 'last name', fname: 'first name', lname: 'last name', fullname: 'full name', zip4: 'zip', msg: 'message',
  id: 'id', identifier: 'id', ident: 'id', salesperson: 'salesperson', salesman: 'salesperson', rep: 'salesperson',
  qtyordered: 'quantity ordered', unitprice: 'unit price', line1: 'line 1', line2: 'line 2', street1: 'street 1', street2: 'street 2',
  address1: 'address 1', address2: 'address 2', captured: 'captured', subtotal: 'subtotal', grand: 'grand',
  terms: 'term', orderid: 'order id', ordered: 'ordered', product: 'product', payee: 'payee',
};

export const WORD_SYNONYMS: ReadonlyMap<string, string> = new Map(Object.entries(SPELLINGS));

/** Words that say nothing about what a field holds ("to" in receipt_emailed_to, "the", "of"). */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'to', 'the', 'of', 'for', 'a', 'an', 'by', 'is', 'or', 'value', 'data', 'info', 'details', 'detail', 'field', 'raw',
  // units and zones say how a value is written, not what it is (amount_minor, submitTimeUTC)
  'minor', 'major', 'cents', 'utc', 'gmt', 'local', 'iso',
]);

/**
 * Words that make a name mean something else than a field without them: `total_discounts` is no
 * total, `amount_refunded` no payment. A leaf word of these that the alias lacks costs more.
 */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set([
  'discount', 'tax', 'shipping', 'subtotal', 'refunded', 'refund', 'fee', 'balance', 'outstanding', 'weight', 'capturable', 'authorized', 'auth', 'cost', 'handling', 'coupon', 'duty',
  // a part of a name is not the name
  'first', 'last', 'middle', 'given', 'family',
  // a customer's reference is the buyer's own number for the purchase (a PO), not the customer
  'reference',
]);

/** Parent words that say a leaf belongs to what a table holds (a customer's address is the billing one). */
export const TABLE_CONTEXT: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  arcust: { billing: 1.08, bill: 1.08, customer: 1.04 },
  somast: { order: 1.03 },
  sotran: { line: 1.03, item: 1.03 },
  arcash: { payment: 1.03, transaction: 1.03 },
};

/** A name a Sage Pro column goes by elsewhere, and how sure that name alone makes us (0–1). */
export type Alias = readonly [phrase: string, weight: number];

const dates = (main: string): Alias[] => [[main, 1], ['date', 0.6]];

/** What each Sage Pro column is called outside Sage Pro, by column (a `table.column` key overrides). */
export const FIELD_ALIASES: Readonly<Record<string, readonly Alias[]>> = {
  custno: [['customer number', 1], ['customer id', 0.95], ['customer code', 0.95], ['account number', 0.75], ['customer', 0.75], ['client id', 0.95]],
  invno: [['invoice number', 1], ['invoice id', 1], ['invoice', 0.9], ['bill number', 0.85], ['document number', 0.75], ['invoice reference', 0.9]],
  'ardist.tranno': [['invoice number', 1], ['invoice id', 1], ['invoice', 0.9], ['document number', 0.75]],
  'arcash.refno': [['reference number', 1], ['check number', 1], ['transaction id', 0.9], ['transaction number', 0.9], ['reference', 0.85], ['payment id', 0.85], ['charge id', 0.85], ['confirmation number', 0.8], ['trace number', 0.8], ['receipt number', 0.8], ['payment reference', 0.9]],
  'armast.refno': [['payment status', 0.7], ['reference number', 0.6]],
  dtepaid: [['date paid', 1], ['payment date', 1], ['paid date', 1], ['transaction date', 0.9], ['deposit date', 0.9], ['created date', 0.8], ['processed date', 0.85], ['settled date', 0.6], ['received date', 0.9], ['posting date', 0.9], ['posted date', 0.9], ['value date', 0.85], ['booking date', 0.85], ['occurred date', 0.85], ['submit date', 0.85], ['date', 0.6], ['paid', 0.55]],
  paidamt: [['paid amount', 1], ['payment amount', 1], ['amount paid', 1], ['amount received', 1], ['amount captured', 0.95], ['transaction amount', 0.95], ['check amount', 0.85], ['amount applied', 1], ['applied amount', 1], ['remittance amount', 1], ['settle amount', 0.9], ['amount', 0.9], ['total', 0.75], ['total price', 0.85], ['grand total', 0.85], ['total amount', 0.85], ['credit amount', 0.75]],
  // An early-payment discount on an invoice, not an order's discount.
  disamt: [['discount amount', 0.9], ['discount', 0.65], ['discount taken', 1], ['payment discount', 1], ['early payment discount', 1]],
  cashacct: [['cash account', 1], ['deposit account', 1], ['gl account', 0.7]],
  currid: [['currency', 1], ['currency code', 1], ['currency id', 1], ['iso currency', 0.95]],
  currency: [['currency', 1], ['currency code', 1], ['currency id', 1], ['default currency', 0.9]],
  company: [['company', 1], ['company name', 1], ['business name', 0.95], ['billing company', 1], ['account name', 0.7], ['name', 0.4]],
  contact: [['contact', 1], ['contact name', 1], ['full name', 0.85], ['name', 0.7], ['attention', 0.7], ['customer name', 0.6], ['first name', 0.45], ['cardholder name', 0.7], ['billing name', 0.75]],
  title: [['job title', 1], ['contact title', 1], ['title', 0.6]],
  address1: [['address 1', 1], ['address line 1', 1], ['line 1', 1], ['street 1', 1], ['street address', 1], ['street', 0.9], ['address', 0.8]],
  address2: [['address 2', 1], ['address line 2', 1], ['line 2', 1], ['street 2', 1], ['street address 2', 1], ['suite', 0.6]],
  city: [['city', 1], ['locality', 0.8]],
  addrstate: [['state', 1], ['state code', 1], ['address state', 1], ['region', 0.8], ['region code', 0.8]],
  zip: [['zip', 1], ['zip code', 1]],
  country: [['country', 1], ['country code', 1], ['country name', 0.9]],
  phone: [['phone', 1], ['phone number', 1], ['contact phone', 1]],
  faxno: [['fax', 1], ['fax number', 1]],
  email: [['email', 1], ['email address', 1], ['receipt email', 0.9], ['billing email', 1], ['contact email', 1]],
  terr: [['territory', 1], ['sales territory', 1]],
  salesmn: [['salesperson', 1], ['sales salesperson', 1], ['agent', 0.6]],
  source: [['lead source', 1], ['customer source', 1], ['referral source', 0.9]],
  type: [['customer type', 1], ['customer class', 0.9], ['customer group', 0.9]],
  pterms: [['payment term', 1], ['term', 0.9], ['net term', 0.9]],
  pdisc: [['discount percent', 1], ['discount rate', 0.9]],
  pdays: [['discount days', 1]],
  pnet: [['net days', 1], ['due days', 0.9]],
  aracct: [['ar account', 1], ['receivables account', 1]],
  credlimit: [['credit limit', 1]],
  sono: [['sales order number', 1]],
  ponum: [['purchase order number', 1], ['purchase order', 0.95], ['order number', 0.85], ['customer reference', 0.8], ['order reference', 0.8], ['order id', 0.7], ['reference number', 0.55]],
  sodate: [['order date', 1], ['created date', 0.85], ['occurred date', 0.8], ['date', 0.6], ['processed date', 0.8], ['ordered date', 1]],
  ordate: [['requested date', 1], ['requested shipping date', 1], ['shipping date', 0.9], ['due date', 0.6]],
  rqdate: [['requested date', 1], ['requested shipping date', 1], ['shipping date', 0.9]],
  shipvia: [['ship via', 1], ['shipping method', 1], ['shipping carrier', 1], ['shipping service', 0.9]],
  ordamt: [['order amount', 1], ['order total', 1], ['grand total', 1], ['total', 0.85], ['total price', 0.85], ['total amount', 0.85], ['amount', 0.7]],
  tax: [['tax', 1], ['tax amount', 1], ['total tax', 1], ['tax total', 1]],
  taxrate: [['tax rate', 1], ['tax percent', 1]],
  shipchg: [['shipping charge', 1], ['shipping amount', 1], ['shipping total', 1], ['shipping cost', 1], ['shipping price', 1], ['shipping', 0.8], ['shipping fee', 1]],
  defloc: [['default location', 1]],
  notes: [['note', 1], ['customer note', 1], ['order note', 1], ['customer message', 0.9], ['instruction', 0.7], ['message', 0.6]],
  orderstat: [['order status', 0.8], ['status', 0.4]],
  exchrat: [['exchange rate', 1]],
  glarec: [['ar account', 1], ['receivables account', 1]],
  item: [['item', 1], ['sku', 1], ['item number', 1], ['item code', 1], ['product code', 0.95], ['part number', 0.95], ['product sku', 1], ['item id', 0.6], ['product id', 0.5]],
  'sotran.descrip': [['description', 1], ['title', 0.85], ['name', 0.8], ['product name', 0.9], ['item name', 0.95], ['product title', 0.9], ['item description', 1]],
  'ardist.descrip': [['description', 1], ['note', 0.6]],
  loctid: [['location', 1], ['location id', 1], ['location code', 1]],
  qtyord: [['quantity', 1], ['quantity ordered', 1], ['ordered quantity', 1]],
  qtyshp: [['quantity shipped', 1], ['shipped quantity', 1]],
  price: [['price', 1], ['unit price', 1], ['unit cost', 0.8], ['item price', 0.95], ['rate', 0.5], ['price each', 1]],
  cost: [['cost', 0.9], ['cost price', 1], ['unit cost', 0.6]],
  extprice: [['extended price', 1], ['line total', 1], ['total', 0.85], ['total price', 0.9], ['amount', 0.7], ['subtotal', 0.7], ['line amount', 1]],
  disc: [['discount percent', 1], ['discount rate', 1]],
  taxable: [['taxable', 1], ['tax exempt', 0.5]],
  umeasur: [['unit measure', 1], ['unit of measure', 1], ['unit', 0.7]],
  glsale: [['sales account', 1], ['revenue account', 1], ['income account', 0.9]],
  glacnt: [['gl account', 1], ['account', 0.5], ['general ledger account', 1]],
  amount: [['amount', 1], ['gl amount', 1]],
  trandte: dates('transaction date'),
  invdte: dates('invoice date'),
  invamt: [['invoice amount', 1], ['invoice total', 1], ['amount due', 0.85]],
  balance: [['balance', 1], ['balance due', 1], ['amount due', 0.9], ['outstanding', 0.85], ['total outstanding', 0.85]],
  arstat: [['invoice status', 0.7]],
};

/**
 * What a column's values must look like beyond its Sage Pro type (a char(60) email column wants
 * emails). Columns not here take their Sage Pro type's formats.
 */
export const FIELD_EXPECTS: Readonly<Record<string, readonly ValueFormat[]>> = {
  email: ['email'],
  phone: ['phone'],
  faxno: ['phone'],
  zip: ['postcode'],
  country: ['country'],
  currid: ['currency'],
  currency: ['currency'],
  addrstate: ['code', 'text'],
  // A customer number is a short code (ACM100); a source system's own keys (26, cus_…) are not one.
  custno: ['document_number', 'code'],
  invno: ['document_number', 'integer', 'code'],
  tranno: ['document_number', 'integer', 'code'],
  refno: ['document_number', 'integer', 'id', 'code'],
  ponum: ['document_number', 'integer', 'code', 'id'],
  sono: ['document_number', 'integer'],
  item: ['document_number', 'code', 'text', 'id'],
  loctid: ['code', 'document_number'],
  shipvia: ['code', 'text'],
  company: ['text', 'code'],
  contact: ['text'],
  title: ['text', 'code'],
  city: ['text', 'code'],
  address1: ['text', 'document_number'],
  address2: ['text', 'document_number', 'code'],
  descrip: ['text', 'code'],
  notes: ['text'],
  taxable: ['boolean', 'code'],
  umeasur: ['code', 'text'],
  salesmn: ['code', 'text'],
  terr: ['code', 'text'],
  type: ['code', 'text'],
  source: ['code', 'text'],
  pterms: ['text', 'code'],
  orderstat: ['code', 'text'],
};

/**
 * Where a column's known values live in a Sage Pro company (`companyValues` keys): a customer number
 * on a receipt is one of ARCUST's, an invoice number one of ARMAST's.
 */
export const VALUE_DOMAINS: Readonly<Record<string, string>> = {
  custno: 'arcust.custno',
  invno: 'armast.invno',
  tranno: 'armast.invno',
  item: 'icitem.item',
  loctid: 'icloct.loctid',
  glacnt: 'glacnt.glacnt',
  cashacct: 'glacnt.glacnt',
  aracct: 'glacnt.glacnt',
  glsale: 'glacnt.glacnt',
  glarec: 'glacnt.glacnt',
  pterms: 'arcust.pterms',
  salesmn: 'arcust.salesmn',
  terr: 'arcust.terr',
};

/** Names of source arrays that hold an order's lines. */
export const LINE_ARRAY_WORDS: ReadonlySet<string> = new Set(['line', 'item', 'product', 'line item', 'order item', 'detail']);

/**
 * How much a column's own (expanded) name says, where Sage Pro's short name is more generic than the
 * column: `disc` is a line's discount percent, not any discount; `title` a contact's job title.
 */
export const OWN_NAME_WEIGHT: Readonly<Record<string, number>> = {
  disc: 0.4, pdisc: 0.6, type: 0.4, source: 0.4, title: 0.6, cost: 0.7, comment: 0.5, release: 0.4, notes: 1,
};

/**
 * Columns a per-line table takes from each line, never from the order header (an order's total is no
 * line's extended price).
 */
export const LINE_ONLY_COLUMNS: ReadonlySet<string> = new Set([
  'item', 'descrip', 'qtyord', 'qtyshp', 'origqtyord', 'tqtyord', 'tqtyshp', 'price', 'extprice', 'origextpri', 'bprice', 'bextpri',
  'tprice', 'cost', 'tcost', 'bcost', 'disc', 'taxable', 'umeasur', 'stkcode', 'tranlineno', 'transeq',
]);

/** Words that make "tax" a qualifier of an amount rather than the amount (total_inc_tax is a total). */
export const INCLUDING_WORDS: ReadonlySet<string> = new Set(['inc', 'incl', 'including', 'with']);
