/**
 * Settle keeps money as integer cents; Sage Pro keeps it as VFP currency (numeric(16,4) in the SQL
 * edition). Both directions go through decimal text, never float arithmetic, and neither loses a
 * digit: a Sage Pro value with fractions of a cent is refused rather than rounded, because rounding a
 * balance would leave the invoice open by the fraction once Settle "pays it in full".
 */

/** The largest value numeric(16,4) holds: 12 digits before the point. */
const MAX_CENTS = 99_999_999_999_999;

/** The field rule of Sage Pro money, as a refusal names it. */
export const SAGE_MONEY_RULE = 'numeric(16,4): money with 4 decimals and at most 12 digits before the point';

/** Whether Sage Pro money can hold this many cents (either sign). */
export function fitsSageMoney(cents: number): boolean {
  return Number.isSafeInteger(cents) && Math.abs(cents) <= MAX_CENTS;
}

/** 12345 → '123.4500'; -5 → '-0.0500'. */
export function centsToSageMoney(cents: number): string {
  if (!fitsSageMoney(cents)) {
    throw new RangeError(`Money must be an integer number of cents within numeric(16,4), got ${cents}`);
  }
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}00`;
}

const DECIMAL = /^([-+]?)(\d{1,12})(?:\.(\d{0,4}))?$/;

/**
 * A Sage Pro money value as the drivers return it → cents. pg gives numeric as text ('123.4500');
 * tedious gives a JS number (123.45), read through its shortest decimal text, which is exact for the
 * 16 significant digits numeric(16,4) can hold. Throws a RangeError for fractions of a cent.
 */
export function sageMoneyToCents(value: string | number): number {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not a Sage Pro money value: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const digits = fraction.padEnd(4, '0');
  if (digits.slice(2) !== '00') throw new RangeError(`Sage Pro money value ${JSON.stringify(value)} has fractions of a cent`);
  const cents = Number(whole) * 100 + Number(digits.slice(0, 2));
  return sign === '-' && cents !== 0 ? -cents : cents;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  // Shortest round-trip text, without exponent notation for small or large values.
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(4) : text;
}
