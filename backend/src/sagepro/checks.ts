/**
 * Checks of what Settle asks for, before any statement is sent: keys that fit their fields, payments
 * in whole minor units of an ISO 4217 currency, dates that exist. Each failure is a PermanentSageProError naming
 * the Sage Pro field the value was meant for.
 */
import type { IncomingPayment, InvoiceQuery } from './company.js';
import { isIsoCurrency } from '../platform/money/currencies.js';
import { isIsoDate } from './dates.js';
import { PermanentSageProError, validationError } from './errors.js';
import { type SageRow, validateWrite } from './field-rules.js';
import { KEYS, type KeyName, trimKey } from './keys.js';
import { sageExponent } from './money.js';
import { CREDIT_TYPES } from './queries.js';
import { checkPayment } from './receipt-plan.js';
import { isVoid } from './records.js';

/** The one live invoice with this number. */
export function liveInvoice<R extends { invno: string; arstat: string; artype: string }>(rows: R[], invno: string): R {
  const live = rows.filter((row) => !isVoid(row) && !CREDIT_TYPES.includes(trimKey(row.artype)));
  if (live.length === 1) return live[0];
  if (live.length > 1) throw new PermanentSageProError('invoice_ambiguous', `${live.length} live invoices are numbered ${invno}`, 'armast.invno', invno);
  if (rows.some(isVoid)) throw new PermanentSageProError('invoice_void', `Invoice ${invno} was voided`, 'armast.arstat', 'V');
  throw new PermanentSageProError('invoice_not_found', `No invoice ${invno} in armast`, 'armast.invno', invno);
}

/** A key that fits its field, else a validation error naming the field. */
export function requireKey(name: KeyName, value: string, field: string): void {
  const text = String(value ?? '').trim();
  if (!text || text.length > KEYS[name].width) throw validationError(field, value, `char(${KEYS[name].width}): 1 to ${KEYS[name].width} characters`);
}

export function checkIncoming(payment: IncomingPayment): void {
  checkCurrencyCode(payment.currency, 'currency');
  checkPayment(payment);
  validateWrite('arcash', { refno: payment.reference, dtepaid: payment.date, ...(payment.cashAccount !== undefined ? { cashacct: payment.cashAccount } : {}) } satisfies SageRow<'arcash'>);
}

/** An ISO 4217 code Sage Pro money can hold, else a validation error naming `field`. */
export function checkCurrencyCode(code: string, field: string): void {
  if (!isIsoCurrency(code)) throw validationError(field, code, 'an ISO 4217 currency code such as USD');
  try {
    sageExponent(code);
  } catch (error) {
    throw validationError(field, code, (error as Error).message);
  }
}

/**
 * The currency the payment is written in: the one Sage Pro keeps on the item, else the customer,
 * else (all blank) the books' currency, the tenant's base currency. A payment in any other currency
 * is never written at face value (¥1,200 is not $1,200): it is a validation error naming `currency`
 * until Settle converts currencies.
 */
export function currencyOf(paymentCurrency: string, sageCurrencies: string[], booksCurrency: string): string {
  const sage = sageCurrencies.map(trimKey).find(Boolean);
  const kept = sage ?? booksCurrency;
  if (kept !== paymentCurrency) {
    const whose = sage ? `the document's currency ${sage}` : `the books' currency ${booksCurrency} (Sage Pro keeps none on the document or customer)`;
    throw new PermanentSageProError('validation', `Payment in ${paymentCurrency}, not ${whose}: Settle does not convert currencies`, 'currency', paymentCurrency, whose);
  }
  return kept;
}

export function checkInvoiceQuery(query: InvoiceQuery): void {
  if ('invno' in query) return requireKey('invno', query.invno, 'armast.invno');
  if ('sono' in query) return requireKey('sono', query.sono, 'armast.ornum');
  if ('ponum' in query) {
    requireKey('ponum', query.ponum, 'armast.ponum');
    if (query.custno !== undefined) requireKey('custno', query.custno, 'armast.custno');
    return;
  }
  requireKey('custno', query.custno, 'armast.custno');
  if (query.currency !== undefined) checkCurrencyCode(query.currency, 'currency');
  if (!Number.isSafeInteger(query.amountCents)) throw validationError('armast.balance', query.amountCents, 'a whole number of minor units');
  const tolerance = query.toleranceCents;
  if (tolerance !== undefined && !(Number.isSafeInteger(tolerance) && tolerance >= 0 && Number.isSafeInteger(query.amountCents + tolerance))) {
    throw validationError('armast.balance', tolerance, 'a tolerance of zero or more whole minor units');
  }
  for (const date of [query.from, query.to]) if (!isIsoDate(date)) throw validationError('armast.invdte', date, 'date: YYYY-MM-DD');
}
