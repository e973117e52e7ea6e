/**
 * Settle keeps money as integer minor units of an ISO 4217 currency (¥1,200 is 1200 JPY, $12.34 is
 * 1234 USD, 1.005 KWD is 1005); Sage Pro keeps it in major units as VFP currency (numeric(16,4) in the
 * SQL edition). The currency's exponent (platform/money/currencies.ts) says where the point goes. Both
 * directions go through decimal text, never float arithmetic, and neither loses a digit: a Sage Pro
 * value with fractions below the currency's minor unit is refused rather than rounded, because
 * rounding a balance would leave the invoice open by the fraction once Settle "pays it in full".
 */
import { minorUnitExponent } from '../platform/money/currencies.js';

/** Decimals numeric(16,4) keeps; a currency with more (none in ISO 4217 today) cannot be held. */
const SAGE_DECIMALS = 4;
/** Digits before the point numeric(16,4) keeps. */
const SAGE_WHOLE_DIGITS = 12;

/** The field rule of Sage Pro money, as a refusal names it. */
export const SAGE_MONEY_RULE = 'numeric(16,4): money with 4 decimals and at most 12 digits before the point';

/** Digits after the point of `currency`; a RangeError for a code ISO 4217 does not list or one finer than 4 decimals. */
export function sageExponent(currency: string): number {
  const exponent = minorUnitExponent(currency);
  if (exponent > SAGE_DECIMALS) throw new RangeError(`${currency} has ${exponent} decimals; Sage Pro money keeps ${SAGE_DECIMALS}`);
  return exponent;
}

/** Whether Sage Pro money can hold this many minor units of `currency` (either sign). */
export function fitsSageMoney(minor: number, currency: string): boolean {
  return Number.isSafeInteger(minor) && Math.abs(minor) < 10 ** (SAGE_WHOLE_DIGITS + sageExponent(currency));
}

/** (12345, 'USD') → '123.4500'; (1200, 'JPY') → '1200.0000'; (1005, 'KWD') → '1.0050'; (-5, 'USD') → '-0.0500'. */
export function minorToSageMoney(minor: number, currency: string): string {
  if (!fitsSageMoney(minor, currency)) {
    throw new RangeError(`Money must be a whole number of ${currency} minor units within numeric(16,4), got ${minor}`);
  }
  const exponent = sageExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent).padEnd(SAGE_DECIMALS, '0');
  return `${minor < 0 ? '-' : ''}${whole}.${fraction}`;
}

const DECIMAL = /^([-+]?)(\d{1,12})(?:\.(\d{0,4}))?$/;

/**
 * A Sage Pro money value as the drivers return it → minor units of `currency`. pg gives numeric as
 * text ('123.4500'); tedious gives a JS number (123.45), read through its shortest decimal text, which
 * is exact for the 16 significant digits numeric(16,4) can hold. Throws a RangeError for fractions
 * below the currency's minor unit ('12.5000' JPY, '0.0050' USD).
 */
export function sageMoneyToMinor(value: string | number, currency: string): number {
  const exponent = sageExponent(currency);
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not a Sage Pro money value: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const digits = fraction.padEnd(SAGE_DECIMALS, '0');
  if (/[^0]/.test(digits.slice(exponent))) {
    throw new RangeError(`Sage Pro money value ${JSON.stringify(value)} has fractions of a ${currency} minor unit (${exponent} decimals)`);
  }
  const minor = Number(`${whole}${digits.slice(0, exponent)}`);
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** A Sage Pro money value as its canonical text ('2.1' → '2.1000'), for values copied as they are (costs). */
export function sageMoneyText(value: string | number): string {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not a Sage Pro money value: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const zero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return `${sign === '-' && !zero ? '-' : ''}${BigInt(whole)}.${fraction.padEnd(SAGE_DECIMALS, '0')}`;
}

/** Cents of a USD book (tests and tools that read the sandbox company, whose currency is USD). */
export const centsToSageMoney = (cents: number): string => minorToSageMoney(cents, 'USD');
export const sageMoneyToCents = (value: string | number): number => sageMoneyToMinor(value, 'USD');

function numberText(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  // Shortest round-trip text, without exponent notation for small or large values.
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(4) : text;
}
