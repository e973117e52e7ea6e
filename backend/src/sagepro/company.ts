/**
 * The port: what Settle asks of one Sage Pro company, in business terms. Money is integer minor units
 * of an ISO 4217 currency (the `…Cents` fields: ¥1,200 is 1200, $12.34 is 1234, 1.005 KWD is 1005)
 * in the record's currency, else the books' (the tenant's base currency); dates are 'YYYY-MM-DD', keys are trimmed. Every method either answers or throws a
 * TransientSageProError / PermanentSageProError (errors.ts); writes answer Applied or AlreadyApplied.
 */
import type { PermanentSageProError, TransientSageProError } from './errors.js';
import type { PaymentStatus } from './payment-status.js';

export interface OpenInvoice {
  invno: string;
  custno: string;
  invoiceDate: string | null;
  /** The sales order it was invoiced from (armast.ornum), when there is one. */
  sono: string | null;
  ponum: string;
  amountCents: number;
  paidCents: number;
  balanceCents: number;
  /** The invoice's currency (armast.currid), else the books'; the amounts are its minor units. */
  currency: string;
}

/** How the pipeline looks an invoice up; `ponum` may match several. */
export type InvoiceQuery =
  | { invno: string }
  | { sono: string }
  | { ponum: string; custno?: string }
  /**
   * An open invoice of the customer whose balance is the amount (within ±toleranceCents, never zero or
   * less), dated within [from, to].
   */
  | { custno: string; amountCents: number; from: string; to: string; /** Of the amount; the books' currency when absent. */ currency?: string; toleranceCents?: number };

export interface IncomingPayment {
  /** The Settle reference (see references.ts), stored in arcash.refno: at most 20 characters. */
  reference: string;
  /** Minor units of `currency`. */
  amountCents: number;
  /** A terms discount the customer took (arcash.disamt); rare for card payments. */
  discountCents?: number;
  /** The GL account the cash posts to (arcash.cashacct and its ARDIST line); default: the connection's cash account. */
  cashAccount?: string;
  /** The description of the receipt's ARDIST lines (ardist.descrip, cut to 30); default 'Receipt <reference>' ('On account <reference>' for an open credit). */
  description?: string;
  date: string;
  /**
   * ISO 4217 code; must be the invoice's or customer's currency when Sage Pro keeps one, else the
   * books' currency (the tenant's base currency): else a validation error naming `currency`.
   */
  currency: string;
  /**
   * The company's base currency per unit of `currency`, for armast.bbal where the item keeps no rate of
   * its own (an open credit, a fully paid invoice restored): the tenant's rate of the day. See base-balance.ts.
   */
  baseRate?: BaseRate;
}

/** Units of `currency` (the company's base, syccomp.currid) per one unit of a document's currency: '1.0845' or exact '217/200'. */
export interface BaseRate {
  currency: string;
  rate: string;
}

/** One ARCASH line as Sage Pro holds it: a receipt (positive) or a reversal (negative) on one item. */
export interface CashLine {
  reference: string;
  custno: string;
  invno: string;
  paidCents: number;
  discountCents: number;
  date: string | null;
  arsess: string;
  cashAccount: string;
}

export interface CashReceipt {
  reference: string;
  custno: string;
  lines: CashLine[];
  /** The open credit item (armast artype 'O') the unapplied part became, if any. */
  openCreditInvno?: string;
}

export type ReversalKind = 'refund' | 'void' | 'chargeback';

export interface ReceiptReversal {
  kind: ReversalKind;
  /** The reversal's own Settle reference (a refund's transaction id; see references.ts). */
  reference: string;
  /** The Settle reference of the receipt being reversed. */
  receiptReference: string;
  /** Cash to reverse, in minor units of the receipt's currency; a void always reverses all of it, refunds and chargebacks default to all. */
  amountCents?: number;
  date: string;
  /** The reversal's ISO code, when known: it must be the receipt's (else a validation error naming `currency`). */
  currency?: string;
  /** The GL account a refund or chargeback credits; default: the connection's refund or chargeback account. */
  account?: string;
  /** The description of the reversal's ARDIST lines (cut to 30); default 'Refund <reference>' ('Void …', 'Chargeback …'). */
  description?: string;
  /** For armast.bbal of an item the receipt paid in full (it keeps no rate of its own): see IncomingPayment.baseRate. */
  baseRate?: BaseRate;
}

