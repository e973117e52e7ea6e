/**
 * Every statement the connector sends, as Kysely builders (not executed here), so that the same
 * builders run against PostgreSQL and compile to the T-SQL that tsql.spec.ts keeps as reviewed
 * snapshots. Values are always parameters; identifiers go through sql.id. Each statement touches one
 * table and names no table in its column references, so qualified names stay valid on both servers.
 */
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { CustomerQuery } from './company.js';
import type { SageProDatabase } from './database.js';
import { type SqlDialect, toSageDate } from './dates.js';
import { dateFields, FIELD_RULES, type FieldRule, type WritableTable } from './field-rules.js';
import { keySpellings, sageKey } from './keys.js';
import { minorToSageMoney } from './money.js';
import { settleMarkerPattern } from './references.js';
import { type SageTable, type TableQualifiers, tableRef } from './tables.js';

/** Void items: Caster Depot's open-AR filter uses 'V'; third-party SQL also shows 'X'. */
export const VOID_STATUSES = ['V', 'X'];
/** Items that are not invoices: open credits ('O') and credit memos ('C'). */
export const CREDIT_TYPES = ['O', 'C'];

export type InvoiceFilter =
  | { invno: string }
  | { sono: string }
  | { ponum: string; custno?: string }
  | { custno: string; amountCents: number; currency: string; from: string; to: string; toleranceCents?: number };

const ITEM_FIELDS = [
  'id_col', 'invno', 'custno', 'invdte', 'artype', 'arstat', 'ornum', 'ponum', 'refno', 'invamt', 'paidamt', 'disamt',
  'balance', 'bbal', 'currid', 'glarec', 'lckstat', 'lckuser',
] as const;
const CUSTOMER_FIELDS = ['id_col', 'custno', 'aracct', 'currency', 'credstat', 'custstat', 'balance', 'lastpay', 'lckstat', 'lckuser'] as const;
const CASH_FIELDS = ['id_col', 'custno', 'invno', 'refno', 'dtepaid', 'paidamt', 'disamt', 'arsess', 'cashacct', 'currid'] as const;
/** A customer as findCustomer reports it (records.ts customerRecordOf). */
const CUSTOMER_RECORD_FIELDS = [
  'id_col', 'custno', 'company', 'contact', 'title', 'address1', 'address2', 'city', 'addrstate', 'zip', 'country', 'phone', 'faxno', 'email',
  'terr', 'salesmn', 'source', 'type', 'pterms', 'pdisc', 'pdays', 'pnet', 'currency', 'aracct', 'credlimit', 'balance', 'onorder',
  'credstat', 'custstat', 'comment', 'lckstat', 'lckuser',
] as const;
const ORDER_FIELDS = ['id_col', 'sono', 'custno', 'sostat', 'orderstat', 'ponum', 'sodate', 'ordamt', 'currid', 'notes'] as const;
const ORDER_LINE_FIELDS = ['tranlineno', 'item', 'loctid', 'descrip', 'origqtyord', 'price', 'origextpri'] as const;

/** An item at a location, keys as given (the CHAR column pads them). */
export interface StockKey {
  item: string;
  loctid: string;
}

/** Money compared in SQL: typed explicitly, so SQL Server never guesses a precision for the text. */
function moneyParam(minor: number, currency: string) {
  return sql<string>`cast(${minorToSageMoney(minor, currency)} as numeric(16,4))`;
}

/** Zero is zero in every currency. */
const ZERO = () => moneyParam(0, 'USD');

export class SageProQueries {
  constructor(
    private readonly db: Kysely<SageProDatabase>,
    private readonly dialect: SqlDialect,
    private readonly tables: TableQualifiers,
  ) {}

  private from<T extends SageTable>(table: T, forUpdate = false) {
    return this.db.selectFrom(tableRef(table, this.tables, { dialect: this.dialect, forUpdate }));
  }

