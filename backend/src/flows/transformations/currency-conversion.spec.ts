import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnitExponent } from '../../platform/money/currencies.js';
import { convertMinor, convertPayment, noRateMessage } from './currency-conversion.js';
import { type ExchangeRate, type FoundRate, type NoRate, rateFor, rateRatio, rateTable } from './exchange-rates.js';

const FRIDAY = '2026-03-06';
const SATURDAY = '2026-03-07';
const row = (base: string, quote: string, rate: string, date = FRIDAY): ExchangeRate => ({ base, quote, date, rate });

const table = rateTable([
  row('EUR', 'USD', '1.0845'),
  row('EUR', 'JPY', '163.45'),
  row('EUR', 'KWD', '0.33312'),
  row('USD', 'JPY', '150.25', '2026-03-02'),
]);

function rate(from: string, to: string, date = FRIDAY): FoundRate {
  const found = rateFor(table, from, to, date);
  if (found.kind !== 'rate') throw new Error(`no ${from}→${to} rate in the test table`);
  return found;
}

/** A direct rate from decimal text, for constructed cases. */
function given(from: string, to: string, text: string): FoundRate {
  return { kind: 'rate', from, to, forDate: FRIDAY, date: FRIDAY, rate: text, ratio: rateRatio(text) };
}

describe('convertMinor: currencies with 0, 2 and 3 decimals', () => {
  it('USD ↔ JPY (exponent 0): $12.34 at 150.25 is ¥1,854, and back', () => {
    expect(convertMinor(1234, 'USD', 'JPY', rate('USD', 'JPY', '2026-03-02')).amountMinor).toBe(1854);
    expect(convertMinor(1854, 'JPY', 'USD', rate('JPY', 'USD', '2026-03-02')).amountMinor).toBe(1234);
  });

  it('EUR ↔ KWD (exponent 3): €100.00 is 33.312 KWD, and 1.005 KWD is €3.02', () => {
    expect(convertMinor(10000, 'EUR', 'KWD', rate('EUR', 'KWD'))).toMatchObject({ amountMinor: 33312, currency: 'KWD' });
    expect(convertMinor(1005, 'KWD', 'EUR', rate('KWD', 'EUR'))).toMatchObject({ amountMinor: 302, currency: 'EUR' });
  });

  it('KWD ↔ JPY, both crossed through EUR: 1.005 KWD is ¥493 and ¥10,000 is 20.381 KWD', () => {
    expect(convertMinor(1005, 'KWD', 'JPY', rate('KWD', 'JPY')).amountMinor).toBe(493);
    expect(convertMinor(10000, 'JPY', 'KWD', rate('JPY', 'KWD')).amountMinor).toBe(20381);
  });

  it('USD → JPY by the ECB cross rate (163.45 / 1.0845) and records the rate used', () => {
    const converted = convertMinor(1234, 'USD', 'JPY', rate('USD', 'JPY'));
    expect(converted).toEqual({
      amountMinor: 1860,
      currency: 'JPY',
      rounding: 'half_even',
      rate: {
        from: 'USD', to: 'JPY', forDate: FRIDAY, date: FRIDAY, rate: '150.714615', exact: '326900/2169',
        derivedFrom: { kind: 'cross', via: 'EUR', legs: [row('EUR', 'USD', '1.0845'), row('EUR', 'JPY', '163.45')] },
      },
    });
    expect(convertMinor(100000, 'JPY', 'USD', rate('JPY', 'USD')).amountMinor).toBe(66351);
  });

  it('keeps refunds negative with the same rounding', () => {
    expect(convertMinor(-1234, 'USD', 'JPY', rate('USD', 'JPY')).amountMinor).toBe(-1860);
    expect(convertMinor(0, 'USD', 'JPY', rate('USD', 'JPY')).amountMinor).toBe(0);
  });

  it('takes a bigint and gives one back; refuses a number that is not a safe integer', () => {
    expect(convertMinor(10n ** 20n, 'USD', 'JPY', given('USD', 'JPY', '150')).amountMinor).toBe(15n * 10n ** 19n);
    expect(() => convertMinor(12.5, 'USD', 'JPY', given('USD', 'JPY', '150'))).toThrow(RangeError);
    expect(() => convertMinor(2 ** 53, 'USD', 'JPY', given('USD', 'JPY', '150'))).toThrow(RangeError);
    expect(() => convertMinor(2 ** 50, 'USD', 'JPY', given('USD', 'JPY', '15000'))).toThrow(/beyond a safe integer/);
  });

  it('refuses a rate of another pair', () => {
    expect(() => convertMinor(100, 'EUR', 'JPY', rate('EUR', 'USD'))).toThrow(RangeError);
  });
});

