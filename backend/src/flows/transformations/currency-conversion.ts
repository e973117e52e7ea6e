/**
 * Converting a payment into the company's base currency, and the Sage Pro fields that say so.
 *
 * Amounts are integer minor units of an ISO 4217 currency; each side's exponent comes from the one
 * table (platform/money/currencies.ts), so ¥1,200 → USD and 1.005 KWD → JPY are the same arithmetic:
 *
 *   target minor = amount minor × rate × 10^(target exponent) / 10^(source exponent)
 *
 * computed as one BigInt fraction and rounded once, half-even, in minor units of the target currency
 * (a tie goes to the even minor unit, so ties neither favour the merchant nor the customer over many
 * payments). No float and no Number division touches money here; the spec greps for it.
 */
import { minorUnitExponent } from '../../platform/money/currencies.js';
import { minorToSageMoney } from '../../sagepro/money.js';
import type { SageRow } from '../../sagepro/field-rules.js';
import {
  divideHalfEven,
  type FoundRate,
  type NoRate,
  RATE_LOOKBACK_DAYS,
  type RateTable,
  rateFor,
  type Ratio,
  recordedRate,
  type RecordedRate,
} from './exchange-rates.js';

export interface Conversion<Amount extends number | bigint = number> {
  amountMinor: Amount;
  currency: string;
  /** The rate used, as the effect records it. */
  rate: RecordedRate;
  rounding: 'half_even';
}

/** An exact amount converted between exponents at an exact rate, rounded half-even. */
export function convertExact(amountMinor: bigint, fromExponent: number, toExponent: number, ratio: Ratio): bigint {
  return divideHalfEven(
    amountMinor * ratio.numerator * 10n ** BigInt(toExponent),
    ratio.denominator * 10n ** BigInt(fromExponent),
  );
}

/**
 * `amountMinor` of `from` in minor units of `to`, at a rate rateFor found for that pair. A number in
 * gives a number out (a RangeError when either is not a safe integer); a bigint in gives a bigint out.
 */
export function convertMinor(amountMinor: number, from: string, to: string, rate: FoundRate): Conversion<number>;
export function convertMinor(amountMinor: bigint, from: string, to: string, rate: FoundRate): Conversion<bigint>;
export function convertMinor(amountMinor: number | bigint, from: string, to: string, rate: FoundRate): Conversion<number | bigint> {
  if (rate.from !== from || rate.to !== to) throw new RangeError(`A ${rate.from}→${rate.to} rate cannot convert ${from} into ${to}`);
  if (typeof amountMinor === 'number' && !Number.isSafeInteger(amountMinor)) throw new RangeError(`Not a whole number of ${from} minor units: ${amountMinor}`);
  const converted = convertExact(BigInt(amountMinor), minorUnitExponent(from), minorUnitExponent(to), rate.ratio);
  const base = { currency: to, rate: recordedRate(rate), rounding: 'half_even' as const };
  if (typeof amountMinor === 'bigint') return { amountMinor: converted, ...base };
  const asNumber = Number(converted);
  if (!Number.isSafeInteger(asNumber)) throw new RangeError(`${amountMinor} ${from} is ${converted} ${to} minor units, beyond a safe integer`);
  return { amountMinor: asNumber, ...base };
}

/** What a payment carries that a conversion changes: its amount, the discount it took, its currency, and its date. */
export interface ConvertiblePayment {
  amountCents: number;
  discountCents?: number;
  currency: string;
  /** The transaction date in the tenant's zone (YYYY-MM-DD): the rate is that day's. */
  date: string;
}

export interface ConvertedPayment<P extends ConvertiblePayment> {
  kind: 'converted';
  payment: P;
  conversion: Conversion;
  /** The discount, converted at the same rate and rounded alike, when the payment took one. */
  discountMinor?: { from: number; to: number };
}

/**
 * A payment in `to` at the rate of its date: the amount and the discount it took at one rate, each
 * half-even in `to`'s minor units. The pipeline and the preview both convert with it.
 */
export function convertPayment<P extends ConvertiblePayment>(payment: P, to: string, table: RateTable): ConvertedPayment<P> | NoRate {
  const rate = rateFor(table, payment.currency, to, payment.date);
  if (rate.kind === 'no_rate') return rate;
  const conversion = convertMinor(payment.amountCents, payment.currency, to, rate);
  const discount = payment.discountCents ? convertMinor(payment.discountCents, payment.currency, to, rate).amountMinor : undefined;
  return {
    kind: 'converted',
    payment: { ...payment, amountCents: conversion.amountMinor, currency: to, ...(discount === undefined ? {} : { discountCents: discount }) },
    conversion,
    ...(discount === undefined ? {} : { discountMinor: { from: payment.discountCents!, to: discount } }),
  };
}

/** The sentence of a `no_rate` dead letter or preview problem: both currencies and the date. */
export function noRateMessage(missing: NoRate): string {
  return `No ${missing.from}→${missing.to} rate for ${missing.date} (or the ${RATE_LOOKBACK_DAYS} days before) in the tenant's rate table`;
}

// ---- Sage Pro's own exchange-rate fields ----

