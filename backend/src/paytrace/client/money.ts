/**
 * Settle keeps money as integer minor units (cents); PayTrace speaks decimal dollars, as strings in
 * requests ("12.34") and as JSON numbers or strings in responses (110, 12.34, "8.10"). Conversion
 * goes through the decimal text, never through float multiplication (0.29 * 100 !== 29). PayTrace
 * merchants settle in US dollars, so the exponent is USD's from the one ISO 4217 table.
 */
import { minorUnitExponent } from '../../platform/money/currencies.js';

const DIGITS = minorUnitExponent('USD');
const SCALE = 10 ** DIGITS;

/** 1234 → "12.34". PayTrace amounts are never negative; 0 is a valid ($0 verify) authorization. */
export function centsToPayTrace(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`amountMinor must be a non-negative integer number of cents, got ${amountMinor}`);
  }
  return `${Math.floor(amountMinor / SCALE)}.${String(amountMinor % SCALE).padStart(DIGITS, '0')}`;
}

const DECIMAL = /^(-?)(\d{1,13})(?:\.(\d*))?$/;

/**
 * "12.34" | 12.34 | 110 | "8.10" | "-5.00" → integer cents, exactly. A JSON number is read through its
 * shortest decimal text (String(19.99) === "19.99"), which is what PayTrace wrote. More than two
 * decimals are accepted only when the extra digits are zeros. Throws a RangeError otherwise.
 */
export function payTraceToCents(value: string | number): number {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const match = DECIMAL.exec(text);
  const fraction = match?.[3] ?? '';
  if (!match || /[^0]/.test(fraction.slice(DIGITS))) {
    throw new RangeError(`not a PayTrace amount: ${JSON.stringify(value)}`);
  }
  const cents = Number(match[2]) * SCALE + Number(fraction.slice(0, DIGITS).padEnd(DIGITS, '0'));
  return match[1] === '-' && cents !== 0 ? -cents : cents;
}

/** payTraceToCents, but undefined instead of throwing (empty strings included). */
export function tryPayTraceToCents(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  try {
    return payTraceToCents(value);
  } catch {
    return undefined;
  }
}
