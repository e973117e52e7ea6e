import { describe, expect, it } from 'vitest';
import { centsToPayTrace, payTraceToCents, tryPayTraceToCents } from './money.js';

describe('centsToPayTrace', () => {
  it.each([
    [1234, '12.34'],
    [0, '0.00'],
    [5, '0.05'],
    [29, '0.29'],
    [1999, '19.99'],
    [100510, '1005.10'],
    [11000, '110.00'],
    [123456789012, '1234567890.12'],
  ])('%i cents → "%s"', (cents, text) => expect(centsToPayTrace(cents)).toBe(text));

  it.each([-1, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('refuses %s', (cents) => {
    expect(() => centsToPayTrace(cents)).toThrow(RangeError);
  });
});

describe('payTraceToCents', () => {
  it.each<[string | number, number]>([
    ['12.34', 1234],
    [12.34, 1234],
    [110, 11000],
    ['110', 11000],
    [0.29, 29],
    ['0.29', 29],
    [19.99, 1999],
    [1005.1, 100510],
    ['1005.1', 100510],
    ['8.10', 810],
    [1.15, 115],
    [4.35, 435],
    [0.07, 7],
    ['12.340', 1234],
    [' 7.5 ', 750],
    ['-5.00', -500],
    [-0.01, -1],
    ['0', 0],
  ])('%j → %i', (value, cents) => expect(payTraceToCents(value)).toBe(cents));

  it('is exact where float multiplication is not', () => {
    // The classic traps: 0.29 * 100 = 28.999999999999996, 1005.1 * 100 = 100509.99999999999.
    expect(0.29 * 100).not.toBe(29);
    expect(payTraceToCents(0.29)).toBe(29);
    const wrong: number[] = [];
    for (let cents = 0; cents < 200_000; cents += 7) if (payTraceToCents(cents / 100) !== cents) wrong.push(cents);
    expect(wrong).toEqual([]);
  });

  it.each(['12.345', '1e3', 'abc', '', '$12.00', '1,005.10', '12.3.4'])('refuses %j', (value) => {
    expect(() => payTraceToCents(value)).toThrow(RangeError);
  });

  it('refuses non-finite numbers, and tryPayTraceToCents answers undefined instead', () => {
    expect(() => payTraceToCents(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(tryPayTraceToCents('')).toBeUndefined();
    expect(tryPayTraceToCents(null)).toBeUndefined();
    expect(tryPayTraceToCents('1.005')).toBeUndefined();
    expect(tryPayTraceToCents('1.05')).toBe(105);
  });

  it('round-trips with centsToPayTrace', () => {
    for (const cents of [0, 1, 99, 100, 12345, 99999999]) expect(payTraceToCents(centsToPayTrace(cents))).toBe(cents);
  });
});
