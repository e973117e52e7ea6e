/**
 * armast.bbal, an AR item's balance in the company's base currency (syccomp.currid), as receipts and
 * their reversals move armast.balance (in the item's own currency, armast.currid).
 *
 * GUESS (Sage Pro's multi-currency design is not public, ref "Unknown"): bbal moves at the item's own
 * historical rate, which is the ratio bbal : balance Sage Pro left on it. A write that takes the balance
 * from b to b' sets bbal to bbal × b' / b, rounded once, half-even, in base minor units, and to exactly
 * 0 when b' is 0 (a paid invoice owes nothing in any currency). Settle books no realised exchange
 * difference: the base figure follows the document figure at the rate the invoice was raised at, never
 * the rate of the payment's day (the same rule as reversals of converted receipts, written at the
 * receipt's own rate). A reversal moves it back by the same rule, so a receipt and its reversal leave
 * bbal as it was (to a base minor unit or two of rounding when the invoice stays partly paid).
 *
 * A fully paid item keeps no trace of its rate (0 : 0), a nearly paid one only a coarse one, and a new
 * open credit on account has none yet: they take the caller's (the tenant's rate of the day, `BaseRate`). Without one, bbal takes the
 * document's figure at par (1 unit for 1 unit), which is what Settle wrote before it kept base figures:
 * a tenant that does not convert and keeps no rates goes on posting foreign-currency documents as
 * before (a GUESS a person may correct in Sage Pro), rather than every such payment being refused.
 * An item in the base currency moves bbal by exactly what balance moves, as before.
 * Pure: no I/O.
 */
import { minorUnitExponent } from '../platform/money/currencies.js';
import { minorToSageMoney } from './money.js';
import type { BaseRate } from './company.js';
import { PermanentSageProError } from './errors.js';

/** Base minor units per minor unit of the document currency, exactly. */
export interface MinorRatio {
  numerator: bigint;
  denominator: bigint;
}

/** What the rate of one item is known from. */
export interface ItemBase {
  invno: string;
  balanceCents: number;
  /** In minor units of `baseCurrency`. */
  baseBalanceCents: number;
}

export interface Currencies {
  /** The document's (armast.currid). */
  currency: string;
  /** The company's (syccomp.currid). */
  baseCurrency: string;
}

const RATE = /^(\d{1,20})(?:\.(\d{1,20}))?$|^(\d{1,40})\/(\d{1,40})$/;

/**
 * A caller's rate (units of base per unit of the document currency, '1.0845' or exact '217/200') as
 * base minor units per document minor unit; undefined when none is given or it is for another base.
 */
export function minorRatioOf(rate: BaseRate | undefined, { currency, baseCurrency }: Currencies): MinorRatio | undefined {
  if (!rate || rate.currency !== baseCurrency) return undefined;
  const match = RATE.exec(rate.rate.trim());
  if (!match) throw new PermanentSageProError('validation', `Not a rate: ${rate.rate}`, 'baseRate', rate.rate, "a decimal such as 1.0845 or a fraction such as 217/200");
  let numerator: bigint;
  let denominator: bigint;
  if (match[3] !== undefined) [numerator, denominator] = [BigInt(match[3]), BigInt(match[4])];
  else [numerator, denominator] = [BigInt(`${match[1]}${match[2] ?? ''}`), 10n ** BigInt((match[2] ?? '').length)];
  if (numerator === 0n || denominator === 0n) throw new PermanentSageProError('validation', `Not a rate: ${rate.rate}`, 'baseRate', rate.rate, 'greater than zero');
  // units → minor units: × 10^(base exponent) / 10^(document exponent)
  return {
    numerator: numerator * 10n ** BigInt(minorUnitExponent(baseCurrency)),
    denominator: denominator * 10n ** BigInt(minorUnitExponent(currency)),
  };
}

/** numerator / denominator rounded half-even (either sign). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = (n % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** The item's own rate while it has a balance; else the caller's. */
export function itemRatio(item: ItemBase): MinorRatio | undefined {
  return item.balanceCents === 0 ? undefined : { numerator: BigInt(item.baseBalanceCents), denominator: BigInt(item.balanceCents) };
}

/** `cents` of the document currency in base minor units at `ratio`, half-even. */
export function inBase(cents: number, ratio: MinorRatio): number {
  return Number(divideHalfEven(BigInt(cents) * ratio.numerator, ratio.denominator));
}

