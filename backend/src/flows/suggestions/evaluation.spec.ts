import { describe, expect, it } from 'vitest';
import { evaluateCases, parseCase, rates, reportLines, type EvalCase } from './evaluation.js';

const order = (name: string, number: string): EvalCase => ({
  name,
  format: 'shop-x',
  target: 'somast',
  sample: { ref_code: `R-${number}`, order_number: number, created_at: '2026-11-03T10:00:00Z', total: '12.00', colour: 'blue' },
  expected: { ponum: 'ref_code', sodate: 'created_at', ordamt: 'total', shipvia: null },
});

describe('evaluateCases', () => {
  it('scores cold, then warm from the other cases of the same format (leave-one-out)', () => {
    const report = evaluateCases([order('a', '1001'), order('b', '1002'), order('c', '1003')]);
    // Cold, the order number looks more like a PO number than the shop's own reference does.
    expect(report.cold).toMatchObject({ fields: 9, nullFields: 3, abstained: 3 });
    expect(report.cold.top1).toBe(6);
    expect(report.cases[0].misses).toContainEqual({ field: 'ponum', expected: 'ref_code', suggested: 'order_number', warm: 'ref_code' });
    expect(report.warm.top1).toBe(9);
    expect(rates(report.cold).top1).toBeCloseTo(6 / 9);
    expect(rates(report.cold).abstentionPrecision).toBe(1);
  });

  it('a single case of its format learns nothing warm', () => {
    const report = evaluateCases([order('a', '1001')]);
    expect(report.warm).toEqual(report.cold);
  });

  it('ends its report with the summary line', () => {
    const lines = reportLines(evaluateCases([order('a', '1001'), order('b', '1002')]));
    expect(lines.at(-1)).toMatch(/^mapping suggestions: cold top-1 0\.\d\d, top-3 \d\.\d\d, MRR \d\.\d\d; warm top-1 1\.00 over 8 fields in 2 cases$/);
  });
});

describe('parseCase', () => {
  it('names what is wrong in a case file', () => {
    expect(() => parseCase({ name: 'x', format: 'f', target: 'nope', expected: {} }, 'x.json')).toThrow('x.json: "target" must be a Sage Pro table');
    expect(() => parseCase({ name: 'x', format: 'f', target: 'arcash', expected: { paidamount: 'a' } }, 'x.json')).toThrow('"expected.paidamount" is not a column of arcash');
    expect(() => parseCase({ name: 'x', format: 'f', target: 'arcash', expected: { paidamt: 3 } }, 'x.json')).toThrow('must be a path or null');
    expect(parseCase({ name: 'x', format: 'f', target: 'arcash', sample: {}, expected: { paidamt: null } }, 'x.json').target).toBe('arcash');
  });
});
