import { describe, expect, it } from 'vitest';
import { firstRunDate, frequencyCode, nextRunDate } from './recurrence-schedule.js';

describe('recurrence schedule', () => {
  it('accepts codes and Virtual Terminal names', () => {
    expect(frequencyCode('3')).toBe('3');
    expect(frequencyCode('monthly')).toBe('3');
    expect(frequencyCode('Bi-Weekly')).toBe('4');
    expect(frequencyCode('a')).toBe('A');
    expect(frequencyCode('hourly')).toBeUndefined();
  });

  it('steps monthly schedules without drifting through short months', () => {
    const start = '2026-01-31';
    const feb = nextRunDate(start, '3', start);
    expect(feb).toBe('2026-02-28');
    expect(nextRunDate(feb, '3', start)).toBe('2026-03-31');
    expect(nextRunDate('2026-11-15', '2', '2026-11-15')).toBe('2027-02-15');
    expect(nextRunDate('2024-02-29', '1', '2024-02-29')).toBe('2025-02-28');
  });

  it('steps day-based schedules', () => {
    expect(nextRunDate('2026-12-28', '5', '2026-12-28')).toBe('2027-01-04');
    expect(nextRunDate('2026-12-31', '6', '2026-12-31')).toBe('2027-01-01');
    expect(nextRunDate('2026-12-01', '4', '2026-12-01')).toBe('2026-12-15');
  });

  it('runs 1st-and-15th schedules on those days only', () => {
    expect(firstRunDate('2026-03-04', '7')).toBe('2026-03-15');
    expect(firstRunDate('2026-03-15', '7')).toBe('2026-03-15');
    expect(nextRunDate('2026-03-15', '7', '2026-03-15')).toBe('2026-04-01');
    expect(nextRunDate('2026-12-15', '7', '2026-12-15')).toBe('2027-01-01');
    expect(firstRunDate('2026-03-04', '3')).toBe('2026-03-04');
  });
});
