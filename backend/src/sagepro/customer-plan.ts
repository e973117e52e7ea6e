/**
 * Customers (ARCUST), decided before anything is written:
 * - custno rules: Sage Pro keys customers by `custno` C(6), upper case (VFP's `!` input mask),
 *   left-justified (the CHAR column pads it). Settle writes only A-Z, 0-9 and '-', a letter or digit
 *   first, and never cuts a custno to fit;
 * - the next customer number when the caller gives none (nextCustomerNumber);
 * - the ARCUST row of a new customer and the fields an update changes, each checked against the
 *   field's width and type (validateWrite), so an error names `arcust.<field>`, the value and the rule.
 */
import type { CustomerChanges, CustomerQuery, CustomerRecord, NewCustomer } from './company.js';
import { isIsoDate } from './dates.js';
import { validationError } from './errors.js';
import { type SageRow, validateWrite } from './field-rules.js';
import { sageKey } from './keys.js';
import { isIsoCurrency } from '../platform/money/currencies.js';
import { minorToSageMoney, SAGE_MONEY_RULE } from './money.js';
import { SETTLE_REFERENCE, settleMarker } from './references.js';

export const CUSTNO = /^[A-Z0-9][A-Z0-9-]{0,5}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const CURRENCY = /^[A-Z]{3}$/;

/** A custno Settle writes: trimmed, upper-cased, 1-6 of A-Z, 0-9 and '-' (letter or digit first). */
export function normalizeCustno(custno: string): string {
  const key = String(custno ?? '').trim().toUpperCase();
  if (!CUSTNO.test(key)) {
    throw validationError('arcust.custno', custno, "custno: 1 to 6 characters of A-Z, 0-9 and '-', starting with a letter or digit");
  }
  return key;
}

/**
 * A custno to look up: trimmed and upper-cased (Sage Pro keeps custnos in upper case), 1-6 characters.
 * Looser than normalizeCustno, because a customer a person created may use other characters.
 */
export function customerKey(custno: string, field = 'arcust.custno'): string {
  const key = String(custno ?? '').trim().toUpperCase();
  if (!key || key.length > 6) throw validationError(field, custno, 'char(6): 1 to 6 characters');
  return key;
}

/** The first three letters or digits of the company name, upper case ('Acme Hardware' → 'ACM'). */
export function customerPrefix(company: string): string {
  const letters = company.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!letters) return 'CUS';
  return letters.slice(0, 3).padEnd(3, 'X');
}

/**
 * The custno for a new customer when the caller gives none: the company's prefix (customerPrefix)
 * and a three-digit number one above the highest already used with that prefix, from 100:
 * 'Acme Hardware' → ACM100, then ACM101, … ACM999 (the sandbox's own customers look like that).
 * Numbers are never reused: a deleted customer's number may still be in Sage Pro's history tables.
 * `taken` holds the custnos that start with the prefix (trimmed or padded).
 */
export function nextCustomerNumber(company: string, taken: readonly string[]): string {
  const prefix = customerPrefix(company);
  const used = taken
    .map((custno) => custno.trim().toUpperCase())
    .filter((custno) => custno.startsWith(prefix) && /^\d{3}$/.test(custno.slice(prefix.length)))
    .map((custno) => Number(custno.slice(prefix.length)));
  const next = Math.max(99, ...used) + 1;
  if (next > 999) {
    throw validationError('arcust.custno', prefix, `a custno given by the caller: ${prefix}100 to ${prefix}999 are all taken`);
  }
  return `${prefix}${next}`;
}

/** Who writes and when: Sage Pro's adduser / adddate / addtime. */
export interface Stamp {
  user: string;
  date: string;
  time: string;
}

/**
 * The ARCUST row of a new customer; throws a validation error naming `arcust.<field>`. `currency` is
 * the company's (syccomp.currid, maybe blank); money is in the customer's currency, else the books'.
 */
