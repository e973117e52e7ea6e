import { describe, expect, it } from 'vitest';
import { decimalToMinor, minorDigits } from './money.js';

describe('decimalToMinor', () => {
  it('converts two-decimal currencies without floating point', () => {
    expect(decimalToMinor('12.30', 'USD')).toBe(1230);
    expect(decimalToMinor('0.29', 'USD')).toBe(29);
    expect(decimalToMinor('0.1', 'EUR')).toBe(10);
    expect(decimalToMinor('199', 'usd')).toBe(19900);
    expect(decimalToMinor('0.00', 'USD')).toBe(0);
    expect(decimalToMinor('12.300', 'USD')).toBe(1230);
  });

  it('knows zero- and three-decimal currencies', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(decimalToMinor('1200', 'JPY')).toBe(1200);
    expect(decimalToMinor('1200.00', 'JPY')).toBe(1200);
    expect(decimalToMinor('1.005', 'KWD')).toBe(1005);
    expect(decimalToMinor('2.5', 'BHD')).toBe(2500);
  });

  it('refuses amounts it would have to round or cannot read', () => {
    expect(() => decimalToMinor('12.345', 'USD')).toThrow(/more than 2 decimals/);
    expect(() => decimalToMinor('1200.5', 'JPY')).toThrow(/more than 0 decimals/);
    expect(() => decimalToMinor('-1.00', 'USD')).toThrow(RangeError);
    expect(() => decimalToMinor('1e3', 'USD')).toThrow(RangeError);
    expect(() => decimalToMinor('', 'USD')).toThrow(RangeError);
    expect(() => decimalToMinor('99999999999999999.00', 'USD')).toThrow(/too large/);
  });

  it('refuses a currency ISO 4217 does not list instead of taking it as 2 decimals', () => {
    expect(() => decimalToMinor('12.30', 'ZZZ')).toThrow(/not an ISO 4217 currency/);
    expect(() => minorDigits('XAU')).toThrow(RangeError);
  });
});
