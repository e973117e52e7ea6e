/**
 * Reading PayTrace request bodies. Each reader reports what is wrong into an ErrorBag instead of
 * throwing, so that a request with several bad fields gets every error code in one response.
 */
import { type CardOnFile, cardBrand, maskCardNumber, parseExpirationMonth, parseExpirationYear, redactCardNumbers } from './cards.js';
import { ERROR, type ErrorBag } from './errors.js';
import { parseAmount } from './money.js';

export type Body = Record<string, unknown>;

export const ADDRESS_FIELDS = ['name', 'street_address', 'street_address2', 'city', 'county', 'state', 'zip', 'country'] as const;
export type Address = Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;

export function asBody(value: unknown): Body {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : {};
}

/** A string or number field as trimmed text; '' when absent or of another type. */
export function text(body: Body, key: string, maxLength = 255): string {
  const value = body[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim().slice(0, maxLength) : '';
}

/** Free text that will be stored: any card number in it is masked. */
export function storedText(body: Body, key: string, maxLength = 255): string {
  return redactCardNumbers(text(body, key, maxLength));
}

export function readAddress(value: unknown): Address {
  const source = asBody(value);
  const address: Address = {};
  for (const field of ADDRESS_FIELDS) {
    const v = storedText(source, field);
    if (v) address[field] = v;
  }
  return address;
}

export function readAmount(body: Body, bag: ErrorBag, options: { allowZero?: boolean; key?: string } = {}): number {
  const cents = parseAmount(body[options.key ?? 'amount']);
  if (cents === undefined || (cents === 0 && !options.allowZero)) {
    bag.add(ERROR.invalidAmount);
    return 0;
  }
  return cents;
}

/** An optional amount (partial capture or refund); undefined when the field is absent. */
export function readOptionalAmount(body: Body, bag: ErrorBag): number | undefined {
  return body.amount === undefined || body.amount === null || body.amount === '' ? undefined : readAmount(body, bag);
}

/** A positive integer id (transaction_id, check_transaction_id), sent as a number or a string. */
export function readId(body: Body, key: string, bag: ErrorBag, error: readonly [number, string] = ERROR.invalidTransactionId): number {
  const raw = text(body, key);
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
  if (id <= 0) bag.add(error);
  return id;
}

export function readCustomerId(body: Body, bag: ErrorBag, key = 'customer_id'): string {
  const id = text(body, key, 1000);
  if (!id || id.length > 100) bag.add(ERROR.invalidCustomerId);
  return id;
}

/** `credit_card{number, expiration_month, expiration_year}` and `csc`: keeps only what may be stored. */
export function readCard(body: Body, bag: ErrorBag): CardOnFile & { cscProvided: boolean } {
  const card = asBody(body.credit_card);
  const brand = cardBrand(card.number);
  if (!brand) bag.add(ERROR.invalidCardNumber);
  const expiry = readExpiry(card, bag);
  const cscProvided = readCsc(body, bag);
  return { brand: brand ?? 'VISA', maskedNumber: brand ? maskCardNumber(String(card.number)) : '', ...expiry, cscProvided };
}

/** `expiration_month` and `expiration_year` of a `credit_card` object (errors 43 and 44). */
export function readExpiry(card: Body, bag: ErrorBag): Pick<CardOnFile, 'expirationMonth' | 'expirationYear'> {
  const month = parseExpirationMonth(card.expiration_month);
  const year = parseExpirationYear(card.expiration_year);
  if (!month) bag.add(ERROR.invalidExpirationMonth);
  if (!year) bag.add(ERROR.invalidExpirationYear);
  return { expirationMonth: month ?? 0, expirationYear: year ?? 0 };
}

export function readCsc(body: Body, bag: ErrorBag): boolean {
  const csc = text(body, 'csc');
  if (csc && !/^\d{3,4}$/.test(csc)) bag.add(ERROR.invalidCsc);
  return csc !== '';
}

export function readEmail(body: Body, bag: ErrorBag, required = false): string {
  const email = text(body, 'email');
  if ((required || email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bag.add(ERROR.invalidEmail);
  return email;
}

/** `check{account_number, routing_number}`: the account number is kept masked. */
export function readCheck(body: Body, bag: ErrorBag): { accountMasked: string; routingNumber: string } {
  const check = asBody(body.check);
  const account = text(check, 'account_number');
  const routing = text(check, 'routing_number');
  if (!/^\d{4,17}$/.test(account)) bag.add(ERROR.invalidAccountNumber);
  if (!isRoutingNumber(routing)) bag.add(ERROR.invalidRoutingNumber);
  return { accountMasked: account ? 'x'.repeat(Math.max(account.length - 4, 0)) + account.slice(-4) : '', routingNumber: routing };
}

/** ABA routing numbers carry a 3-7-1 weighted checksum. */
export function isRoutingNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const d = [...value].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 === 0;
}

/** The order details a sale or authorization may carry and exports give back. */
export interface OrderFields {
  invoiceId: string;
  description: string;
  customerReferenceId: string;
  taxAmountCents: number | null;
  email: string;
  billingAddress: Address;
  shippingAddress: Address;
}

export function readOrderFields(body: Body, bag: ErrorBag): OrderFields {
  const tax = body.tax_amount === undefined || body.tax_amount === '' ? null : parseAmount(body.tax_amount);
  if (tax === undefined) bag.add(ERROR.invalidAmount);
  return {
    invoiceId: storedText(body, 'invoice_id', 50),
    description: storedText(body, 'description'),
    customerReferenceId: storedText(body, 'customer_reference_id', 50),
    taxAmountCents: tax ?? null,
    email: readEmail(body, bag),
    billingAddress: readAddress(body.billing_address),
    shippingAddress: readAddress(body.shipping_address),
  };
}
