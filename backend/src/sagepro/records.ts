/**
 * Sage Pro rows as read (padded keys, driver-typed money and dates) → the connector's domain
 * objects, and the checks that only need a row: user locks, voids, credit hold.
 */
import type { Selectable } from 'kysely';
import type { CashLine, OpenInvoice } from './company.js';
import type { ArcashTable, ArcustTable, ArmastTable } from './database.js';
import { fromSageDate, type SqlDialect } from './dates.js';
import { PermanentSageProError, TransientSageProError } from './errors.js';
import { trimKey } from './keys.js';
import { sageMoneyToCents } from './money.js';
import { VOID_STATUSES } from './queries.js';
import type { ArItem, CustomerAccount } from './receipt-plan.js';

type ItemRow = Pick<Selectable<ArmastTable>, 'id_col' | 'invno' | 'custno' | 'invdte' | 'artype' | 'arstat' | 'ornum' | 'ponum' | 'invamt' | 'paidamt' | 'disamt' | 'balance' | 'bbal' | 'currid' | 'glarec'>;
type CustomerRow = Pick<Selectable<ArcustTable>, 'id_col' | 'custno' | 'aracct' | 'balance' | 'lastpay'>;
export type CashRow = Pick<Selectable<ArcashTable>, 'custno' | 'invno' | 'refno' | 'dtepaid' | 'paidamt' | 'disamt' | 'arsess' | 'cashacct'>;

/** Money of a named field: a fraction of a cent is a Permanent validation error naming the field. */
export function cents(value: string | number, field: string): number {
  try {
    return sageMoneyToCents(value);
  } catch (error) {
    throw new PermanentSageProError('validation', `${field}: ${(error as Error).message}`, field, value, 'money in whole cents', { cause: error });
  }
}

export function openInvoiceOf(row: ItemRow, dialect: SqlDialect): OpenInvoice {
  return {
    invno: trimKey(row.invno),
    custno: trimKey(row.custno),
    invoiceDate: fromSageDate(row.invdte, dialect),
    sono: trimKey(row.ornum) || null,
    ponum: trimKey(row.ponum),
    amountCents: cents(row.invamt, 'armast.invamt'),
    paidCents: cents(row.paidamt, 'armast.paidamt'),
    balanceCents: cents(row.balance, 'armast.balance'),
    currency: trimKey(row.currid),
  };
}

export function arItemOf(row: ItemRow, fallbackArAccount: string): ArItem {
  return {
    id: row.id_col,
    invno: row.invno,
    custno: row.custno,
    artype: trimKey(row.artype),
    balanceCents: cents(row.balance, 'armast.balance'),
    baseBalanceCents: cents(row.bbal, 'armast.bbal'),
    paidCents: cents(row.paidamt, 'armast.paidamt'),
    discountCents: cents(row.disamt, 'armast.disamt'),
    arAccount: trimKey(row.glarec) || fallbackArAccount,
  };
}

export function customerAccountOf(row: CustomerRow, dialect: SqlDialect): CustomerAccount {
  return { id: row.id_col, custno: row.custno, balanceCents: cents(row.balance, 'arcust.balance'), lastPaid: fromSageDate(row.lastpay, dialect) };
}

export function cashLineOf(row: CashRow, dialect: SqlDialect): CashLine {
  return {
    reference: trimKey(row.refno),
    custno: trimKey(row.custno),
    invno: trimKey(row.invno),
    paidCents: cents(row.paidamt, 'arcash.paidamt'),
    discountCents: cents(row.disamt, 'arcash.disamt'),
    date: fromSageDate(row.dtepaid, dialect),
    arsess: trimKey(row.arsess),
    cashAccount: trimKey(row.cashacct),
  };
}

export function isVoid(row: { arstat: string }): boolean {
  return VOID_STATUSES.includes(trimKey(row.arstat));
}

/** A record a Sage Pro user has open is never written: retry once they let go of it. */
export function ensureNotUserLocked(table: string, key: string, row: { lckstat: string; lckuser: string }): void {
  if (!trimKey(row.lckstat)) return;
  const user = trimKey(row.lckuser) || 'a Sage Pro user';
  throw new TransientSageProError('record_locked', `${table} ${trimKey(key)} is locked by ${user} (lckstat '${trimKey(row.lckstat)}')`);
}
