import { describe, expect, it } from 'vitest';
import { addDays, formatTimestamp, formatUsDate, isValidTimeZone, localDate, localInstant, parseUsDate } from './time.js';

const LA = 'America/Los_Angeles';

describe('merchant time', () => {
  it('formats export timestamps in the merchant time zone', () => {
    expect(formatTimestamp(new Date('2015-04-10T23:06:30Z'), LA)).toBe('4/10/2015 4:06:30 PM');
    expect(formatTimestamp(new Date('2015-01-01T08:00:05Z'), LA)).toBe('1/1/2015 12:00:05 AM');
    expect(formatTimestamp(new Date('2015-01-01T20:09:00Z'), LA)).toBe('1/1/2015 12:09:00 PM');
    expect(formatTimestamp(new Date('2015-01-01T20:09:00Z'), 'America/New_York')).toBe('1/1/2015 3:09:00 PM');
  });

  it('finds the local calendar date of an instant', () => {
    expect(localDate(new Date('2026-03-01T07:59:59Z'), LA)).toBe('2026-02-28');
    expect(localDate(new Date('2026-03-01T08:00:00Z'), LA)).toBe('2026-03-01');
  });

  it('finds the instant of local midnight across daylight-saving changes', () => {
    expect(localInstant('2026-01-15', LA).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(localInstant('2026-07-15', LA).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(localInstant('2026-03-08', LA).toISOString()).toBe('2026-03-08T08:00:00.000Z'); // DST starts at 2 AM
    expect(localInstant('2026-03-09', LA).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(localInstant('2026-11-01', LA, 30).toISOString()).toBe('2026-11-01T07:30:00.000Z');
  });

  it('reads and writes MM/DD/YYYY dates', () => {
    expect(parseUsDate('04/10/2015')).toBe('2015-04-10');
    expect(parseUsDate('4/1/2015')).toBe('2015-04-01');
    expect(parseUsDate('02/30/2015')).toBeUndefined();
    expect(parseUsDate('2015-04-10')).toBeUndefined();
    expect(formatUsDate('2015-04-01')).toBe('04/01/2015');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });

  it('knows a time zone when it sees one', () => {
    expect(isValidTimeZone(LA)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
