import { describe, expect, it } from 'vitest';
import {
  divideHalfEven,
  type ExchangeRate,
  InvalidRateTable,
  rateFor,
  rateProblem,
  rateRatio,
  ratioText,
  rateTable,
  rateTableProblems,
  recordedRate,
} from './exchange-rates.js';

// 2026-03-06 is a Friday; 2026-04-03 is Good Friday and 2026-04-06 Easter Monday (TARGET closed both).
const FRIDAY = '2026-03-06';
const ecb = (date: string, rates: Record<string, string>): ExchangeRate[] =>
  Object.entries(rates).map(([quote, rate]) => ({ base: 'EUR', quote, date, rate }));

const table = rateTable([
  ...ecb('2026-03-05', { USD: '1.0812', JPY: '162.9' }),
  ...ecb(FRIDAY, { USD: '1.0845', JPY: '163.45', KWD: '0.33312', GBP: '0.84255' }),
  ...ecb('2026-03-09', { USD: '1.09' }),
  ...ecb('2026-04-02', { USD: '1.1' }),
]);

describe('rateFor: which rate converts a payment', () => {
  it('takes the published row of the date as it is written', () => {
    const found = rateFor(table, 'EUR', 'USD', FRIDAY);
    expect(found).toEqual({ kind: 'rate', from: 'EUR', to: 'USD', forDate: FRIDAY, date: FRIDAY, rate: '1.0845', ratio: { numerator: 2169n, denominator: 2000n } });
  });

  it('inverts the opposite row exactly (1 / 1.0845 = 2000/2169), showing 10 significant digits', () => {
    const found = rateFor(table, 'USD', 'EUR', FRIDAY);
    expect(found).toMatchObject({ kind: 'rate', rate: '0.9220839096', ratio: { numerator: 2000n, denominator: 2169n } });
    expect(found).toMatchObject({ derivedFrom: { kind: 'inverse', legs: [{ base: 'EUR', quote: 'USD', date: FRIDAY, rate: '1.0845' }] } });
  });

  it('crosses two currencies through the table base: USD→JPY = EUR→JPY ÷ EUR→USD', () => {
    const found = rateFor(table, 'USD', 'JPY', FRIDAY);
    // 163.45 / 1.0845 = 326900/2169 exactly.
    expect(found).toMatchObject({ kind: 'rate', date: FRIDAY, rate: '150.714615', ratio: { numerator: 326900n, denominator: 2169n } });
    expect(found).toMatchObject({ derivedFrom: { kind: 'cross', via: 'EUR', legs: [{ quote: 'USD', rate: '1.0845' }, { quote: 'JPY', rate: '163.45' }] } });
    expect(rateFor(table, 'JPY', 'USD', FRIDAY)).toMatchObject({ ratio: { numerator: 2169n, denominator: 326900n } });
  });

  it('uses Friday’s rate on Saturday and Sunday, and never Monday’s', () => {
    for (const weekend of ['2026-03-07', '2026-03-08']) {
      expect(rateFor(table, 'EUR', 'USD', weekend)).toMatchObject({ forDate: weekend, date: FRIDAY, rate: '1.0845' });
    }
    expect(rateFor(table, 'EUR', 'USD', '2026-03-09')).toMatchObject({ date: '2026-03-09', rate: '1.09' });
  });

  it('looks back at most 4 calendar days (Easter Monday takes Maundy Thursday’s), then has no rate', () => {
    expect(rateFor(table, 'EUR', 'USD', '2026-04-06')).toMatchObject({ kind: 'rate', date: '2026-04-02' });
    expect(rateFor(table, 'EUR', 'USD', '2026-04-07')).toEqual({ kind: 'no_rate', from: 'EUR', to: 'USD', date: '2026-04-07' });
    // A cross leg missing on the latest day: JPY was not published on 03-09, so Tuesday falls back to Friday's pair.
    expect(rateFor(table, 'USD', 'JPY', '2026-03-10')).toMatchObject({ kind: 'rate', date: FRIDAY });
  });

  it('never uses a later rate, nor a currency the table lacks', () => {
    expect(rateFor(table, 'EUR', 'USD', '2026-03-04')).toEqual({ kind: 'no_rate', from: 'EUR', to: 'USD', date: '2026-03-04' });
    expect(rateFor(table, 'USD', 'CHF', FRIDAY)).toEqual({ kind: 'no_rate', from: 'USD', to: 'CHF', date: FRIDAY });
  });

  it('prefers the direct row to the inverse one on the same day, and the latest day to the path', () => {
    const both = rateTable([
      { base: 'USD', quote: 'JPY', date: '2026-03-05', rate: '150' },
      ...ecb(FRIDAY, { USD: '1.0845', JPY: '163.45' }),
      { base: 'USD', quote: 'EUR', date: FRIDAY, rate: '0.92' },
    ]);
    expect(rateFor(both, 'USD', 'EUR', FRIDAY)).toMatchObject({ rate: '0.92' });
    expect(rateFor(both, 'EUR', 'USD', FRIDAY)).toMatchObject({ rate: '1.0845' });
    expect(rateFor(both, 'USD', 'JPY', FRIDAY)).toMatchObject({ date: FRIDAY, derivedFrom: { kind: 'cross' } });
    expect(rateFor(both, 'USD', 'JPY', '2026-03-05')).toMatchObject({ rate: '150' });
  });

  it('converts a currency into itself at 1', () => {
    expect(rateFor(table, 'USD', 'USD', '2026-01-01')).toMatchObject({ kind: 'rate', rate: '1', derivedFrom: { kind: 'same_currency' } });
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => rateFor(table, 'EUR', 'USD', '2026-02-30')).toThrow(RangeError);
  });
});