/**
 * What reverseReceipt would do now, written nowhere (a flow's preview): the rows it would write, in the
 * receipt's currency, and each reopened item's sales order (armast.ornum) for the status the pipeline
 * writes after it; or the reversal Sage Pro already holds under its reference (the write would answer
 * AlreadyApplied). `Plan` is the connector's receipt plan (receipt-plan.ts ReceiptPlan).
 */
export type PlannedReversal<Plan> =
  | { kind: 'planned'; plan: Plan; currency: string; orders: Record<string, string> }
  | { kind: 'already_applied'; records: CashReceipt };

export interface PaymentStatusUpdate {
  status: PaymentStatus;
  /** The invoice (and through armast.ornum its order), or the order alone. */
  invno?: string;
  sono?: string;
  /** Shown beside the status on the invoice, e.g. the PayTrace transaction. */
  reference?: string;
  /** The ORDRSTAT code set on the order (somast.orderstat) in place of the status's code (a flow's mapping). */
  orderStatus?: string;
}

export interface PaymentStatusRecord {
  order?: { sono: string; orderstat: string };
  invoice?: { invno: string; field: string; text: string };
}

export interface GlAccount {
  account: string;
  description: string;
  type: string;
  active: boolean;
}

export interface PostalAddress {
  line1: string;
  line2: string;
  city: string;
  /** arcust.addrstate */
  state: string;
  zip: string;
  country: string;
}

/** Payment terms as Sage Pro keeps them on the customer (pterms, pdisc, pdays, pnet). */
export interface PaymentTerms {
  /** The terms' name, e.g. 'Net 30', '2% 10 Net 30' (pterms, char(20)). */
  code: string;
  /** Discount percent (pdisc, N(7,3)). */
  discountPercent: number;
  /** Days the discount holds (pdays, N(3)). */
  discountDays: number;
  /** Days until due (pnet, N(3)). */
  netDays: number;
}

/** How the pipeline looks a customer up. Email and company compare trimmed and case-insensitively. */
export type CustomerQuery = { custno: string } | { email: string } | { company: string };

/** A customer as Settle sees it. Credit hold and inactive status are always reported, never filtered out. */
export interface CustomerRecord {
  custno: string;
  company: string;
  contact: string;
  title: string;
  address: PostalAddress;
  phone: string;
  fax: string;
  email: string;
  currency: string;
  terms: PaymentTerms;
  salesperson: string;
  territory: string;
  /** arcust.type, e.g. 'WHOLESAL'. */
  type: string;
  source: string;
  /** The AR account the customer posts to (arcust.aracct), '' for the module's default. */
  arAccount: string;
  creditLimitCents: number;
  balanceCents: number;
  onOrderCents: number;
  /** arcust.credstat 'H': Settle takes no order for the customer and, by default, no new cash. */
  creditHold: boolean;
  /** false when arcust.custstat is 'I' (inactive): Settle takes no order for the customer. */
  active: boolean;
  /** The Sage Pro user holding the record open (lckstat set), if any: writes wait until released. */
  lockedBy: string | null;
  /** The Settle reference the customer was created under (kept in arcust.comment), if Settle created it. */
  reference: string | null;
}

/** A customer for Sage Pro; text is trimmed and must fit its field (errors name `arcust.<field>`). */
export interface NewCustomer {
  /** The Settle reference (see references.ts SETTLE_REFERENCE), kept in arcust.comment as `<Settle …>`. */
  reference: string;
  /** Up to 6 of A-Z, 0-9 and '-', upper-cased; when absent the next number for the company name (README). */
  custno?: string;
  company: string;
  contact?: string;
  title?: string;
  address?: Partial<PostalAddress>;
  phone?: string;
  fax?: string;
  email?: string;
  /** ISO code; defaults to the company's currency (syccomp.currid). */
  currency?: string;
  terms?: Partial<PaymentTerms> & { code: string };
  salesperson?: string;
  territory?: string;
  type?: string;
  source?: string;
  /** Must exist in glacnt; blank (the module's default) when absent. */
  arAccount?: string;
  creditLimitCents?: number;
}