export function newCustomerRow(customer: NewCustomer, custno: string, currency: string, stamp: Stamp, booksCurrency: string): SageRow<'arcust'> {
  checkReference(customer.reference, 'arcust.comment');
  if (!String(customer.company ?? '').trim()) throw validationError('arcust.company', customer.company, 'a company name');
  const customerCurrency = customer.currency === undefined ? currency : checkCurrency(customer.currency);
  const moneyCurrency = customerCurrency.trim() || booksCurrency;
  const row: SageRow<'arcust'> = {
    custno: sageKey('custno', normalizeCustno(custno)),
    company: '', contact: '', title: '', address1: '', address2: '', city: '', addrstate: '', zip: '', country: '', phone: '', faxno: '',
    email: '', terr: '', salesmn: '', source: '', type: '', pterms: '', pdisc: '0.000', pdays: 0, pnet: 0, aracct: '', credlimit: minorToSageMoney(0, moneyCurrency),
    ...customerFields(customer, moneyCurrency),
    currency: customerCurrency,
    credstat: '',
    custstat: '',
    comment: settleMarker(customer.reference.trim()),
    entered: stamp.date,
    adduser: stamp.user,
    adddate: stamp.date,
    addtime: stamp.time,
  };
  validateWrite('arcust', row);
  return row;
}

/**
 * The ARCUST fields an update changes (empty: the customer already says so). Currency only changes
 * while the customer owes nothing: open items stay in the currency they were written in.
 */
export function planCustomerUpdate(current: CustomerRecord, changes: CustomerChanges, booksCurrency: string): SageRow<'arcust'> {
  if ('reference' in changes || 'custno' in changes) {
    throw validationError('arcust.custno', (changes as { custno?: unknown }).custno, 'not changed by Settle (nor the Settle reference)');
  }
  const kept = current.currency || booksCurrency;
  const wanted = customerFields(changes, changes.currency ? checkCurrency(changes.currency) : kept);
  const now = customerFields(recordAsChanges(current), kept, false);
  const row: SageRow<'arcust'> = {};
  for (const [field, value] of Object.entries(wanted) as [keyof SageRow<'arcust'>, string | number][]) {
    if (String(value) !== String(now[field])) row[field] = value;
  }
  if (row.currency !== undefined && current.balanceCents !== 0) {
    throw validationError('arcust.currency', changes.currency, `unchanged while the customer's balance is not zero (${current.balanceCents} ${kept} minor units)`);
  }
  validateWrite('arcust', row);
  return row;
}

export function checkReference(reference: string, field: string): void {
  if (typeof reference !== 'string' || !SETTLE_REFERENCE.test(reference.trim())) {
    throw validationError(field, reference, "a Settle reference: 1 to 40 of A-Z, a-z, 0-9 and . : / # -, starting with a letter or digit");
  }
}

function checkCurrency(currency: string): string {
  const code = String(currency ?? '').trim();
  if (!CURRENCY.test(code) || !isIsoCurrency(code)) throw validationError('arcust.currency', currency, 'an ISO 4217 currency code (3 capital letters)');
  return code;
}

/**
 * The fields of the given values only, trimmed. `check`: refuse values Sage Pro's fields cannot mean
 * (off for the values a customer already has, which a person may have typed any way).
 */
