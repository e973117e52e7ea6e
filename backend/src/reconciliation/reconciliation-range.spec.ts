import { describe, expect, it } from 'vitest';
import { checkRange } from './reconciliation-range.js';

describe('reconciliation range', () => {
  it('takes real days, in order, at most a quarter', () => {
    expect(() => checkRange('2026-11-01', '2026-11-30')).not.toThrow();
    expect(() => checkRange('2026-11-01', '2027-01-31')).not.toThrow(); // 92 days
    expect(() => checkRange('2026-11-01', '2027-02-01')).toThrow(/at most 92 days/);
    expect(() => checkRange('2026-02-30', '2026-03-01')).toThrow(/from/);
    expect(() => checkRange('2026-13-01', '2026-12-31')).toThrow(/from/);
    expect(() => checkRange('2026-11-02', '2026-11-01')).toThrow(/before from/);
    expect(() => checkRange('2026-11-01', 'tomorrow')).toThrow(/YYYY-MM-DD/);
  });
});