describe('half-even ties in minor units of the target currency', () => {
  it('an exact half yen goes to the even yen: 1¢ × 150 = ¥1.5 → ¥2 (up), 3¢ × 150 = ¥4.5 → ¥4 (down)', () => {
    const usdJpy = given('USD', 'JPY', '150');
    expect(convertMinor(1, 'USD', 'JPY', usdJpy).amountMinor).toBe(2);
    expect(convertMinor(3, 'USD', 'JPY', usdJpy).amountMinor).toBe(4);
    expect(convertMinor(-1, 'USD', 'JPY', usdJpy).amountMinor).toBe(-2);
    expect(convertMinor(-3, 'USD', 'JPY', usdJpy).amountMinor).toBe(-4);
    // Not a tie: 3¢ × 150.01 = ¥4.5003 rounds up whatever the parity.
    expect(convertMinor(3, 'USD', 'JPY', given('USD', 'JPY', '150.01')).amountMinor).toBe(5);
  });

  it('an exact half cent from fils: 0.020 KWD × 3.25 = 6.5¢ → 6¢ (down), 0.060 KWD × 3.25 = 19.5¢ → 20¢ (up)', () => {
    const kwdUsd = given('KWD', 'USD', '3.25');
    expect(convertMinor(20, 'KWD', 'USD', kwdUsd).amountMinor).toBe(6);
    expect(convertMinor(60, 'KWD', 'USD', kwdUsd).amountMinor).toBe(20);
  });

  it('an exact half fils: $0.10 × 0.305 = 30.5 fils → 30 (down), $0.10 × 0.315 = 31.5 fils → 32 (up)', () => {
    expect(convertMinor(1, 'USD', 'KWD', given('USD', 'KWD', '0.3085')).amountMinor).toBe(3);
    expect(convertMinor(10, 'USD', 'KWD', given('USD', 'KWD', '0.305')).amountMinor).toBe(30);
    expect(convertMinor(10, 'USD', 'KWD', given('USD', 'KWD', '0.315')).amountMinor).toBe(32);
  });
});

describe('convertPayment: the date rule, the discount, and the missing rate', () => {
  const payment = (amountCents: number, date = SATURDAY, discountCents?: number) => ({ reference: 'PT1', amountCents, currency: 'EUR', date, ...(discountCents ? { discountCents } : {}) });

  it('converts a Saturday payment at Friday’s rate and says so, keeping what else the payment carries', () => {
    const converted = convertPayment(payment(10000), 'USD', table);
    expect(converted).toMatchObject({ kind: 'converted', payment: { reference: 'PT1', amountCents: 10845, currency: 'USD', date: SATURDAY } });
    expect(converted).toMatchObject({ conversion: { amountMinor: 10845, currency: 'USD', rate: { forDate: SATURDAY, date: FRIDAY, rate: '1.0845' } } });
    expect(converted).not.toHaveProperty('discountMinor');
  });

  it('converts the discount the payment took at the same rate, rounded alike: €1.50 × 163.45 = ¥245.175 → ¥245', () => {
    const converted = convertPayment(payment(10000, FRIDAY, 150), 'JPY', table);
    expect(converted).toMatchObject({ payment: { amountCents: 16345, discountCents: 245, currency: 'JPY' }, discountMinor: { from: 150, to: 245 } });
  });

  it('gives no_rate naming the currencies and the date, never a guess, and a sentence saying so', () => {
    const missing = convertPayment(payment(10000, FRIDAY), 'CHF', table);
    expect(missing).toEqual({ kind: 'no_rate', from: 'EUR', to: 'CHF', date: FRIDAY });
    expect(convertPayment(payment(10000, '2026-03-11'), 'USD', table)).toEqual({ kind: 'no_rate', from: 'EUR', to: 'USD', date: '2026-03-11' });
    expect(noRateMessage(missing as NoRate)).toBe(`No EUR→CHF rate for ${FRIDAY} (or the 4 days before) in the tenant's rate table`);
  });
});

