/**
 * Read-only views of a sandbox Sage Pro company for the portal: plain SQL through Kysely over the
 * caller's pg.Pool (the viewer never ends it). Keys come back trimmed, money as integer cents with its
 * currency, dates as YYYY-MM-DD or null for Sage Pro's empty date.
 */
import { Kysely, PostgresDialect, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';
import { companySchema, normalizeCompid, SYSTEM_SCHEMA } from './company-schema.js';
import { isEmptyDate, moneyCents } from './fixed-width.js';

export type ViewerDb = Kysely<unknown>;

/** A Kysely instance over `pool`. Do not call destroy() on it: that would end the caller's pool. */
export function openSageProViewer(pool: pg.Pool): ViewerDb {
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
}

export interface ListOptions {
  /** At most this many rows (default 1000). */
  limit?: number;
}

export interface ViewerCompany {
  compid: string;
  name: string;
  currency: string;
}

export async function listCompanies(db: ViewerDb): Promise<ViewerCompany[]> {
  const { rows } = await sql<{ compid: string; compname: string; currid: string }>`
    SELECT compid, compname, currid FROM ${table(SYSTEM_SCHEMA, 'syccomp')} ORDER BY compid`.execute(db);
  return rows.map((row) => ({ compid: row.compid.trim(), name: row.compname.trim(), currency: row.currid.trim() }));
}

export interface ViewerCustomer {
  custno: string;
  company: string;
  contact: string;
  city: string;
  state: string;
  phone: string;
  terms: string;
  currency: string;
  balance: number;
  creditLimit: number;
  onCreditHold: boolean;
  active: boolean;
  lastPayment: string | null;
}

export async function listCustomers(db: ViewerDb, compid: string, options: ListOptions = {}): Promise<ViewerCustomer[]> {
  const { rows } = await sql<Record<string, string>>`
    SELECT custno, company, contact, city, addrstate, phone, pterms, currency, balance, credlimit, credstat, custstat,
           to_char(lastpay, 'YYYY-MM-DD') AS lastpay
      FROM ${table(companySchema(compid), 'arcust')}
     ORDER BY custno, id_col
     LIMIT ${limitOf(options)}`.execute(db);
  return rows.map((row) => ({
    custno: row.custno.trim(),
    company: row.company.trim(),
    contact: row.contact.trim(),
    city: row.city.trim(),
    state: row.addrstate.trim(),
    phone: row.phone.trim(),
    terms: row.pterms.trim(),
    currency: row.currency.trim(),
    balance: moneyCents(row.balance),
    creditLimit: moneyCents(row.credlimit),
    onCreditHold: row.credstat.trim() === 'H',
    active: row.custstat.trim() !== 'I',
    lastPayment: dateOf(row.lastpay),
  }));
}

export interface ViewerInvoice {
  invno: string;
  custno: string;
  company: string;
  invoiceDate: string | null;
  salesOrder: string;
  currency: string;
  amount: number;
  paid: number;
  balance: number;
  lastPayment: string | null;
}

/** Open AR as Sage Pro reports it: not void ('V', 'X') and a balance left. */
export async function listOpenInvoices(db: ViewerDb, compid: string, options: ListOptions & { custno?: string } = {}): Promise<ViewerInvoice[]> {
  const schema = companySchema(compid);
  const { rows } = await sql<Record<string, string>>`
    SELECT m.invno, m.custno, coalesce(c.company, '') AS company, to_char(m.invdte, 'YYYY-MM-DD') AS invdte, m.ornum,
           m.currid, m.invamt, m.paidamt, m.balance, to_char(m.dtepaid, 'YYYY-MM-DD') AS dtepaid
      FROM ${table(schema, 'armast')} m
      LEFT JOIN LATERAL (SELECT company FROM ${table(schema, 'arcust')} c WHERE c.custno = m.custno ORDER BY c.id_col LIMIT 1) c ON true
     WHERE m.arstat NOT IN ('V', 'X') AND m.balance <> 0
       ${options.custno ? sql`AND m.custno = ${options.custno.trim()}` : sql``}
     ORDER BY m.invno, m.id_col
     LIMIT ${limitOf(options)}`.execute(db);
  return rows.map((row) => ({
    invno: row.invno.trim(),
    custno: row.custno.trim(),
    company: row.company.trim(),
    invoiceDate: dateOf(row.invdte),
    salesOrder: row.ornum.trim(),
    currency: row.currid.trim(),
    amount: moneyCents(row.invamt),
    paid: moneyCents(row.paidamt),
    balance: moneyCents(row.balance),
    lastPayment: dateOf(row.dtepaid),
  }));
}

export interface ViewerReceipt {
  id: number;
  custno: string;
  invno: string;
  reference: string;
  paidOn: string | null;
  currency: string;
  paid: number;
  discount: number;
  session: string;
}

export async function listReceipts(db: ViewerDb, compid: string, options: ListOptions & { custno?: string; invno?: string } = {}): Promise<ViewerReceipt[]> {
  const { rows } = await sql<Record<string, string>>`
    SELECT id_col, custno, invno, refno, to_char(dtepaid, 'YYYY-MM-DD') AS dtepaid, currid, paidamt, disamt, arsess
      FROM ${table(companySchema(compid), 'arcash')}
     WHERE true
       ${options.custno ? sql`AND custno = ${options.custno.trim()}` : sql``}
       ${options.invno ? sql`AND ltrim(invno) = ${options.invno.trim()}` : sql``}
     ORDER BY dtepaid DESC, id_col DESC
     LIMIT ${limitOf(options)}`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id_col),
    custno: row.custno.trim(),
    invno: row.invno.trim(),
    reference: row.refno.trim(),
    paidOn: dateOf(row.dtepaid),
    currency: row.currid.trim(),
    paid: moneyCents(row.paidamt),
    discount: moneyCents(row.disamt),
    session: row.arsess.trim(),
  }));
}

