/**
 * Sage Pro rows as read (padded keys, driver-typed money and dates) → the connector's domain
 * objects, and the checks that only need a row: user locks, voids, credit hold.
 */
import type { Selectable } from 'kysely';
import type { CashLine, CustomerRecord, OpenInvoice, SalesOrder } from './company.js';
import type { ArcashTable, ArcustTable, ArmastTable, IcilocTable, IcitemTable, IciqtyTable, SomastTable, SotranTable } from './database.js';
import { fromSageDate, type SqlDialect } from './dates.js';
import { PermanentSageProError, TransientSageProError } from './errors.js';
import { trimKey } from './keys.js';
import { sageMoneyText, sageMoneyToMinor } from './money.js';
import type { StockBin, StockItem, StockLocation } from './order-plan.js';
import { hundredthsToNumber, quantityToHundredths } from './quantities.js';
import { referenceInText } from './references.js';
import { VOID_STATUSES } from './queries.js';
import type { ArItem, CustomerAccount } from './receipt-plan.js';

type ItemRow = Pick<Selectable<ArmastTable>, 'id_col' | 'invno' | 'custno' | 'invdte' | 'artype' | 'arstat' | 'ornum' | 'ponum' | 'invamt' | 'paidamt' | 'disamt' | 'balance' | 'bbal' | 'currid' | 'glarec'>;
type CustomerRow = Pick<Selectable<ArcustTable>, 'id_col' | 'custno' | 'aracct' | 'balance' | 'lastpay'>;
export type CashRow = Pick<Selectable<ArcashTable>, 'custno' | 'invno' | 'refno' | 'dtepaid' | 'paidamt' | 'disamt' | 'arsess' | 'cashacct'> & { currid?: string };

/**
 * Money of a named field in minor units of `currency` (the record's own currency, else the books'):
 * a fraction below the currency's minor unit, or a currency Settle cannot count in, is a Permanent
 * validation error naming the field.
 */
export function minor(value: string | number, field: string, currency: string): number {
  try {
    return sageMoneyToMinor(value, currency);
  } catch (error) {
    throw new PermanentSageProError('validation', `${field}: ${(error as Error).message}`, field, value, `money in whole ${currency} minor units`, { cause: error });
  }
}

/** The currency a record's money is in: its own code when Sage Pro keeps one, else the books' currency. */
export function currencyOfRecord(code: string | null | undefined, booksCurrency: string): string {
  return trimKey(code ?? '') || booksCurrency;
}

export function openInvoiceOf(row: ItemRow, dialect: SqlDialect, booksCurrency: string): OpenInvoice {
  const currency = currencyOfRecord(row.currid, booksCurrency);
  const cents = (value: string | number, field: string) => minor(value, field, currency);
  return {
    invno: trimKey(row.invno),
    custno: trimKey(row.custno),
    invoiceDate: fromSageDate(row.invdte, dialect),
    sono: trimKey(row.ornum) || null,
    ponum: trimKey(row.ponum),
    amountCents: cents(row.invamt, 'armast.invamt'),
    paidCents: cents(row.paidamt, 'armast.paidamt'),
    balanceCents: cents(row.balance, 'armast.balance'),
    currency,
  };
}

/** An AR item read under lock, its money in `currency` (the one the receipt is written in), bbal in the company's base currency. */
export function arItemOf(row: ItemRow, fallbackArAccount: string, currency: string, baseCurrency = currency): ArItem {
  const cents = (value: string | number, field: string) => minor(value, field, currency);
  return {
    id: row.id_col,
    invno: row.invno,
    custno: row.custno,
    artype: trimKey(row.artype),
    balanceCents: cents(row.balance, 'armast.balance'),
    baseBalanceCents: minor(row.bbal, 'armast.bbal', baseCurrency),
    paidCents: cents(row.paidamt, 'armast.paidamt'),
    discountCents: cents(row.disamt, 'armast.disamt'),
    arAccount: trimKey(row.glarec) || fallbackArAccount,
  };
}

export function customerAccountOf(row: CustomerRow, dialect: SqlDialect, currency: string): CustomerAccount {
  return { id: row.id_col, custno: row.custno, balanceCents: minor(row.balance, 'arcust.balance', currency), lastPaid: fromSageDate(row.lastpay, dialect) };
}

