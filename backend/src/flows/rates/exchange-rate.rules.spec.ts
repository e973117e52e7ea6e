import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateFor, rateTable } from '../transformations/exchange-rates.js';
import {
  canonicalRate,
  csvErrorsText,
  dateRange,
  decodeRateCursor,
  describeRate,
  encodeRateCursor,
  exchangeRateRules,
  importRowsProblem,
  importSizeProblem,
  isAfterCursor,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  publishedDatesFor,
  rateFilterRules,
  type RateCursor,
  storedRateProblem,
  unstorableRates,
} from './exchange-rate.rules.js';

const issues = (input: unknown) => {
  const result = exchangeRateRules.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('a rate that may be stored', () => {
  it('fits numeric(20,10) exactly: ten digits before the point and ten after, at most ten significant', () => {
    expect(storedRateProblem('1.0845')).toBeUndefined();
    expect(storedRateProblem('0.0000352')).toBeUndefined();
    expect(storedRateProblem('9999999999')).toBeUndefined();
    expect(storedRateProblem('0.0000000001')).toBeUndefined();
    expect(storedRateProblem('12345678900')).toMatch(/at most 10 digits before the point/);
    expect(storedRateProblem('0.00000000001')).toMatch(/at most 10 digits after the point/);
    expect(storedRateProblem('1.23456789012')).toMatch(/significant digits/);
    expect(storedRateProblem('0')).toMatch(/greater than zero/);
    expect(storedRateProblem('-1.2')).toMatch(/decimal number/);
    expect(storedRateProblem('1e3')).toMatch(/decimal number/);
    expect(storedRateProblem('1,08')).toMatch(/decimal number/);
  });

  it('is given back as PostgreSQL gives back numeric text: no leading or trailing zeros', () => {
    expect(canonicalRate('001.084500')).toBe('1.0845');
    expect(canonicalRate('0.50')).toBe('0.5');
    expect(canonicalRate('160.000')).toBe('160');
    expect(canonicalRate('000')).toBe('0');
  });

  it('canonical text keeps the value: same digits, scaled by the same power of ten', () => {
    const rateText = fc
      .tuple(fc.stringMatching(/^[0-9]{1,10}$/), fc.stringMatching(/^[0-9]{0,10}$/))
      .map(([whole, fraction]) => (fraction ? `${whole}.${fraction}` : whole));
    fc.assert(
      fc.property(rateText, (text) => {
        const scaled = (t: string) => BigInt(t.replace('.', '').padEnd(1, '0')) * 10n ** BigInt(10 - (t.split('.')[1]?.length ?? 0));
        expect(scaled(canonicalRate(text))).toBe(scaled(text));
      }),
    );
  });

  it('input names the field: base, quote, date or rate', () => {
    expect(exchangeRateRules.parse({ base: ' eur', quote: 'usd', date: '2026-12-04', rate: '1.08450' })).toEqual({
      base: 'EUR',
      quote: 'USD',
      date: '2026-12-04',
      rate: '1.0845',
    });
    expect(issues({ base: 'EUX', quote: 'USD', date: '2026-12-04', rate: '1.1' })).toEqual(['base: must be an ISO 4217 currency code such as USD']);
    expect(issues({ base: 'EUR', quote: 'EUR', date: '2026-12-04', rate: '1.1' })).toEqual(['quote: must differ from base']);
    expect(issues({ base: 'EUR', quote: 'USD', date: '2026-02-30', rate: '1.1' })).toEqual(['date: must be a calendar date YYYY-MM-DD']);
    expect(issues({ base: 'EUR', quote: 'USD', date: '2026-12-04', rate: '1.1.1' })[0]).toMatch(/^rate: must be a decimal number/);
  });

  it('a filter ending before it starts names `to`', () => {
    const result = rateFilterRules.safeParse({ from: '2026-12-05', to: '2026-12-04' });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
    expect(rateFilterRules.parse({ base: 'eur' })).toEqual({ base: 'EUR' });
  });
});

describe('pages of rates', () => {
  const cursor = fc.record({
    date: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    base: fc.constantFrom('EUR', 'USD', 'GBP'),
    quote: fc.constantFrom('JPY', 'KWD', 'CHF'),
  });

  it('a cursor names the row it was made from, and nothing else is a cursor', () => {
    fc.assert(
      fc.property(cursor, (row) => {
        expect(decodeRateCursor(encodeRateCursor(row))).toEqual(row);
      }),
    );
    expect(decodeRateCursor('not-a-cursor')).toBeUndefined();
    expect(decodeRateCursor(Buffer.from('2026-13-01|EUR|USD').toString('base64url'))).toBeUndefined();
    expect(decodeRateCursor(Buffer.from('2026-12-01|EUR|USD|x').toString('base64url'))).toBeUndefined();
  });

  it('"after the cursor" is exactly what follows it in the list order (date newest first, then base, then quote)', () => {
    const order = (a: RateCursor, b: RateCursor) =>
      a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.base !== b.base ? (a.base < b.base ? -1 : 1) : a.quote < b.quote ? -1 : a.quote > b.quote ? 1 : 0;
    fc.assert(
      fc.property(fc.array(cursor, { minLength: 1, maxLength: 30 }), fc.nat(), (rows, pick) => {
        const sorted = [...rows].sort(order);
        const at = sorted[pick % sorted.length];
        expect(sorted.filter((row) => isAfterCursor(row, at))).toEqual(sorted.filter((row) => order(row, at) > 0));
      }),
    );
  });
});

describe('the window of published dates the pipeline reads', () => {
  it('reaches back the look-back days before the first transaction date, never past the last', () => {
    expect(publishedDatesFor({ from: '2026-12-05', to: '2026-12-07' })).toEqual({ from: '2026-12-01', to: '2026-12-07' });
    expect(publishedDatesFor({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-25', to: '2026-03-01' });
    expect(() => publishedDatesFor({ from: '2026-12-07', to: '2026-12-05' })).toThrow(RangeError);
    expect(() => publishedDatesFor({ from: '7 Dec', to: '2026-12-05' })).toThrow(RangeError);
  });
});

describe('imports', () => {
  it('are refused above 2 MB or 100,000 rates, and when empty', () => {
    expect(importSizeProblem('x'.repeat(MAX_IMPORT_BYTES))).toBeUndefined();
    expect(importSizeProblem('x'.repeat(MAX_IMPORT_BYTES + 1))).toMatch(/at most 2097152 bytes/);
    // Bytes, not characters: 'é' is two.
    expect(importSizeProblem('é'.repeat(MAX_IMPORT_BYTES / 2 + 1))).toMatch(/2097154 bytes/);
    expect(importRowsProblem(MAX_IMPORT_ROWS)).toBeUndefined();
    expect(importRowsProblem(MAX_IMPORT_ROWS + 1)).toMatch(/at most 100000/);
    expect(importRowsProblem(0)).toBe('holds no rates');
  });

  it('errors are listed by line and column, the rest counted', () => {
    const errors = Array.from({ length: 25 }, (_, i) => ({ line: i + 2, column: i % 2, message: 'bad' }));
    const text = csvErrorsText(errors, 3);
    expect(text).toMatch(/^line 2: bad; line 3, column 1: bad; /);
    expect(text).toMatch(/line 21, column 1: bad; and 8 more$/);
    expect(csvErrorsText([{ line: 4, column: 3, message: 'x' }])).toBe('line 4, column 3: x');
  });

  it('rates the column cannot hold exactly are named with pair and date', () => {
    expect(unstorableRates([{ base: 'EUR', quote: 'XAF', date: '2026-12-04', rate: '0.000000000012' }])).toEqual([
      'EUR→XAF on 2026-12-04: "0.000000000012" must have at most 10 digits after the point',
    ]);
    expect(unstorableRates([{ base: 'EUR', quote: 'USD', date: '2026-12-04', rate: '1.0845' }])).toEqual([]);
  });

  it('date range: first and last date', () => {
    expect(dateRange([{ date: '2026-12-04' }, { date: '2026-11-30' }, { date: '2026-12-01' }])).toEqual({ from: '2026-11-30', to: '2026-12-04' });
    expect(dateRange([])).toBeUndefined();
  });
});

describe('what the pipeline would use, in words', () => {
  const table = rateTable([
    { base: 'EUR', quote: 'USD', date: '2026-12-04', rate: '1.05' },
    { base: 'EUR', quote: 'JPY', date: '2026-12-04', rate: '157.5' },
  ]);

  it('a cross rate names its pivot, its legs and the Friday it was published for', () => {
    const check = describeRate(rateFor(table, 'USD', 'JPY', '2026-12-05'), '2026-12-05');
    expect(check).toMatchObject({ found: true, rate: '150', rateDate: '2026-12-04', path: 'cross', via: 'EUR' });
    expect(check.legs).toHaveLength(2);
    expect(check.reason).toBe('a cross rate through EUR, published for 2026-12-04, the latest at most 4 days before 2026-12-05');
  });

  it('a direct rate on its own date', () => {
    expect(describeRate(rateFor(table, 'EUR', 'USD', '2026-12-04'), '2026-12-04')).toMatchObject({
      found: true, rate: '1.05', path: 'direct', via: null, legs: [], reason: 'the EUR→USD rate, published for 2026-12-04',
    });
  });

  it('no rate: the dead letter it would become, and the dates looked at', () => {
    const check = describeRate(rateFor(table, 'USD', 'JPY', '2026-12-10'), '2026-12-10');
    expect(check).toMatchObject({ found: false, rate: null, rateDate: null, path: null });
    expect(check.reason).toBe(
      'no_rate: no USD→JPY rate (direct, inverse or cross) published from 2026-12-06 to 2026-12-10; a payment in USD dated 2026-12-10 would become a dead letter until one is added',
    );
  });
});