export interface ViewerDistribution {
  id: number;
  tranno: string;
  custno: string;
  account: string;
  accountName: string;
  description: string;
  /** Debit positive, credit negative. */
  amount: number;
  currency: string;
  date: string | null;
  session: string;
  glBatch: string;
}

export async function listDistributions(db: ViewerDb, compid: string, options: ListOptions & { tranno?: string } = {}): Promise<ViewerDistribution[]> {
  const schema = companySchema(compid);
  const { rows } = await sql<Record<string, string>>`
    SELECT d.id_col, d.tranno, d.custno, d.glacnt, coalesce(g.gldesc, '') AS gldesc, d.descrip, d.amount,
           to_char(d.trandte, 'YYYY-MM-DD') AS trandte, d.arsess, d.glbatch,
           coalesce((SELECT currid FROM ${table(SYSTEM_SCHEMA, 'syccomp')} WHERE compid = ${normalizeCompid(compid)} ORDER BY id_col LIMIT 1), '') AS currid
      FROM ${table(schema, 'ardist')} d
      LEFT JOIN LATERAL (SELECT gldesc FROM ${table(schema, 'glacnt')} g WHERE g.glacnt = d.glacnt ORDER BY g.id_col LIMIT 1) g ON true
     WHERE true
       ${options.tranno ? sql`AND ltrim(d.tranno) = ${options.tranno.trim()}` : sql``}
     ORDER BY d.trandte DESC, d.id_col DESC
     LIMIT ${limitOf(options)}`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id_col),
    tranno: row.tranno.trim(),
    custno: row.custno.trim(),
    account: row.glacnt.trim(),
    accountName: row.gldesc.trim(),
    description: row.descrip.trim(),
    amount: moneyCents(row.amount),
    currency: row.currid.trim(),
    date: dateOf(row.trandte),
    session: row.arsess.trim(),
    glBatch: row.glbatch.trim(),
  }));
}

export interface ViewerOrder {
  sono: string;
  custno: string;
  company: string;
  orderDate: string | null;
  dueDate: string | null;
  /** sostat: '' open, 'C' closed, 'V' void. */
  status: string;
  /** sotype: '' regular, 'B' bid, 'R' return. */
  type: string;
  orderStatus: string;
  ponum: string;
  currency: string;
  amount: number;
  shipped: number;
  lines: number;
}

export async function listOrders(db: ViewerDb, compid: string, options: ListOptions = {}): Promise<ViewerOrder[]> {
  const schema = companySchema(compid);
  const { rows } = await sql<Record<string, string>>`
    SELECT s.sono, s.custno, coalesce(c.company, '') AS company, to_char(s.sodate, 'YYYY-MM-DD') AS sodate,
           to_char(s.ordate, 'YYYY-MM-DD') AS ordate, s.sostat, s.sotype, s.orderstat, s.ponum, s.currid, s.ordamt, s.shpamt,
           (SELECT count(*) FROM ${table(schema, 'sotran')} t WHERE t.sono = s.sono) AS lines
      FROM ${table(schema, 'somast')} s
      LEFT JOIN LATERAL (SELECT company FROM ${table(schema, 'arcust')} c WHERE c.custno = s.custno ORDER BY c.id_col LIMIT 1) c ON true
     ORDER BY s.sono DESC, s.id_col DESC
     LIMIT ${limitOf(options)}`.execute(db);
  return rows.map((row) => ({
    sono: row.sono.trim(),
    custno: row.custno.trim(),
    company: row.company.trim(),
    orderDate: dateOf(row.sodate),
    dueDate: dateOf(row.ordate),
    status: row.sostat.trim(),
    type: row.sotype.trim(),
    orderStatus: row.orderstat.trim(),
    ponum: row.ponum.trim(),
    currency: row.currid.trim(),
    amount: moneyCents(row.ordamt),
    shipped: moneyCents(row.shpamt),
    lines: Number(row.lines),
  }));
}

export interface ViewerStock {
  item: string;
  description: string;
  location: string;
  onHand: number;
  allocated: number;
  available: number;
  price: number;
}

export async function listStock(db: ViewerDb, compid: string, options: ListOptions = {}): Promise<ViewerStock[]> {
  const schema = companySchema(compid);
  const { rows } = await sql<Record<string, string>>`
    SELECT l.item, coalesce(i.itmdesc, '') AS itmdesc, l.loctid, l.lonhand, l.lsoaloc, coalesce(i.price, 0) AS price
      FROM ${table(schema, 'iciloc')} l
      LEFT JOIN LATERAL (SELECT itmdesc, price FROM ${table(schema, 'icitem')} i WHERE i.item = l.item ORDER BY i.id_col LIMIT 1) i ON true
     ORDER BY l.item, l.loctid, l.id_col
     LIMIT ${limitOf(options)}`.execute(db);
  return rows.map((row) => ({
    item: row.item.trim(),
    description: row.itmdesc.trim(),
    location: row.loctid.trim(),
    onHand: Number(row.lonhand),
    allocated: Number(row.lsoaloc),
    available: Number(row.lonhand) - Number(row.lsoaloc),
    price: moneyCents(row.price),
  }));
}

function table(schema: string, name: string): RawBuilder<unknown> {
  return sql.id(schema, name);
}

function limitOf(options: ListOptions): number {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new RangeError(`limit must be an integer from 1 to 10000, got ${limit}`);
  return limit;
}

function dateOf(value: string | null): string | null {
  return value === null || isEmptyDate(value) ? null : value;
}