/**
 * Settle's reading of how Sage Pro keeps a foreign-currency document ("as the real product does"), from
 * the columns third-party SQL shows (shared reference sage-pro.md §6) and field-rules.ts:
 * - `currid` C(3) on ARCASH, ARMAST, SOMAST and SOTRAN is the DOCUMENT's currency (the customer's);
 *   the company's base currency is `syccomp.currid`.
 * - Unprefixed amounts (armast.balance, somast.ordamt, sotran.price/extprice) are in the document's
 *   currency; their `b`-prefixed twins (bbal, bordamt, bprice, bextpri) are in the base currency.
 *   Only the twins these tables really have are written: ARCASH has none, ARMAST only bbal.
 * - `exchrat` N(9,5), on SOMAST and SOTRAN only, is the multiplier from document to base currency:
 *   units of base per one unit of the document's currency (EUR order in a USD company: 1.08450).
 *   It is the rate used rounded half-even to 5 decimals; a document in the base currency has 1.00000.
 * - Each base amount is the exact conversion of its own document amount (convertMinor), not
 *   document amount × the rounded exchrat: a 5-decimal exchrat keeps only 3 significant digits of a
 *   JPY→USD rate (0.00612), which would misstate ¥1,000,000 by about $3. So Sage Pro recomputing
 *   amount × exchrat can differ from the stored base amount by that rounding; the exact rate is on
 *   the effect. A rate exchrat cannot hold (≥ 10000, or < 0.000005 so it would read 0.00000) is
 *   refused rather than written wrong.
 * - How `bbal` MOVES when a receipt or its reversal changes `balance` (sagepro/base-balance.ts, written
 *   by the connector on every receipt path: single and batched receipts, open credits, refunds, voids,
 *   chargebacks, and shown alike by the preview): at the invoice's own historical rate, the ratio
 *   bbal : balance Sage Pro left on it, so bbal' = bbal × balance' / balance rounded half-even in base
 *   minor units, exactly 0 once nothing is owed. Settle books no realised exchange difference (as
 *   reversals of converted receipts are written at the receipt's rate), and a reversal moves bbal back
 *   by the same rule. A fully paid invoice keeps no rate (0 : 0): restoring it (or growing a balance
 *   more than twofold, where bbal's rounding shows), and a new open credit on account, take the
 *   tenant's rate of the day (IncomingPayment/ReceiptReversal `baseRate`), else
 *   the figure at par, as before. An overpayment's credit takes its invoice's rate.
 * The multi-currency design of Sage Pro is not public (reference: "Unknown"); this is a GUESS that
 * keeps every stored figure true to the tenant's rate table.
 */
export const BASE_AMOUNT_FIELDS = {
  arcash: {},
  armast: { balance: 'bbal' },
  somast: { ordamt: 'bordamt' },
  sotran: { price: 'bprice', extprice: 'bextpri' },
} as const satisfies Record<string, Record<string, string>>;

export type ExchangeTable = keyof typeof BASE_AMOUNT_FIELDS;
/** The document-currency amount fields of a table whose base-currency twin is filled. */
export type DocumentAmountField<T extends ExchangeTable> = keyof (typeof BASE_AMOUNT_FIELDS)[T] & string;

const HAS_EXCHRAT: ReadonlySet<ExchangeTable> = new Set(['somast', 'sotran']);
const EXCHRAT_DECIMALS = 5;
/** N(9,5): 4 digits before the point. */
const EXCHRAT_LIMIT = 10n ** BigInt(9);

export interface ExchangeFieldsInput<T extends ExchangeTable> {
  table: T;
  /** The document's (and payment's) currency: currid. */
  currency: string;
  /** The company's base currency (syccomp.currid). */
  baseCurrency: string;
  /** Minor units of `currency`, keyed by the document field whose base twin is wanted. */
  amounts: Partial<Record<DocumentAmountField<T>, number>>;
  /** currency → baseCurrency, from rateFor; not needed when they are the same. */
  rate?: FoundRate;
}

export type ExchangeFields<T extends ExchangeTable> =
  | { kind: 'fields'; row: SageRow<T> }
  | { kind: 'exchrat_out_of_range'; table: T; rate: string; rule: 'numeric(9,5)' };

/** currid, exchrat (where the table has it) and the base-currency amounts, in Sage form. */
export function sageExchangeFields<T extends ExchangeTable>(input: ExchangeFieldsInput<T>): ExchangeFields<T> {
  const { table, currency, baseCurrency, amounts } = input;
  const same = currency === baseCurrency;
  const rate = same ? undefined : input.rate;
  if (!same && (rate?.from !== currency || rate.to !== baseCurrency)) {
    throw new RangeError(`A ${currency} document in a ${baseCurrency} company needs a ${currency}→${baseCurrency} rate`);
  }
  const row: Record<string, string> = { currid: currency };
  if (HAS_EXCHRAT.has(table)) {
    // Scaled by 10^5: the exchrat digits without the point.
    const scaled = rate ? divideHalfEven(rate.ratio.numerator * 10n ** BigInt(EXCHRAT_DECIMALS), rate.ratio.denominator) : 10n ** BigInt(EXCHRAT_DECIMALS);
    if (scaled <= 0n || scaled >= EXCHRAT_LIMIT) return { kind: 'exchrat_out_of_range', table, rate: rate?.rate ?? '1', rule: 'numeric(9,5)' };
    row.exchrat = fixedText(scaled, EXCHRAT_DECIMALS);
  }
  const twins: Record<string, string> = BASE_AMOUNT_FIELDS[table];
  for (const [field, minor] of Object.entries(amounts) as [string, number | undefined][]) {
    if (minor === undefined) continue;
    const twin = twins[field];
    if (!twin) throw new RangeError(`${table}.${field} has no base-currency twin`);
    const baseMinor = rate ? convertMinor(minor, currency, baseCurrency, rate).amountMinor : minor;
    row[twin] = minorToSageMoney(baseMinor, baseCurrency);
  }
  return { kind: 'fields', row: row as SageRow<T> };
}

/** (108450n, 5) → '1.08450': all `decimals` digits kept, as numeric(p,s) text. */
function fixedText(digits: bigint, decimals: number): string {
  const text = digits.toString().padStart(decimals + 1, '0');
  return `${text.slice(0, text.length - decimals)}.${text.slice(text.length - decimals)}`;
}