describe('the rate table', () => {
  it('names every bad row: codes, dates, rates and a second rate for the same day', () => {
    const rows: ExchangeRate[] = [
      { base: 'EUR', quote: 'USX', date: FRIDAY, rate: '1.1' },
      { base: 'EUR', quote: 'EUR', date: FRIDAY, rate: '1' },
      { base: 'EUR', quote: 'USD', date: '2026-02-30', rate: '1.1' },
      { base: 'EUR', quote: 'USD', date: FRIDAY, rate: '1,08' },
      { base: 'EUR', quote: 'JPY', date: FRIDAY, rate: '163.45' },
      { base: 'EUR', quote: 'JPY', date: FRIDAY, rate: '163.46' },
    ];
    expect(rateTableProblems(rows).map(({ index, field }) => [index, field])).toEqual([
      [0, 'quote'],
      [1, 'quote'],
      [2, 'date'],
      [3, 'rate'],
      [5, 'date'],
    ]);
    expect(() => rateTable(rows)).toThrow(InvalidRateTable);
  });

  it('reads rates as decimal text of at most 10 significant digits, never as floats', () => {
    // Long digit runs are built, not written side by side: the card-number scan reads a tracked file's
    // numbers across separators, and two rates in a row looked like one card number.
    const digits = (count: number) => '1234567890'.repeat(2).slice(0, count);
    const good = ['1', '0.92345', '163.45', '0.0000012345', digits(10), `${digits(5)}.${digits(10).slice(5)}`, `1.${'0'.repeat(13)}`];
    for (const rate of good) expect(rateProblem(rate)).toBeUndefined();
    for (const bad of ['0', '0.000', '-1.2', '+1.2', '1e3', '1,08', '.5', '1.', ' 1.1', digits(11), `1.${digits(10).slice(1)}1`, 'N/A', '']) {
      expect([bad, rateProblem(bad)]).toEqual([bad, expect.any(String)]);
    }
    expect(rateRatio('0.0000012345')).toEqual({ numerator: 2469n, denominator: 2000000000n });
  });
});

describe('exact arithmetic', () => {
  it('rounds a quotient half to even, either sign', () => {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 2n, 2n], [7n, 2n, 4n], [-5n, 2n, -2n], [-7n, 2n, -4n], [1n, 3n, 0n], [2n, 3n, 1n], [-2n, 3n, -1n], [0n, 7n, 0n], [10n, 5n, 2n],
    ];
    for (const [n, d, q] of cases) expect([n, d, divideHalfEven(n, d)]).toEqual([n, d, q]);
  });

  it('writes a ratio with 10 significant digits', () => {
    expect(ratioText({ numerator: 1n, denominator: 3n })).toBe('0.3333333333');
    expect(ratioText({ numerator: 2n, denominator: 3n })).toBe('0.6666666667');
    expect(ratioText({ numerator: 1n, denominator: 80000n })).toBe('0.0000125');
    expect(ratioText({ numerator: 12345678901234n, denominator: 1n })).toBe('12345678900000');
    expect(ratioText({ numerator: 99999999999n, denominator: 100000000000n })).toBe('1');
  });

  it('records a derived rate with its exact fraction, and as JSON', () => {
    const direct = rateFor(table, 'EUR', 'USD', FRIDAY);
    const inverse = rateFor(table, 'USD', 'EUR', FRIDAY);
    if (direct.kind !== 'rate' || inverse.kind !== 'rate') throw new Error('rates expected');
    expect(recordedRate(direct)).toEqual({ from: 'EUR', to: 'USD', forDate: FRIDAY, date: FRIDAY, rate: '1.0845' });
    expect(recordedRate(inverse)).toMatchObject({ rate: '0.9220839096', exact: '2000/2169', derivedFrom: { kind: 'inverse' } });
    expect(JSON.parse(JSON.stringify(recordedRate(inverse)))).toEqual(recordedRate(inverse));
  });
});
