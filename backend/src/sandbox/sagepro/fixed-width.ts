/**
 * How Sage Pro stores values: keys and text in fixed-width CHAR columns padded with spaces, money as
 * VFP currency (4 decimals), empty dates as 1900-01-01. The sandbox writes values exactly like that,
 * and the same rules tell a connector how to build the keys it compares against.
 *
 * Padding rule:
 * - Document numbers that are counters (invno, sono, ornum, arsess, glbatch, transeq) are
 *   RIGHT-justified: `'      1001'` in a char(10). Sage Pro does it so that they sort as numbers.
 * - Codes typed by users (custno, item, loctid, glacnt, ruleid, chrvl, refno, ...) are LEFT-justified;
 *   the CHAR column adds the trailing spaces.
 * - A value never gets truncated to fit a key: that would silently match another document.
 * Trailing spaces are insignificant when CHAR values are compared (SQL Server and PostgreSQL alike);
 * leading spaces are not, so a bare `'1001'` does not find invoice `'      1001'`.
 */

/** `'1001'` → `'      1001'` for a right-justified key of `width` characters. */
export function rightJustified(value: string | number, width: number): string {
  const text = keyText(value, width);
  return text.padStart(width, ' ');
}

/** `'CASH'` → `'CASH  '` for a left-justified key of `width` characters. */
export function leftJustified(value: string | number, width: number): string {
  const text = keyText(value, width);
  return text.padEnd(width, ' ');
}

/** Descriptive text (names, descriptions): cut to the column width, then padded like the column does. */
export function fixedText(value: string, width: number): string {
  return value.trim().slice(0, width).padEnd(width, ' ');
}

/** A stored key as a user reads it: Sage Pro's LTRIM(RTRIM(...)). */
export function trimmed(value: string): string {
  return value.trim();
}

/** Whether two stored or typed keys name the same document (spaces on either side ignored). */
export function sameKey(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

function keyText(value: string | number, width: number): string {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`Invalid key width ${width}`);
  const text = String(value).trim();
  if (!text) throw new RangeError('A Sage Pro key cannot be empty');
  if (text.length > width) throw new RangeError(`"${text}" is longer than the key's ${width} characters`);
  return text;
}

/** What a blank D/T field reads back as in the SQL edition. */
export const EMPTY_DATE = '1900-01-01';

/** True for the values Sage Pro uses for "no date": NULL, '', and 1900-01-01 (any time of day). */
export function isEmptyDate(value: string | Date | null | undefined): boolean {
  if (value === null || value === undefined || value === '') return true;
  const text = value instanceof Date ? isoDate(value) : value.slice(0, 10);
  return text === EMPTY_DATE;
}

/** YYYY-MM-DD of a Date, read in UTC. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `'2026-10-31'` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return isoDate(at);
}

/** Integer minor units → the decimal text a numeric(16,4) column takes: 12345 → '123.45'. */
export function moneyText(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Money must be an integer number of cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A Sage Pro money value ('123.4500', 123.45) → integer minor units, rounded half away from zero at
 * the cent (VFP currency keeps 4 decimals; Sage Pro's screens and reports show 2).
 */
export function moneyCents(value: string | number): number {
  const text = typeof value === 'number' ? value.toFixed(4) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`Not a money value: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  const digits = fraction.padEnd(3, '0');
  let cents = Number(whole) * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) cents += 1;
  return sign && cents !== 0 ? -cents : cents;
}
