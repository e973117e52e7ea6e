import { describe, expect, it } from 'vitest';
import {
  addDays,
  EMPTY_DATE,
  fixedText,
  isEmptyDate,
  leftJustified,
  moneyCents,
  moneyText,
  rightJustified,
  sameKey,
  trimmed,
} from './fixed-width.js';

describe('Sage Pro fixed-width keys', () => {
  it('right-justifies document counters to the column width', () => {
    expect(rightJustified(1001, 10)).toBe('      1001');
    expect(rightJustified(' 5001 ', 10)).toBe('      5001');
    expect(rightJustified('1234567890', 10)).toBe('1234567890');
    expect(rightJustified(1, 4)).toBe('   1');
  });

  it('left-justifies codes, as the CHAR column pads them', () => {
    expect(leftJustified('CASH', 6)).toBe('CASH  ');
    expect(leftJustified('1200', 24)).toBe(`1200${' '.repeat(20)}`);
    expect(leftJustified(' MAIN', 6)).toBe('MAIN  ');
  });

  it('never truncates a key and never pads an empty one', () => {
    expect(() => rightJustified('12345678901', 10)).toThrow(RangeError);
    expect(() => leftJustified('TOOLONG', 6)).toThrow(RangeError);
    expect(() => rightJustified('  ', 10)).toThrow(RangeError);
    expect(() => leftJustified('A', 0)).toThrow(RangeError);
  });

  it('cuts descriptive text to the width instead', () => {
    expect(fixedText('Tidewater Office Systems', 9)).toBe('Tidewater');
    expect(fixedText('Bolt', 6)).toBe('Bolt  ');
  });

  it('compares keys the way Sage Pro users read them', () => {
    expect(trimmed('      1001')).toBe('1001');
    expect(sameKey('      1001', '1001')).toBe(true);
    expect(sameKey('CASH  ', 'CASH')).toBe(true);
    expect(sameKey('      1001', '1002')).toBe(false);
  });
});

describe('Sage Pro dates', () => {
  it('treats NULL, blank and 1900-01-01 as no date', () => {
    expect(isEmptyDate(null)).toBe(true);
    expect(isEmptyDate(undefined)).toBe(true);
    expect(isEmptyDate('')).toBe(true);
    expect(isEmptyDate(EMPTY_DATE)).toBe(true);
    expect(isEmptyDate('1900-01-01 00:00:00')).toBe(true);
    expect(isEmptyDate(new Date(Date.UTC(1900, 0, 1)))).toBe(true);
    expect(isEmptyDate('2026-10-31')).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('Sage Pro money', () => {
  it('writes integer cents as numeric text', () => {
    expect(moneyText(12345)).toBe('123.45');
    expect(moneyText(5)).toBe('0.05');
    expect(moneyText(-1005)).toBe('-10.05');
    expect(moneyText(0)).toBe('0.00');
    expect(() => moneyText(1.5)).toThrow(RangeError);
  });

  it('reads currency values (4 decimals) back into cents, rounding half away from zero', () => {
    expect(moneyCents('123.4500')).toBe(12345);
    expect(moneyCents('0.0000')).toBe(0);
    expect(moneyCents('-10.0500')).toBe(-1005);
    expect(moneyCents('1.2350')).toBe(124);
    expect(moneyCents('1.2349')).toBe(123);
    expect(moneyCents('-0.0050')).toBe(-1);
    expect(moneyCents('-0.0040')).toBe(0);
    expect(moneyCents('7')).toBe(700);
    expect(moneyCents(10.05)).toBe(1005);
    expect(() => moneyCents('abc')).toThrow(RangeError);
  });
});