  /** Postgres locks with `for update`; SQL Server's hints are already on the table reference. */
  private locked<Q extends { forUpdate(): Q }>(query: Q): Q {
    return this.dialect === 'postgres' ? query.forUpdate() : query;
  }

  private date(value: string): string {
    return toSageDate(value, this.dialect);
  }

  /** Session lock wait bound, so a lock held by a Sage Pro user ends as lock_timeout, not a hang. */
  lockTimeout(ms: number) {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`lockTimeoutMs must be a whole number of milliseconds, got ${ms}`);
    return this.dialect === 'mssql' ? sql`set lock_timeout ${sql.lit(ms)}` : sql`set local lock_timeout = ${sql.lit(ms)}`;
  }

  /** Open invoices (not void, balance not zero, not a credit item) by one key. */
  openInvoices(filter: InvoiceFilter) {
    let query = this.from('armast')
      .select(ITEM_FIELDS)
      .where('arstat', 'not in', VOID_STATUSES)
      .where('artype', 'not in', CREDIT_TYPES)
      .where('balance', '<>', ZERO());
    if ('invno' in filter) query = query.where('invno', 'in', keySpellings('invno', filter.invno));
    else if ('sono' in filter) query = query.where('ornum', 'in', keySpellings('sono', filter.sono));
    else if ('ponum' in filter) {
      query = query.where('ponum', '=', sageKey('ponum', filter.ponum));
      if (filter.custno) query = query.where('custno', '=', sageKey('custno', filter.custno));
    } else {
      const tolerance = filter.toleranceCents ?? 0;
      query = query.where('custno', '=', sageKey('custno', filter.custno));
      // Within ±tolerance, but never an invoice that owes nothing or is in credit.
      query = tolerance
        ? query.where('balance', '>=', moneyParam(Math.max(filter.amountCents - tolerance, 1), filter.currency)).where('balance', '<=', moneyParam(filter.amountCents + tolerance, filter.currency))
        : query.where('balance', '=', moneyParam(filter.amountCents, filter.currency));
      query = query
        .where('invdte', '>=', this.date(filter.from))
        .where('invdte', '<=', this.date(filter.to));
    }
    return query.orderBy('invdte').orderBy('invno').orderBy('id_col');
  }

  /** Open invoices with any of these numbers (a drain's payments: one statement instead of one per payment). */
  openInvoicesByNumbers(invnos: string[]) {
    return this.from('armast')
      .select(ITEM_FIELDS)
      .where('arstat', 'not in', VOID_STATUSES)
      .where('artype', 'not in', CREDIT_TYPES)
      .where('balance', '<>', ZERO())
      .where('invno', 'in', [...new Set(invnos.flatMap((invno) => keySpellings('invno', invno)))])
      .orderBy('invdte')
      .orderBy('invno')
      .orderBy('id_col');
  }

  /** Every AR item with this number, whatever its state (to tell "void" from "not found"). */
  itemsByNumber(invno: string) {
    return this.from('armast').select(ITEM_FIELDS).where('invno', 'in', keySpellings('invno', invno)).orderBy('id_col');
  }

  /** A customer's live items with these numbers (as stored), locked. */
  lockItemsByNumbers(custno: string, invnos: string[]) {
    return this.locked(
      this.from('armast', true).select(ITEM_FIELDS).where('custno', '=', custno).where('invno', 'in', invnos).where('arstat', 'not in', VOID_STATUSES).orderBy('id_col'),
    );
  }

  lockItems(ids: number[]) {
    return this.locked(this.from('armast', true).select(ITEM_FIELDS).where('id_col', 'in', ids).orderBy('id_col'));
  }

  /** A customer's records, first id_col first (the SQL edition can hold two rows per custno). */
  lockCustomer(custno: string) {
    return this.locked(this.from('arcust', true).select(CUSTOMER_FIELDS).where('custno', '=', sageKey('custno', custno)).orderBy('id_col'));
  }

  /** A customer's records unlocked (a preview reads what a write would lock), first id_col first. */
  customerRecord(custno: string) {
    return this.from('arcust').select(CUSTOMER_FIELDS).where('custno', '=', sageKey('custno', custno)).orderBy('id_col');
  }

  /** Every AR item with any of these numbers, whatever its state (batch: one statement). */
  itemsByNumbers(invnos: string[]) {
    return this.from('armast').select(ITEM_FIELDS).where('invno', 'in', [...new Set(invnos.flatMap((invno) => keySpellings('invno', invno)))]).orderBy('id_col');
  }

  /** These customers' records, locked in id order (batch: one statement); first id_col first per custno. */
  lockCustomers(custnos: string[]) {
    return this.locked(
      this.from('arcust', true).select(CUSTOMER_FIELDS).where('custno', 'in', [...new Set(custnos.map((custno) => sageKey('custno', custno)))]).orderBy('id_col'),
    );
  }

  /** The lines any of these references wrote, locked (batch: one statement). */
  lockCashLinesOfMany(references: string[]) {
    return this.locked(
      this.from('arcash', true).select(CASH_FIELDS).where('refno', 'in', [...new Set(references.map((reference) => sageKey('refno', reference)))]).orderBy('id_col'),
    );
  }

  /** The open credit items these receipts made, if any. */
  openCreditsOf(references: string[]) {
    return this.from('armast')
      .select(['invno', 'refno'])
      .where('refno', 'in', [...new Set(references.map((reference) => sageKey('refno', reference)))])
      .where('artype', '=', 'O');
  }

  /** The lines a Settle reference wrote; locked, so the same reference waits for the first writer. */
  lockCashLinesOf(reference: string) {
    return this.locked(this.cashLinesOf(reference, true));
  }

  cashLinesOf(reference: string, forUpdate = false) {
    return this.from('arcash', forUpdate).select(CASH_FIELDS).where('refno', '=', sageKey('refno', reference)).orderBy('id_col');
  }

  /** Receipt lines (current or history) dated in a range, after an id_col, in id_col order (one page of reconciliation's read). */
  cashLinesDated(table: 'arcash' | 'arycsh', from: string, to: string, afterId: number, limit: number) {
    const page = this.from(table)
      .select(CASH_FIELDS)
      .where('dtepaid', '>=', this.date(from))
      .where('dtepaid', '<=', this.date(to))
      .where('id_col', '>', afterId)
      .orderBy('id_col');
    // T-SQL has no LIMIT: SELECT TOP (n).
    return this.dialect === 'mssql' ? page.top(limit) : page.limit(limit);
  }

  /** The open credit item a receipt made, if any. */
  openCreditOf(reference: string) {
    return this.from('armast').select(['invno']).where('refno', '=', sageKey('refno', reference)).where('artype', '=', 'O');
  }

  /** Net cash on each item: every receipt and reversal on it so far. */
  cashOnItems(custno: string, invnos: string[]) {
    return this.from('arcash')
      .select(['invno'])
      .select((eb) => eb.fn.sum<string | number>('paidamt').as('cash'))
      .where('custno', '=', custno)
      .where('invno', 'in', invnos)
      .groupBy('invno');
  }

  accounts(glacnts: string[]) {
    return this.from('glacnt').select(['glacnt', 'glstat']).where('glacnt', 'in', glacnts.map((account) => sageKey('glacnt', account)));
  }

  chartOfAccounts() {
    return this.from('glacnt').select(['glacnt', 'gldesc', 'gltype', 'glstat']).orderBy('glacnt').orderBy('id_col');
  }

  /** SYSDATA 'AR<compid>': int1 = last invoice number, int2 = last AR session. */
  lockCounter(sysid: string) {
    return this.locked(this.from('sysdata', true).select(['id_col', 'int1', 'int2']).where('sysid', '=', sageKey('sysid', sysid)).orderBy('id_col'));
  }

  updateCounter(id: number, values: { int1: number; int2: number }) {
    return this.db.updateTable('sysdata').set(values).where('id_col', '=', id);
  }

  lockOrders(sono: string) {
    return this.locked(this.from('somast', true).select(['id_col', 'sono', 'orderstat', 'lckstat', 'lckuser']).where('sono', 'in', keySpellings('sono', sono)).orderBy('id_col'));
  }

  /** The orders with any of these numbers, locked in id order (a batch's statuses: one statement). */
  lockOrdersByNumbers(sonos: string[]) {
    return this.locked(
      this.from('somast', true)
        .select(['id_col', 'sono', 'orderstat', 'lckstat', 'lckuser'])
        .where('sono', 'in', [...new Set(sonos.flatMap((sono) => keySpellings('sono', sono)))])
        .orderBy('id_col'),
    );
  }

  /** The ORDRSTAT codes of the company (SYCRLST, system database). */
  orderStatusCodes(compid: string) {
    return this.from('sycrlst').select(['chrvl']).where('compid', '=', sageKey('sycrlstCompid', compid)).where('ruleid', '=', sageKey('ruleid', 'ORDRSTAT'));
  }

  insertCashLines(rows: Record<string, unknown>[]) {
    return this.db.insertInto('arcash').values(rows.map((row) => this.dated('arcash', row)) as Insertable<SageProDatabase['arcash']>[]);
  }

  insertDistributions(rows: Record<string, unknown>[]) {
    return this.db.insertInto('ardist').values(rows.map((row) => this.dated('ardist', row)) as Insertable<SageProDatabase['ardist']>[]);
  }

  insertItem(row: Record<string, unknown>) {
    return this.db.insertInto('armast').values(this.dated('armast', row) as Insertable<SageProDatabase['armast']>);
  }

  /** Several open credit items in one statement. */
  insertItems(rows: Record<string, unknown>[]) {
    return this.db.insertInto('armast').values(rows.map((row) => this.dated('armast', row)) as Insertable<SageProDatabase['armast']>[]);
  }

  updateItem(id: number, row: Record<string, unknown>) {
    return this.db.updateTable('armast').set(this.dated('armast', row) as Updateable<SageProDatabase['armast']>).where('id_col', '=', id);
  }

  /**
   * Several items (by id_col) in one statement, each field set to its row's absolute value:
   * `set f = case id_col when @id then @v ... else f end where id_col in (...)` (standard SQL on both servers).
   */
  updateItems(updates: { id: number; row: Record<string, unknown> }[]) {
    return this.db.updateTable('armast').set(this.byIds('armast', updates) as Updateable<SageProDatabase['armast']>).where('id_col', 'in', updates.map((u) => u.id));
  }

  /** Several customers (by id_col) in one statement; a field a row leaves out keeps its value. */
  updateCustomers(updates: { id: number; row: Record<string, unknown> }[]) {
    return this.db.updateTable('arcust').set(this.byIds('arcust', updates) as Updateable<SageProDatabase['arcust']>).where('id_col', 'in', updates.map((u) => u.id));
  }

  private byIds(table: WritableTable, updates: { id: number; row: Record<string, unknown> }[]) {
    if (!updates.length) throw new RangeError(`No ${table} rows to update`);
    const rows = updates.map((update) => ({ id: update.id, row: this.dated(table, update.row) }));
    const fields = [...new Set(rows.flatMap((update) => Object.keys(update.row)))];
    return Object.fromEntries(
      fields.map((field) => {
        const rule = (FIELD_RULES[table] as Record<string, FieldRule>)[field];
        const cases = rows.filter((update) => field in update.row).map((update) => sql`when ${update.id} then ${this.typed(rule, update.row[field])}`);
        return [field, sql`case ${sql.ref('id_col')} ${sql.join(cases, sql` `)} else ${sql.ref(field)} end`];
      }),
    );
  }

  /** A value typed for its column, so neither server guesses the type of a CASE branch. */
  private typed(rule: FieldRule | undefined, value: unknown) {
    if (rule?.type === 'money') return sql`cast(${value} as numeric(16,4))`;
    if (rule?.type === 'date') return this.dialect === 'mssql' ? sql`cast(${value} as datetime)` : sql`cast(${value} as timestamp)`;
    if (rule?.type === 'numeric') return sql`cast(${value} as numeric(${sql.lit(rule.precision)},${sql.lit(rule.scale)}))`;
    return this.dialect === 'mssql' ? sql`${value}` : sql`cast(${value} as text)`;
  }

  updateCustomer(id: number, row: Record<string, unknown>) {
    return this.db.updateTable('arcust').set(this.dated('arcust', row) as Updateable<SageProDatabase['arcust']>).where('id_col', '=', id);
  }

  updateOrder(id: number, row: { orderstat: string }) {
    return this.db.updateTable('somast').set(row).where('id_col', '=', id);
  }

  // ---- Customers -------------------------------------------------------------------------------

  /**
   * Text compared trimmed and case-insensitively. A memo (arcust.email) is cast first on SQL Server,
   * whose `text` type takes no string functions; the value compared is trimmed and lower-cased here.
   */
  private folded(column: 'email' | 'company', memo: boolean) {
    const value = memo && this.dialect === 'mssql' ? sql`cast(${sql.ref(column)} as nvarchar(max))` : sql.ref(column);
    return sql<string>`lower(ltrim(rtrim(${value})))`;
  }

  /** Customers by custno (as stored, upper case), e-mail or company name; first id_col first. */
  customers(query: CustomerQuery) {
    const found = this.from('arcust').select(CUSTOMER_RECORD_FIELDS);
    const where =
      'custno' in query
        ? found.where('custno', '=', sageKey('custno', query.custno))
        : 'email' in query
          ? found.where(this.folded('email', true), '=', query.email.trim().toLowerCase())
          : found.where(this.folded('company', false), '=', query.company.trim().toLowerCase());
    return where.orderBy('custno').orderBy('id_col');
  }

  /** A customer's record, locked (the first id_col first). */
  lockCustomerRecord(custno: string) {
    return this.locked(this.from('arcust', true).select(CUSTOMER_RECORD_FIELDS).where('custno', '=', sageKey('custno', custno)).orderBy('id_col'));
  }

  /** The customers carrying a Settle reference in arcust.comment (`<Settle …>`). */
  customersByReference(reference: string) {
    return this.from('arcust').select(CUSTOMER_RECORD_FIELDS).where('comment', 'like', settleMarkerPattern(reference)).orderBy('id_col');
  }

  /** custnos beginning with a prefix of A-Z and 0-9 (so nothing in it is a LIKE wildcard). */
  custnosStartingWith(prefix: string) {
    if (!/^[A-Z0-9]{1,6}$/.test(prefix)) throw new RangeError(`Not a custno prefix: ${JSON.stringify(prefix)}`);
    return this.from('arcust').select(['custno']).where('custno', 'like', `${prefix}%`);
  }

  /** The company's base currency (syccomp.currid), read without a lock: Settle never writes it. */
  companyCurrency(compid: string) {
    return this.from('syccomp').select(['currid']).where('compid', '=', sageKey('compid', compid)).orderBy('id_col');
  }

  /** The company's SYCCOMP record, locked: Settle's customer creations queue on it (it is never written). */
  lockCompany(compid: string) {
    return this.locked(this.from('syccomp', true).select(['id_col', 'compid', 'currid']).where('compid', '=', sageKey('compid', compid)).orderBy('id_col'));
  }

  insertCustomer(row: Record<string, unknown>) {
    return this.db.insertInto('arcust').values(this.dated('arcust', row) as Insertable<SageProDatabase['arcust']>);
  }

  // ---- Sales orders ------------------------------------------------------------------------------

  /** Orders carrying a Settle reference in somast.notes (`<Settle …>`), anywhere in the memo. */
  ordersByReference(reference: string) {
    return this.from('somast').select(ORDER_FIELDS).where('notes', 'like', settleMarkerPattern(reference)).orderBy('id_col');
  }

  ordersByNumber(sono: string | number) {
    return this.from('somast').select(ORDER_FIELDS).where('sono', 'in', keySpellings('sono', sono)).orderBy('id_col');
  }

  /** Which of these order numbers somast already holds (either spelling). */
  orderNumbersIn(numbers: number[]) {
    return this.from('somast').select(['sono']).where('sono', 'in', numbers.flatMap((n) => keySpellings('sono', n)));
  }

  /** An order's lines; `sono` as stored. */
  orderLines(sono: string) {
    return this.from('sotran').select(ORDER_LINE_FIELDS).where('sono', '=', sono).orderBy('tranlineno').orderBy('id_col');
  }

  /** SYSDATA 'SO<compid>': int1 = last sales order number; rows whose pass2 starts with 'D' are skipped. */
  lockOrderCounter(sysid: string) {
    return this.locked(this.from('sysdata', true).select(['id_col', 'int1', 'pass2']).where('sysid', '=', sageKey('sysid', sysid)).orderBy('id_col'));
  }

  updateOrderCounter(id: number, int1: number) {
    return this.db.updateTable('sysdata').set({ int1 }).where('id_col', '=', id);
  }

  /** The item master records of these items. */
  items(items: string[]) {
    return this.from('icitem')
      .select(['id_col', 'item', 'itmdesc', 'umeasur', 'stkcode', 'stdcost', 'itemstat'])
      .where('item', 'in', items.map((item) => sageKey('item', item)))
      .orderBy('id_col');
  }

  /** The items' records at these locations (iciloc), locked in id order. */
  lockLocations(keys: StockKey[]) {
    return this.locked(
      this.from('iciloc', true)
        .select(['id_col', 'item', 'loctid', 'lonhand', 'lsoaloc', 'icacct'])
        .where((eb) => eb.or(keys.map((key) => eb.and([eb('item', '=', sageKey('item', key.item)), eb('loctid', '=', sageKey('loctid', key.loctid))]))))
        .orderBy('id_col'),
    );
  }

  /** The items' bins at these locations (iciqty), locked in id order. */
  lockBins(keys: StockKey[]) {
    return this.locked(
      this.from('iciqty', true)
        .select(['id_col', 'item', 'loctid', 'qonhand', 'qsoaloc'])
        .where((eb) => eb.or(keys.map((key) => eb.and([eb('item', '=', sageKey('item', key.item)), eb('loctid', '=', sageKey('loctid', key.loctid))]))))
        .orderBy('id_col'),
    );
  }

  updateLocation(id: number, row: { lsoaloc?: string | number }) {
    return this.db.updateTable('iciloc').set(row as Updateable<SageProDatabase['iciloc']>).where('id_col', '=', id);
  }

  updateBin(id: number, row: { qsoaloc?: string | number }) {
    return this.db.updateTable('iciqty').set(row as Updateable<SageProDatabase['iciqty']>).where('id_col', '=', id);
  }

  insertOrder(row: Record<string, unknown>) {
    return this.db.insertInto('somast').values(this.dated('somast', row) as Insertable<SageProDatabase['somast']>);
  }

  insertOrderLines(rows: Record<string, unknown>[]) {
    return this.db.insertInto('sotran').values(rows.map((row) => this.dated('sotran', row)) as Insertable<SageProDatabase['sotran']>[]);
  }

  insertOrderAddress(row: Record<string, unknown>) {
    return this.db.insertInto('soaddr').values(this.dated('soaddr', row) as Insertable<SageProDatabase['soaddr']>);
  }

  /** Dates in the row as the dialect's date text. */
  private dated(table: WritableTable, row: Record<string, unknown>): Record<string, unknown> {
    const out = { ...row };
    for (const field of dateFields(table)) if (typeof out[field] === 'string') out[field] = this.date(out[field] as string);
    return out;
  }
}
