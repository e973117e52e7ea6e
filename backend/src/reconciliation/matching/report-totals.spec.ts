import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, DIFFERENCES, type ReconciliationItem } from './records.js';
import { reportTotals } from './report-totals.js';

const itemArb = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  currency: fc.constantFrom('USD', 'EUR', 'JPY'),
  paytraceMinor: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: undefined }),
  sageMinor: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: undefined }),
});

describe('reportTotals', () => {
  it('adds every item once into its category and currency, and counts the ones a person must look at', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 60 }), (rows) => {
        const items = rows.map((row): ReconciliationItem => ({ ...row, sentence: '', records: { paytrace: [], sage: [] } }));
        const { totals, unexplained } = reportTotals(items);
        expect(totals.reduce((n, t) => n + t.count, 0)).toBe(items.length);
        expect(unexplained).toBe(items.filter((item) => DIFFERENCES.includes(item.category)).length);
        for (const t of totals) {
          const mine = items.filter((item) => item.category === t.category && item.currency === t.currency);
          expect(t).toEqual({ category: t.category, currency: t.currency, count: mine.length, paytraceMinor: mine.reduce((s, i) => s + (i.paytraceMinor ?? 0), 0), sageMinor: mine.reduce((s, i) => s + (i.sageMinor ?? 0), 0) });
        }
        expect(new Set(totals.map((t) => `${t.category}:${t.currency}`)).size).toBe(totals.length);
      }),
    );
  });
});
