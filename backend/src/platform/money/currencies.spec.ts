import { describe, expect, it } from 'vitest';
import { ISO_4217_CODES, isIsoCurrency, minorUnitExponent, moneyText, UnknownCurrency } from './currencies.js';

describe('ISO 4217 minor-unit exponents', () => {
  it('knows the currencies without, with two and with three decimals', () => {
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('KRW')).toBe(0);
    expect(minorUnitExponent('USD')).toBe(2);
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('KWD')).toBe(3);
    expect(minorUnitExponent('BHD')).toBe(3);
    expect(minorUnitExponent('CLF')).toBe(4);
  });

  it('holds every active code once, each with 0 to 4 decimals', () => {
    expect(ISO_4217_CODES.length).toBeGreaterThanOrEqual(165);
    expect(new Set(ISO_4217_CODES).size).toBe(ISO_4217_CODES.length);
    for (const code of ISO_4217_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(minorUnitExponent(code));
    }
  });

  it('agrees with the runtime (CLDR) wherever CLDR follows ISO', () => {
    // CLDR rounds some currencies for display (IDR, HUF, …); these are the ones where ISO and CLDR agree.
    const intl = new Set(Intl.supportedValuesOf('currency'));
    for (const code of ['USD', 'EUR', 'GBP', 'JPY', 'KWD', 'BHD', 'CLP', 'VND', 'XOF', 'TND', 'OMR', 'CHF', 'CAD']) {
      expect(intl.has(code)).toBe(true);
      const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
      expect([code, minorUnitExponent(code)]).toEqual([code, digits]);
    }
  });

  it('refuses an unknown or withdrawn code, a lower-case one and units without a minor unit, never taking them as 2', () => {
    for (const code of ['ABC', 'usd', 'US', '', 'HRK', 'DEM', 'XAU', 'XDR', 'XTS', 'XXX']) {
      expect(isIsoCurrency(code)).toBe(false);
      expect(() => minorUnitExponent(code)).toThrow(UnknownCurrency);
    }
    expect(() => minorUnitExponent('toString')).toThrow(UnknownCurrency);
    expect(isIsoCurrency(undefined)).toBe(false);
  });
});


describe('moneyText', () => {
  it("writes each currency with its own exponent", () => {
    expect(moneyText(12345, 'USD')).toBe('123.45 USD');
    expect(moneyText(5, 'USD')).toBe('0.05 USD');
    expect(moneyText(1200, 'JPY')).toBe('1200 JPY');
    expect(moneyText(-5, 'KWD')).toBe('-0.005 KWD');
    expect(moneyText(0, 'EUR')).toBe('0.00 EUR');
    expect(() => moneyText(1.5, 'USD')).toThrow(RangeError);
  });
});
