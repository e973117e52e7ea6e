/**
 * Converting a payment into another currency at the tenant's rate (Sage Pro's own base-currency
 * figures are the connector's: sagepro/base-balance.ts).
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