/**
 * What updateCustomer may change. Not the custno, balances, credit hold or inactive status: those are
 * a Sage Pro user's decisions. Address fields change one by one; absent fields are left alone.
 */
export type CustomerChanges = Partial<Omit<NewCustomer, 'reference' | 'custno' | 'address' | 'terms'>> & {
  address?: Partial<PostalAddress>;
  terms?: Partial<PaymentTerms>;
};

export interface SalesOrderLineInput {
  item: string;
  /** The stock location (iciloc.loctid). */
  loctid: string;
  /** Positive, at most 2 decimals (numeric(12,2)). */
  qty: number;
  /** Unit price in minor units of the order's currency (¥1,200 is 1200); qty × price must be whole minor units. */
  priceCents: number;
  /** The line's description; the item's (icitem.itmdesc) when absent. */
  description?: string;
  /** The line's sales GL account (sotran.glsale): in the chart and active; the connection's sales account when absent. */
  salesAccount?: string;
}

export interface NewSalesOrder {
  custno: string;
  /** The Settle reference (SETTLE_REFERENCE), kept in somast.notes as `<Settle …>`. */
  reference: string;
  lines: SalesOrderLineInput[];
  /** The customer's purchase order number (somast.ponum, char(20)); the invoice copies it. */
  ponum?: string;
  /** Order date (sodate), 'YYYY-MM-DD'; today in the company's zone when absent. */
  date?: string;
  /** Requested ship date (ordate, sotran.rqdate); the order date when absent. */
  requestDate?: string;
  shipvia?: string;
  /** ISO code; must be the customer's currency when Sage Pro keeps one. */
  currency?: string;
  /** Free text after the reference in somast.notes. */
  notes?: string;
  /** somast.orderstat: an ORDRSTAT code of the company ('' blank); the connection's open status when absent. */
  orderStatus?: string;
  /**
   * For an order in another currency than the company's base: the tenant's rate of the order date
   * (somast.exchrat and the base figures bordamt, sotran.bprice/bextpri); at par without one.
   */
  baseRate?: BaseRate;
  /** Delivery address (soaddr 'D'); the customer's own when absent. */
  shipTo?: { company?: string; address?: Partial<PostalAddress> & { line3?: string }; phone?: string; email?: string };
}

export interface SalesOrderLine {
  line: number;
  item: string;
  loctid: string;
  description: string;
  qty: number;
  priceCents: number;
  amountCents: number;
}

export interface SalesOrder {
  sono: string;
  custno: string;
  reference: string | null;
  ponum: string;
  date: string | null;
  /** somast.sostat: '' open, 'C' closed, 'V' void. */
  sostat: string;
  /** somast.orderstat, the user-defined status (an ORDRSTAT code). */
  orderStatus: string;
  amountCents: number;
  currency: string;
  lines: SalesOrderLine[];
}

/** Applied: written now. AlreadyApplied: the reference was there; these are the existing records. */
export type WriteOutcome<T> = { kind: 'Applied'; records: T } | { kind: 'AlreadyApplied'; records: T };

/** One receipt of a batch; with a status, that status is recorded on its invoice (and order) in the same transaction. */
export interface BatchItem {
  invno: string;
  payment: IncomingPayment;
  /** Written as recordPaymentStatus({status, invno, reference: payment.reference}) would, after the receipt. */
  status?: PaymentStatus;
  /** As PaymentStatusUpdate.orderStatus: the code set on the invoice's order in place of the status's. */
  orderStatus?: string;
}

/** A batch item's status: written, already so, or refused on its own (its receipt stands). */
export type StatusOutcome = WriteOutcome<PaymentStatusRecord> | { kind: 'Failed'; error: TransientSageProError | PermanentSageProError };

/** One receipt of a batch: applied, already there, or its own typed failure (the others go ahead). */
export type BatchOutcome = (WriteOutcome<CashReceipt> & { status?: StatusOutcome }) | { kind: 'Failed'; error: TransientSageProError | PermanentSageProError };

