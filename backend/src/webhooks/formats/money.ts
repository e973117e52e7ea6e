/**
 * Decimal amounts as senders write them ('12.30') to integer minor units, by string arithmetic: a
 * float would turn 0.1 + 0.2 into 0.30000000000000004 somewhere down the line.
 */
import { minorUnitExponent } from '../../platform/money/currencies.js';

/** Digits after the decimal point in `currency` (sender's spelling, any case); an unknown code throws a RangeError. */
export function minorDigits(currency: string): number {
  return minorUnitExponent(currency.toUpperCase());
}

/**
 * '12.30' USD → 1230, '1200' JPY → 1200, '1.005' KWD → 1005. More decimals than the currency has are
 * accepted only when they are zeros ('12.300' USD); anything else would need rounding, so it throws.
 */
export function decimalToMinor(amount: string, currency: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new RangeError('must be a non-negative decimal amount such as 12.30');
  const digits = minorDigits(currency);
  const [, whole, fraction = ''] = match;
  if (/[^0]/.test(fraction.slice(digits))) throw new RangeError(`has more than ${digits} decimals for ${currency.toUpperCase()}`);
  const minor = Number(`${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new RangeError('is too large');
  return minor;
}
