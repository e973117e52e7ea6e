import { describe, expect, it } from 'vitest';
import { extendedCents, hundredthsToNumber, hundredthsToQuantity, quantityToHundredths } from './quantities.js';

describe('quantities', () => {
  it.each<[string | number, number]>([
    [3, 300],
    [2.5, 250],
    [0.01, 1],
    ['12.00', 1200],
    ['12', 1200],
    [' 7.5 ', 750],
    ['-1.25', -125],
    [1234567890.99, 123456789099],
  ])('%j → %i hundredths', (value, hundredths) => expect(quantityToHundredths(value)).toBe(hundredths));

  it.each([0.001, '1.234', 'abc', Number.NaN, '12345678901', ''])('refuses %j', (value) => {
    expect(() => quantityToHundredths(value)).toThrow(RangeError);
  });

  it('writes hundredths back as numeric(12,2) text and as numbers', () => {
    expect(hundredthsToQuantity(250)).toBe('2.50');
    expect(hundredthsToQuantity(-5)).toBe('-0.05');
    expect(hundredthsToQuantity(0)).toBe('0.00');
    expect(hundredthsToNumber(1200)).toBe(12);
    expect(() => hundredthsToQuantity(1.5)).toThrow(RangeError);
    expect(() => hundredthsToQuantity(1_000_000_000_000)).toThrow(RangeError);
  });

  it('extends a price in whole cents or not at all', () => {
    expect(extendedCents(300, 1999)).toBe(5997);
    expect(extendedCents(250, 2000)).toBe(5000);
    expect(extendedCents(250, 1999)).toBeUndefined();
  });
});