export function cashLineOf(row: CashRow, dialect: SqlDialect, booksCurrency: string): CashLine {
  const currency = currencyOfRecord(row.currid, booksCurrency);
  const cents = (value: string | number, field: string) => minor(value, field, currency);
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

export type CustomerRecordRow = Pick<
  Selectable<ArcustTable>,
  | 'id_col' | 'custno' | 'company' | 'contact' | 'title' | 'address1' | 'address2' | 'city' | 'addrstate' | 'zip' | 'country' | 'phone'
  | 'faxno' | 'email' | 'terr' | 'salesmn' | 'source' | 'type' | 'pterms' | 'pdisc' | 'pdays' | 'pnet' | 'currency' | 'aracct'
  | 'credlimit' | 'balance' | 'onorder' | 'credstat' | 'custstat' | 'comment' | 'lckstat' | 'lckuser'
>;

export function customerRecordOf(row: CustomerRecordRow, booksCurrency: string): CustomerRecord {
  const currency = currencyOfRecord(row.currency, booksCurrency);
  const cents = (value: string | number, field: string) => minor(value, field, currency);
  return {
    custno: trimKey(row.custno),
    company: trimKey(row.company),
    contact: trimKey(row.contact),
    title: trimKey(row.title),
    address: {
      line1: trimKey(row.address1),
      line2: trimKey(row.address2),
      city: trimKey(row.city),
      state: trimKey(row.addrstate),
      zip: trimKey(row.zip),
      country: trimKey(row.country),
    },
    phone: trimKey(row.phone),
    fax: trimKey(row.faxno),
    email: trimKey(row.email),
    currency: trimKey(row.currency),
    terms: { code: trimKey(row.pterms), discountPercent: Number(row.pdisc), discountDays: Number(row.pdays), netDays: Number(row.pnet) },
    salesperson: trimKey(row.salesmn),
    territory: trimKey(row.terr),
    type: trimKey(row.type),
    source: trimKey(row.source),
    arAccount: trimKey(row.aracct),
    creditLimitCents: cents(row.credlimit, 'arcust.credlimit'),
    balanceCents: cents(row.balance, 'arcust.balance'),
    onOrderCents: cents(row.onorder, 'arcust.onorder'),
    creditHold: trimKey(row.credstat) === 'H',
    active: trimKey(row.custstat) !== 'I',
    lockedBy: trimKey(row.lckstat) ? trimKey(row.lckuser) || 'a Sage Pro user' : null,
    reference: referenceInText(row.comment),
  };
}

/** A money value copied as Sage Pro holds it (an item's cost, in the company's currency), as canonical text. */
function moneyText(value: string | number, field: string): string {
  try {
    return sageMoneyText(value);
  } catch (error) {
    throw new PermanentSageProError('validation', `${field}: ${(error as Error).message}`, field, value, 'a Sage Pro money value', { cause: error });
  }
}

/** A quantity of a named field in hundredths: more than two decimals is a Permanent validation error. */
export function hundredths(value: string | number, field: string): number {
  try {
    return quantityToHundredths(value);
  } catch (error) {
    throw new PermanentSageProError('validation', `${field}: ${(error as Error).message}`, field, value, 'a quantity with at most 2 decimals', { cause: error });
  }
}

export function stockItemOf(row: Pick<Selectable<IcitemTable>, 'item' | 'itmdesc' | 'umeasur' | 'stkcode' | 'stdcost' | 'itemstat'>): StockItem {
  return {
    item: row.item,
    description: trimKey(row.itmdesc),
    umeasur: trimKey(row.umeasur),
    stocked: trimKey(row.stkcode).toUpperCase() !== 'N',
    active: trimKey(row.itemstat).toUpperCase() !== 'I',
    cost: moneyText(row.stdcost, 'icitem.stdcost'),
  };
}

export function stockLocationOf(row: Pick<Selectable<IcilocTable>, 'id_col' | 'item' | 'loctid' | 'lonhand' | 'lsoaloc' | 'icacct'>): StockLocation {
  return {
    id: row.id_col,
    item: row.item,
    loctid: row.loctid,
    onHand: hundredths(row.lonhand, 'iciloc.lonhand'),
    allocated: hundredths(row.lsoaloc, 'iciloc.lsoaloc'),
    inventoryAccount: trimKey(row.icacct),
  };
}

export function stockBinOf(row: Pick<Selectable<IciqtyTable>, 'id_col' | 'item' | 'loctid' | 'qonhand' | 'qsoaloc'>): StockBin {
  return { id: row.id_col, item: row.item, loctid: row.loctid, onHand: hundredths(row.qonhand, 'iciqty.qonhand'), allocated: hundredths(row.qsoaloc, 'iciqty.qsoaloc') };
}

export type OrderRow = Pick<Selectable<SomastTable>, 'id_col' | 'sono' | 'custno' | 'sostat' | 'orderstat' | 'ponum' | 'sodate' | 'ordamt' | 'currid' | 'notes'>;
export type OrderLineRow = Pick<Selectable<SotranTable>, 'tranlineno' | 'item' | 'loctid' | 'descrip' | 'origqtyord' | 'price' | 'origextpri'>;

export function salesOrderOf(order: OrderRow, lines: OrderLineRow[], dialect: SqlDialect, booksCurrency: string): SalesOrder {
  const currency = currencyOfRecord(order.currid, booksCurrency);
  const cents = (value: string | number, field: string) => minor(value, field, currency);
  return {
    sono: trimKey(order.sono),
    custno: trimKey(order.custno),
    reference: referenceInText(order.notes),
    ponum: trimKey(order.ponum),
    date: fromSageDate(order.sodate, dialect),
    sostat: trimKey(order.sostat),
    orderStatus: trimKey(order.orderstat),
    amountCents: cents(order.ordamt, 'somast.ordamt'),
    currency,
    lines: lines.map((line) => ({
      line: Number(line.tranlineno),
      item: trimKey(line.item),
      loctid: trimKey(line.loctid),
      description: trimKey(line.descrip),
      qty: hundredthsToNumber(hundredths(line.origqtyord, 'sotran.origqtyord')),
      priceCents: cents(line.price, 'sotran.price'),
      amountCents: cents(line.origextpri, 'sotran.origextpri'),
    })),
  };
}
