import { describe, expect, it } from 'vitest';
import { formatPayTraceDate, formatPayTraceTimestamp, localCalendarDate, parsePayTraceDate, parsePayTraceTimestamp } from './time.js';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
const iso = (text: string, zone = LA) => parsePayTraceTimestamp(text, zone)?.toISOString();

describe('parsePayTraceTimestamp', () => {
  it('reads the fact sheet sample in Pacific time (PDT in April)', () => {
    expect(iso('4/10/2015 4:06:30 PM')).toBe('2015-04-10T23:06:30.000Z');
    expect(iso('4/10/2015 8:13:45 PM')).toBe('2015-04-11T03:13:45.000Z');
  });

  it('uses standard time in winter and the connection zone, not the process zone', () => {
    expect(iso('1/15/2024 9:00:00 AM')).toBe('2024-01-15T17:00:00.000Z');
    expect(iso('1/15/2024 9:00:00 AM', NY)).toBe('2024-01-15T14:00:00.000Z');
    expect(iso('1/15/2024 9:00:00 AM', 'UTC')).toBe('2024-01-15T09:00:00.000Z');
  });

  it('reads 12 AM as midnight and 12 PM as noon', () => {
    expect(iso('6/1/2024 12:00:00 AM')).toBe('2024-06-01T07:00:00.000Z');
    expect(iso('6/1/2024 12:00:01 AM')).toBe('2024-06-01T07:00:01.000Z');
    expect(iso('6/1/2024 12:00:00 PM')).toBe('2024-06-01T19:00:00.000Z');
    expect(iso('6/1/2024 12:59:59 PM')).toBe('2024-06-01T19:59:59.000Z');
    expect(iso('6/1/2024 11:59:59 PM')).toBe('2024-06-02T06:59:59.000Z');
    expect(iso('6/1/2024 1:00:00 PM')).toBe('2024-06-01T20:00:00.000Z');
  });

  it('crosses the spring-forward transition (2024-03-10, 2:00 PST → 3:00 PDT)', () => {
    expect(iso('3/10/2024 1:59:59 AM')).toBe('2024-03-10T09:59:59.000Z');
    expect(iso('3/10/2024 3:00:00 AM')).toBe('2024-03-10T10:00:00.000Z');
  });

  it('moves a spring-forward gap time forward by the gap (2:30 AM → 3:30 AM PDT)', () => {
    expect(iso('3/10/2024 2:30:00 AM')).toBe('2024-03-10T10:30:00.000Z');
    expect(iso('3/10/2024 2:30:00 AM')).toBe(iso('3/10/2024 3:30:00 AM'));
    expect(iso('3/10/2024 2:30:00 AM', NY)).toBe('2024-03-10T07:30:00.000Z');
  });

  it('takes the earlier instant in the fall-back overlap (1:30 AM PDT, not PST)', () => {
    expect(iso('11/3/2024 1:30:00 AM')).toBe('2024-11-03T08:30:00.000Z');
    expect(iso('11/3/2024 12:59:59 AM')).toBe('2024-11-03T07:59:59.000Z');
    expect(iso('11/3/2024 2:00:00 AM')).toBe('2024-11-03T10:00:00.000Z');
    expect(iso('11/3/2024 1:30:00 AM', NY)).toBe('2024-11-03T05:30:00.000Z');
  });

  it('round-trips every instant outside the overlap hour with formatPayTraceTimestamp', () => {
    for (let t = Date.UTC(2024, 2, 9); t < Date.UTC(2024, 2, 11); t += 17 * 60_000 + 13_000) {
      const instant = new Date(t);
      expect(parsePayTraceTimestamp(formatPayTraceTimestamp(instant, LA), LA)?.getTime()).toBe(t);
    }
    for (let t = Date.UTC(2024, 10, 3, 12); t < Date.UTC(2024, 10, 4); t += 37 * 60_000) {
      expect(parsePayTraceTimestamp(formatPayTraceTimestamp(new Date(t), LA), LA)?.getTime()).toBe(t);
    }
  });

  it('tolerates leading zeros and a missing seconds field', () => {
    expect(iso('04/10/2015 04:06:30 PM')).toBe('2015-04-10T23:06:30.000Z');
    expect(iso('4/10/2015 4:06 pm')).toBe('2015-04-10T23:06:00.000Z');
  });

  it.each(['', '2015-04-10 16:06:30', '4/10/2015 16:06:30', '4/10/2015 0:06:30 AM', '2/30/2024 1:00:00 AM', '4/10/2015 4:60:00 PM', '13/1/2024 1:00:00 AM'])(
    'refuses %j',
    (text) => expect(parsePayTraceTimestamp(text, LA)).toBeUndefined(),
  );
});

describe('formatPayTraceTimestamp', () => {
  it('writes PayTrace style: no leading zeros on month, day or hour', () => {
    expect(formatPayTraceTimestamp(new Date('2015-04-10T23:06:30Z'), LA)).toBe('4/10/2015 4:06:30 PM');
    expect(formatPayTraceTimestamp(new Date('2024-06-01T07:00:05Z'), LA)).toBe('6/1/2024 12:00:05 AM');
    expect(formatPayTraceTimestamp(new Date('2024-06-01T19:00:00Z'), LA)).toBe('6/1/2024 12:00:00 PM');
  });
});

describe('export dates', () => {
  it('formats a calendar date as MM/DD/YYYY', () => {
    expect(formatPayTraceDate('2024-03-05', LA)).toBe('03/05/2024');
  });

  it('formats an instant as the day it falls on in the connection zone', () => {
    const instant = new Date('2024-03-05T06:30:00Z'); // 10:30 PM on March 4 in Los Angeles
    expect(formatPayTraceDate(instant, LA)).toBe('03/04/2024');
    expect(formatPayTraceDate(instant, NY)).toBe('03/05/2024');
    expect(localCalendarDate(instant, LA)).toBe('2024-03-04');
  });

  it('refuses what is not a real calendar date', () => {
    expect(() => formatPayTraceDate('2024-02-30', LA)).toThrow(RangeError);
    expect(() => formatPayTraceDate('3/5/2024', LA)).toThrow(RangeError);
  });

  it('parses MM/DD/YYYY back', () => {
    expect(parsePayTraceDate('03/05/2024')).toBe('2024-03-05');
    expect(parsePayTraceDate('3/5/2024')).toBe('2024-03-05');
    expect(parsePayTraceDate('02/30/2024')).toBeUndefined();
  });
});
