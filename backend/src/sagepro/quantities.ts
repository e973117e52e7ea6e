/**
 * Inventory quantities: numeric(12,2) in Sage Pro (ref §4: quantities may be fractional). Like money,
 * they travel as decimal text and are computed as integers (hundredths), never as floats, so that
 * "available = lonhand - lsoaloc" is exact.
 */

/** The largest numeric(12,2) quantity in hundredths: 10 digits before the point. */
const MAX_HUNDREDTHS = 999_999_999_999;
const DECIMAL = /^([-+]?)(\d{1,10})(?:\.(\d{0,2}))?$/;

/** 3 → 300; 2.5 → 250; '12.00' → 1200. Throws a RangeError for more than two decimals or a bad value. */
export function quantityToHundredths(value: string | number): number {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not a quantity with at most 2 decimals: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' && hundredths !== 0 ? -hundredths : hundredths;
}

/** 250 → '2.50'. */
export function hundredthsToQuantity(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths) || Math.abs(hundredths) > MAX_HUNDREDTHS) {
    throw new RangeError(`A quantity must be whole hundredths within numeric(12,2), got ${hundredths}`);
  }
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The quantity as a number for callers (2.5), from hundredths. */
export function hundredthsToNumber(hundredths: number): number {
  return Number(hundredthsToQuantity(hundredths));
}

/**
 * qty × unit price in whole cents, exactly: 2.5 × 1999 cents is 4997.5 cents, which Sage Pro's
 * numeric(16,4) could hold but Settle's cents cannot, so it is refused rather than rounded.
 */
export function extendedCents(qtyHundredths: number, priceCents: number): number | undefined {
  const product = qtyHundredths * priceCents;
  if (!Number.isSafeInteger(product) || product % 100 !== 0) return undefined;
  return product / 100;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(2) : text;
}
