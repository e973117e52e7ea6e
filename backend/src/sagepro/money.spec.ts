import { describe, expect, it } from 'vitest';
import { centsToSageMoney, sageMoneyToCents } from './money.js';

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
