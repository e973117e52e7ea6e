import { describe, expect, it } from 'vitest';
import { dayNumber, dayOf, daysBetween } from './days.js';

describe('days', () => {
  it('counts whole days across months, leap days and years', () => {
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-11-05', '2026-11-01')).toBe(-4);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
  });
});
