import { describe, expect, it } from 'vitest';
import { dollars, formatDollars, parseAmount } from './money.js';

describe('money', () => {
  it('reads decimal dollars as strings or numbers into cents', () => {
    expect(parseAmount('1.00')).toBe(100);
    expect(parseAmount('0.29')).toBe(29);
    expect(parseAmount(' 12 ')).toBe(1200);
    expect(parseAmount('3.5')).toBe(350);
    expect(parseAmount(110.1)).toBe(11010);
    expect(parseAmount(0)).toBe(0);
  });

  it('refuses what is not an amount', () => {
    for (const value of ['', 'abc', '-1.00', '1.001', '1e3', null, undefined, {}, Number.NaN, '12345678.00']) {
      expect(parseAmount(value)).toBeUndefined();
    }
  });

  it('writes cents back as dollars without float drift', () => {
    expect(formatDollars(810)).toBe('8.10');
    expect(formatDollars(5)).toBe('0.05');
    expect(formatDollars(-1005)).toBe('-10.05');
    expect(dollars(11000)).toBe(110);
    expect(dollars(1005)).toBe(10.05);
  });
});
