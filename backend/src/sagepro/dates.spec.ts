import { describe, expect, it } from 'vitest';
import { fromSageDate, isIsoDate, sageStamp, toSageDate } from './dates.js';

describe('toSageDate', () => {
  it('writes YYYYMMDD to SQL Server and YYYY-MM-DD to PostgreSQL', () => {
    expect(toSageDate('2026-10-31', 'mssql')).toBe('20261031');
    expect(toSageDate('2026-10-31', 'postgres')).toBe('2026-10-31');
    expect(toSageDate('1900-01-01', 'mssql')).toBe('19000101');
  });

  it.each(['2026-02-30', '2026-1-5', '31/10/2026', ''])('refuses %j', (value) => {
    expect(() => toSageDate(value, 'mssql')).toThrow(RangeError);
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('fromSageDate', () => {
  it('reads tedious dates in UTC and pg dates in local time', () => {
    expect(fromSageDate(new Date(Date.UTC(2026, 9, 31)), 'mssql')).toBe('2026-10-31');
    expect(fromSageDate(new Date(2026, 9, 31), 'postgres')).toBe('2026-10-31');
    expect(fromSageDate('2026-10-31 00:00:00', 'postgres')).toBe('2026-10-31');
  });

  it('answers null for the empty date in any form', () => {
    expect(fromSageDate(new Date(Date.UTC(1900, 0, 1)), 'mssql')).toBeNull();
    expect(fromSageDate(new Date(1900, 0, 1), 'postgres')).toBeNull();
    expect(fromSageDate('1900-01-01T00:00:00', 'postgres')).toBeNull();
    expect(fromSageDate(null, 'mssql')).toBeNull();
  });
});

describe('sageStamp', () => {
  it('gives the company-local date and HH:MM:SS', () => {
    const at = new Date('2026-11-01T06:30:05Z');
    expect(sageStamp(at, 'America/Los_Angeles')).toEqual({ date: '2026-10-31', time: '23:30:05' });
    expect(sageStamp(at, 'UTC')).toEqual({ date: '2026-11-01', time: '06:30:05' });
  });

  it('reuses one formatter per zone and keeps zones apart', () => {
    const at = new Date('2026-11-01T06:30:05Z');
    for (let i = 0; i < 3; i += 1) {
      expect(sageStamp(at, 'America/Chicago')).toEqual({ date: '2026-11-01', time: '01:30:05' });
      expect(sageStamp(at, 'Asia/Tokyo')).toEqual({ date: '2026-11-01', time: '15:30:05' });
    }
    expect(sageStamp(new Date('2026-11-01T05:00:00Z'), 'America/Chicago')).toEqual({ date: '2026-11-01', time: '00:00:00' });
  });
});