function customerFields(input: CustomerChanges, moneyCurrency: string, check = true): SageRow<'arcust'> {
  const row: SageRow<'arcust'> = {};
  const text = (field: keyof SageRow<'arcust'>, value: string | undefined) => {
    if (value === undefined) return;
    if (typeof value !== 'string') throw validationError(`arcust.${field}`, value, 'text');
    row[field] = value.trim();
  };
  const number = check ? checkedNumber : (_field: string, value: number, _min: number, _max: number, _decimals: number) => value;
  text('company', input.company);
  if (check && input.company !== undefined && !String(input.company).trim()) throw validationError('arcust.company', input.company, 'a company name');
  text('contact', input.contact);
  text('title', input.title);
  text('address1', input.address?.line1);
  text('address2', input.address?.line2);
  text('city', input.address?.city);
  text('addrstate', input.address?.state);
  text('zip', input.address?.zip);
  text('country', input.address?.country);
  text('phone', input.phone);
  text('faxno', input.fax);
  text('email', input.email);
  if (check && row.email && !EMAIL.test(String(row.email))) throw validationError('arcust.email', input.email, 'an e-mail address');
  text('salesmn', input.salesperson);
  text('terr', input.territory);
  text('type', input.type);
  text('source', input.source);
  text('aracct', input.arAccount);
  if (input.currency !== undefined) row.currency = check ? checkCurrency(input.currency) : input.currency;
  if (input.terms) {
    text('pterms', input.terms.code);
    // Fractional numerics travel as decimal text (as money does), so SQL Server never sees a float.
    if (input.terms.discountPercent !== undefined) row.pdisc = number('arcust.pdisc', input.terms.discountPercent, 0, 100, 3).toFixed(3);
    if (input.terms.discountDays !== undefined) row.pdays = number('arcust.pdays', input.terms.discountDays, 0, 999, 0);
    if (input.terms.netDays !== undefined) row.pnet = number('arcust.pnet', input.terms.netDays, 0, 999, 0);
  }
  if (input.creditLimitCents !== undefined) {
    if (check && !Number.isSafeInteger(input.creditLimitCents) || input.creditLimitCents < 0) {
      throw validationError('arcust.credlimit', input.creditLimitCents, `a whole number of ${moneyCurrency} minor units, not negative`);
    }
    try {
      row.credlimit = minorToSageMoney(input.creditLimitCents, moneyCurrency);
    } catch {
      throw validationError('arcust.credlimit', input.creditLimitCents, SAGE_MONEY_RULE);
    }
  }
  return row;
}

function checkedNumber(field: string, value: number, min: number, max: number, decimals: number): number {
  const scaled = value * 10 ** decimals;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || Math.abs(scaled - Math.round(scaled)) > 1e-9) {
    throw validationError(field, value, `a number from ${min} to ${max} with at most ${decimals} decimals`);
  }
  return value;
}

function recordAsChanges(record: CustomerRecord): CustomerChanges {
  return {
    company: record.company, contact: record.contact, title: record.title, address: record.address, phone: record.phone, fax: record.fax,
    email: record.email, currency: record.currency || undefined, terms: record.terms, salesperson: record.salesperson,
    territory: record.territory, type: record.type, source: record.source, arAccount: record.arAccount, creditLimitCents: record.creditLimitCents,
  };
}

/** 'YYYY-MM-DD' or a validation error naming the field. */
export function checkDate(field: string, value: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw validationError(field, value, 'date: YYYY-MM-DD');
  return value;
}

/** A lookup Settle can make: custno as a key; e-mail and company trimmed, and not longer than they can be. */
export function checkCustomerQuery(query: CustomerQuery): CustomerQuery {
  if ('custno' in query) return { custno: customerKey(query.custno) };
  if ('email' in query) {
    const email = typeof query.email === 'string' ? query.email.trim() : '';
    if (!email) throw validationError('arcust.email', query.email, 'an e-mail address to look for');
    return { email };
  }
  if ('company' in query) {
    const company = typeof query.company === 'string' ? query.company.trim() : '';
    if (!company || company.length > 35) throw validationError('arcust.company', query.company, 'char(35): 1 to 35 characters');
    return { company };
  }
  throw validationError('arcust.custno', query, 'a custno, an e-mail address or a company name');
}

/** Checks the values of an update (widths and meanings) before any statement is sent. */
export function checkCustomerChanges(changes: CustomerChanges, booksCurrency: string): void {
  if (!changes || typeof changes !== 'object') throw validationError('arcust.custno', changes, 'the fields to change');
  if ('reference' in changes || 'custno' in changes) {
    throw validationError('arcust.custno', (changes as { custno?: unknown }).custno, 'not changed by Settle (nor the Settle reference)');
  }
  validateWrite('arcust', customerFields(changes, changes.currency ? checkCurrency(changes.currency) : booksCurrency));
}