// ---- the reference model: plain rational arithmetic, rounded by floor and comparison ----

/** floor(n / d) for d > 0, in BigInt, also for negative n. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

function referenceConvert(amount: bigint, from: string, to: string, rateText: string): bigint {
  const [whole, fraction = ''] = rateText.split('.');
  // amount / 10^from × rate × 10^to, as one fraction.
  const numerator = amount * BigInt(whole + fraction) * 10n ** BigInt(minorUnitExponent(to));
  const denominator = 10n ** BigInt(fraction.length) * 10n ** BigInt(minorUnitExponent(from));
  const below = floorDiv(numerator, denominator);
  const rest = numerator - below * denominator; // 0 ≤ rest < denominator
  if (2n * rest < denominator) return below;
  if (2n * rest > denominator) return below + 1n;
  return below % 2n === 0n ? below : below + 1n;
}

const currency = fc.constantFrom('JPY', 'KRW', 'USD', 'EUR', 'KWD', 'BHD', 'CLF');
const rateText = fc
  .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 5 }))
  .map(([whole, fraction, decimals]) => (decimals ? `${whole}.${String(fraction).padStart(5, '0').slice(0, decimals)}` : String(whole)))
  .filter((text) => /[1-9]/.test(text));

describe('convertMinor agrees with the reference model', () => {
  it('for any amount, pair of exponents and decimal rate (direct rows)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), currency, currency, rateText, (amount, from, to, text) => {
        expect(convertMinor(amount, from, to, given(from, to, text)).amountMinor).toBe(referenceConvert(amount, from, to, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('for inverse rows: A→B from a B→A table equals the model at the exact reciprocal', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), rateText, (amount, text) => {
        const inverse = rateFor(rateTable([row('EUR', 'JPY', text)]), 'JPY', 'EUR', FRIDAY);
        if (inverse.kind !== 'rate') throw new Error('rate expected');
        // amount ¥ / rate → cents: the model with the rate's fraction flipped, rounded the same way.
        const { numerator, denominator } = rateRatio(text);
        const exact = BigInt(amount) * denominator * 100n;
        const below = floorDiv(exact, numerator);
        const twice = 2n * (exact - below * numerator);
        const expected = twice < numerator ? below : twice > numerator ? below + 1n : below + (below % 2n === 0n ? 0n : 1n);
        expect(BigInt(convertMinor(amount, 'JPY', 'EUR', inverse).amountMinor)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('no float arithmetic on money', () => {
  it('divides only BigInts, each division marked, and never rounds with Math or floats', () => {
    let divisionCount = 0;
    for (const file of ['currency-conversion.ts', 'exchange-rates.ts']) {
      const code = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\*\*?|\*|\/\/)/.test(line));
      const divisions = code.filter((line) => / \/ |\/=/.test(line.replace(/\/\/.*$/, '')));
      divisionCount += divisions.length;
      for (const line of divisions) expect([file, line]).toEqual([file, expect.stringMatching(/\/\/ bigint division/)]);
      for (const line of code) expect([file, line]).toEqual([file, expect.not.stringMatching(/Math\.|parseFloat|toFixed|toPrecision/)]);
    }
    expect(divisionCount).toBeGreaterThan(0); // the scan sees the BigInt divisions that are there
  });
});