/** What checkCodes asks: GL accounts and ORDRSTAT codes a write is about to use. */
export interface CodeCheck {
  accounts?: string[];
  orderStatuses?: string[];
}

/** A value a write would refuse, and why (the error kind the write would throw). */
export interface RefusedCode {
  value: string;
  kind: 'missing_account' | 'inactive_account' | 'unknown_status_code';
  message: string;
}

/** A page of receipt lines dated in a range (reconciliation's read), in id_col order. */
export interface ReceiptLineQuery {
  /** ARCASH (default), or ARYCSH: the receipts a period close moved to history. */
  table?: 'arcash' | 'arycsh';
  from: string;
  to: string;
  /** The last id_col of the previous page; none for the first. */
  afterId?: number;
  /** 1 to 10,000; default 5,000. */
  limit?: number;
}

export interface ReceiptLineRecord extends CashLine {
  /** 'arcash:1042' or 'arycsh:77': the table and its id_col. */
  id: string;
  currency: string;
}

export interface ReceiptLinePage {
  lines: ReceiptLineRecord[];
  /** Give it as `afterId` for the next page; null on the last. */
  nextAfterId: number | null;
}

export interface SageProCompany {
  findOpenInvoices(query: InvoiceQuery): Promise<OpenInvoice[]>;
  /**
   * findOpenInvoices({invno}) for many numbers in one read: the open invoices of each number asked
   * (a key per number as given, trimmed; an empty list when none is open).
   */
  findOpenInvoicesByNumbers(invnos: string[]): Promise<Map<string, OpenInvoice[]>>;
  /** The receipt (or reversal) Settle wrote under `reference`, if Sage Pro holds it: how a retry learns a write landed. */
  findReceipt(reference: string): Promise<CashReceipt | null>;
  applyPaymentToInvoice(invno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>>;
  /**
   * Many receipts in one transaction; one outcome per item, in order. An item that fails its own
   * checks is answered with its error and left out. A failure of the database rolls the whole batch
   * back: a Transient one, or one of the company as a whole (login, rights, tables), is every item's
   * answer; any other Permanent one (a value refused, a trigger) sends each item again alone, in
   * order, so that only the item that causes it answers it. A reference already in ARCASH, or
   * earlier in the same batch, is AlreadyApplied. An item's status (when asked) is written after its
   * receipt, in the batch's order, and answered in `status`: a status that cannot be written leaves
   * the receipt in. Never throws.
   */
  applyPaymentsToInvoices(batch: BatchItem[]): Promise<BatchOutcome[]>;
  applyPaymentOnAccount(custno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>>;
  reverseReceipt(reversal: ReceiptReversal): Promise<WriteOutcome<CashReceipt>>;
  recordPaymentStatus(update: PaymentStatusUpdate): Promise<WriteOutcome<PaymentStatusRecord>>;
  listGlAccounts(): Promise<GlAccount[]>;
  /**
   * Reads only, a page at a time (keyset on id_col, so a page is one indexed read whatever the
   * table's size, and a page is one command over an agent): the receipt and reversal lines dated
   * from `from` to `to`, every reference, Settle's or a clerk's.
   */
  readReceiptLines(query: ReceiptLineQuery): Promise<ReceiptLinePage>;
  /**
   * Reads only: which of the accounts are not in the chart or inactive, and which order statuses are
   * not ORDRSTAT codes (blank values are never refused), so a caller can refuse them before its first write.
   */
  checkCodes(codes: CodeCheck): Promise<RefusedCode[]>;
  /** One record per custno (the lowest id_col when a custno has several rows), ordered by custno. */
  findCustomer(query: CustomerQuery): Promise<CustomerRecord[]>;
  /** AlreadyApplied (with the customer) when a customer carries the reference already. */
  createCustomer(customer: NewCustomer): Promise<WriteOutcome<CustomerRecord>>;
  /** AlreadyApplied when the customer already holds every value asked for. */
  updateCustomer(custno: string, changes: CustomerChanges): Promise<WriteOutcome<CustomerRecord>>;
  /** An open order with stock allocated; AlreadyApplied (with the order) when an order carries the reference. */
  createSalesOrder(order: NewSalesOrder): Promise<WriteOutcome<SalesOrder>>;
}