/** 1 unit of the document currency for 1 of the base, in minor units: the figure as it is. */
export function par({ currency, baseCurrency }: Currencies): MinorRatio {
  return { numerator: 10n ** BigInt(minorUnitExponent(baseCurrency)), denominator: 10n ** BigInt(minorUnitExponent(currency)) };
}

/**
 * Growth beyond which the item's own rate is too coarse: bbal is rounded to a base minor unit, so the
 * ratio bbal : balance is only good to about 1 / balance, and scaling a balance k-fold scales that
 * rounding k-fold (a balance of €0.01 with bbal $0.01 says nothing about €1,000.00).
 */
const MAX_GROWTH = 2;

/**
 * bbal once the item's balance is `balanceAfter`: moved by the same amount in the base currency; in
 * another, at the item's own rate (0 when nothing is owed). Payments only shrink the balance, so the
 * rate's rounding shrinks with it. A reversal that reopens a fully paid item, or grows a small balance
 * more than MAX_GROWTH-fold, takes `given` (the tenant's rate of the day) when there is one; else the
 * item's rate, else par.
 */
export function baseBalanceAfter(item: ItemBase, balanceAfter: number, currencies: Currencies, given?: MinorRatio): number {
  if (currencies.currency === currencies.baseCurrency) return item.baseBalanceCents + balanceAfter - item.balanceCents;
  if (balanceAfter === 0) return 0;
  const own = itemRatio(item);
  const coarse = !own || Math.abs(balanceAfter) > MAX_GROWTH * Math.abs(item.balanceCents);
  return inBase(balanceAfter, (coarse ? given : undefined) ?? own ?? par(currencies));
}

/** A new open credit's bbal: the same figure in the base currency, else at `rate`, else at par. */
export function creditBase(balance: number, currencies: Currencies, rate: MinorRatio | undefined): number {
  if (currencies.currency === currencies.baseCurrency) return balance;
  return inBase(balance, rate ?? par(currencies));
}

/** exchrat N(9,5): a rate it cannot hold is refused rather than written wrong. */
const EXCHRAT_DECIMALS = 5;
const EXCHRAT_LIMIT = 10n ** 9n;

/**
 * A sales order's base-currency figures (somast.exchrat and bordamt, sotran.exchrat, bprice and
 * bextpri) at the tenant's rate of the order date. `currid` on ARCASH, ARMAST, SOMAST and SOTRAN is
 * the document's currency; the `b` twins are in the base currency (syccomp.currid); exchrat N(9,5),
 * on SOMAST and SOTRAN only, is units of base per unit of the document's currency, the rate rounded
 * half-even to 5 places. Each base amount is the exact conversion of its own figure, half-even, not
 * amount × the rounded exchrat (5 places keep only 3 significant digits of a JPY→USD rate, which would
 * misstate ¥1,000,000 by about $3). A rate exchrat cannot hold is refused rather than written wrong.
 * An order in the base currency, or without a rate, has exchrat 1 and its figures as they are (what
 * Settle wrote before it kept base figures). A GUESS, as for bbal above.
 */
export function orderBase(currency: string, baseCurrency: string, rate: BaseRate | undefined): { exchrat: number | string; money: (minor: number) => string } {
  const ratio = currency === baseCurrency ? undefined : minorRatioOf(rate, { currency, baseCurrency });
  if (!ratio) return { exchrat: 1, money: (minor) => minorToSageMoney(minor, currency) };
  // Units per unit: the minor ratio scaled back by the exponents.
  const perUnit = { numerator: ratio.numerator * 10n ** BigInt(minorUnitExponent(currency)), denominator: ratio.denominator * 10n ** BigInt(minorUnitExponent(baseCurrency)) };
  const scaled = divideHalfEven(perUnit.numerator * 10n ** BigInt(EXCHRAT_DECIMALS), perUnit.denominator);
  if (scaled <= 0n || scaled >= EXCHRAT_LIMIT) throw new PermanentSageProError('validation', `An exchange rate of ${rate!.rate} does not fit somast.exchrat`, 'somast.exchrat', rate!.rate, 'numeric(9,5)');
  const digits = scaled.toString().padStart(EXCHRAT_DECIMALS + 1, '0');
  return {
    exchrat: `${digits.slice(0, -EXCHRAT_DECIMALS)}.${digits.slice(-EXCHRAT_DECIMALS)}`,
    money: (minor) => minorToSageMoney(inBase(minor, ratio), baseCurrency),
  };
}
