import { describe, expect, it } from 'vitest';
import { centsToSageMoney, fitsSageMoney, minorToSageMoney, sageExponent, sageMoneyText, sageMoneyToCents, sageMoneyToMinor } from './money.js';

describe('centsToSageMoney', () => {
  it.each([
    [12345, '123.4500'],
    [0, '0.0000'],
    [5, '0.0500'],
    [29, '0.2900'],
    [-5, '-0.0500'],
    [-100510, '-1005.1000'],
    [99_999_999_999_999, '999999999999.9900'],
  ])('%i cents → %s', (cents, text) => expect(centsToSageMoney(cents)).toBe(text));

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, 100_000_000_000_000])('refuses %s', (cents) => {
    expect(() => centsToSageMoney(cents)).toThrow(RangeError);
  });
});

describe('sageMoneyToCents', () => {
  it.each<[string | number, number]>([
    ['123.4500', 12345],
    ['0.2900', 29],
    [0.29, 29],
    [19.99, 1999],
    [1005.1, 100510],
    [4.35, 435],
    ['-5.0000', -500],
    [-0.01, -1],
    ['-0.0000', 0],
    ['  12.3 ', 1230],
    ['110', 11000],
    [999_999_999_999.99, 99_999_999_999_999],
    [1e-7, 0],
  ])('%j → %i', (value, cents) => expect(sageMoneyToCents(value)).toBe(cents));

  it('round-trips every cent value through the text', () => {
    for (const cents of [1, 7, 10, 99, 101, 123456789, -987654321]) expect(sageMoneyToCents(centsToSageMoney(cents))).toBe(cents);
  });

  it.each(['12.3450', '0.0001', 12.345, 'abc', '', '1.2.3', Number.NaN, '1234567890123.00'])('refuses %j', (value) => {
    expect(() => sageMoneyToCents(value)).toThrow(RangeError);
  });
});

describe('minorToSageMoney: minor units of the currency → Sage Pro numeric(16,4)', () => {
  it.each<[number, string, string]>([
    [1_200, 'JPY', '1200.0000'],
    [1, 'JPY', '1.0000'],
    [12_345, 'USD', '123.4500'],
    [1_005, 'KWD', '1.0050'],
    [1, 'KWD', '0.0010'],
    [-5, 'KWD', '-0.0050'],
    [12_345, 'CLF', '1.2345'],
    [0, 'JPY', '0.0000'],
    [999_999_999_999, 'JPY', '999999999999.0000'],
    [999_999_999_999_999, 'KWD', '999999999999.9990'],
  ])('%i %s → %s', (minor, currency, text) => expect(minorToSageMoney(minor, currency)).toBe(text));

  it('holds 12 digits before the point in every currency', () => {
    expect(fitsSageMoney(999_999_999_999, 'JPY')).toBe(true);
    expect(fitsSageMoney(1_000_000_000_000, 'JPY')).toBe(false);
    expect(fitsSageMoney(99_999_999_999_999, 'USD')).toBe(true);
    expect(fitsSageMoney(100_000_000_000_000, 'USD')).toBe(false);
    expect(fitsSageMoney(1_000_000_000_000_000, 'KWD')).toBe(false);
    expect(() => minorToSageMoney(1_000_000_000_000, 'JPY')).toThrow(RangeError);
  });

  it('refuses a currency ISO 4217 does not list instead of taking it as cents', () => {
    for (const code of ['ZZZ', 'usd', 'XAU', '']) {
      expect(() => minorToSageMoney(100, code)).toThrow(RangeError);
      expect(() => sageMoneyToMinor('1.0000', code)).toThrow(RangeError);
    }
    expect(sageExponent('JPY')).toBe(0);
    expect(sageExponent('CLF')).toBe(4);
  });
});

describe('sageMoneyToMinor: Sage Pro numeric(16,4) → minor units of the currency', () => {
  it.each<[string | number, string, number]>([
    ['1200.0000', 'JPY', 1_200],
    [1200, 'JPY', 1_200],
    ['12.0000', 'JPY', 12],
    ['123.4500', 'USD', 12_345],
    [19.99, 'USD', 1_999],
    ['1.0050', 'KWD', 1_005],
    [1.005, 'KWD', 1_005],
    ['-0.0010', 'KWD', -1],
    ['1.2345', 'CLF', 12_345],
    ['999999999999.0000', 'JPY', 999_999_999_999],
  ])('%j %s → %i', (value, currency, minor) => expect(sageMoneyToMinor(value, currency)).toBe(minor));

  it('refuses fractions below the currency’s minor unit rather than rounding them', () => {
    expect(() => sageMoneyToMinor('1200.5000', 'JPY')).toThrow(/fractions of a JPY minor unit/);
    expect(() => sageMoneyToMinor(0.5, 'JPY')).toThrow(RangeError);
    expect(() => sageMoneyToMinor('1.0055', 'KWD')).toThrow(/KWD/);
    expect(() => sageMoneyToMinor('0.0050', 'USD')).toThrow(RangeError);
  });

  it('round-trips every currency’s values through the text', () => {
    for (const [currency, values] of [['JPY', [1, 1_200, 987_654_321]], ['USD', [1, 99, 123_456_789]], ['KWD', [1, 1_005, -987_654_321]]] as const) {
      for (const minor of values) expect(sageMoneyToMinor(minorToSageMoney(minor, currency), currency)).toBe(minor);
    }
  });
});

describe('sageMoneyText', () => {
  it.each<[string | number, string]>([['2.1', '2.1000'], [2.1, '2.1000'], [' 0012.3456 ', '12.3456'], ['-0', '0.0000'], ['-5.5', '-5.5000']])('%j → %s', (value, text) =>
    expect(sageMoneyText(value)).toBe(text),
  );
  it('refuses what is not Sage Pro money', () => expect(() => sageMoneyText('1.23456')).toThrow(RangeError));
});
