import { describe, expect, it } from 'vitest';
import { sourceTree } from '../suggestions/source-tree.js';
import { MAX_LOOKUPS, valuesToLookUp } from './company-values.js';

describe('valuesToLookUp', () => {
  it('takes the key-like sample values that fit each key column, nothing else', () => {
    const tree = sourceTree({ invoice_id: '1001', customer_id: 'ACM100', amount: '123.45', email: 'ap@acme.example', created: '2026-10-31', description: 'a description far longer than any key' });
    const wanted = valuesToLookUp(tree);
    expect(wanted.get('arcust.custno')).toEqual(['1001', 'ACM100']);
    expect(wanted.get('armast.invno')).toEqual(['1001', 'ACM100']);
    expect(wanted.get('icitem.item')).toEqual(['1001', 'ACM100']);
  });

  it('is bounded however large the sample', () => {
    const tree = sourceTree({ lines: Array.from({ length: 400 }, (_, index) => ({ sku: `S${index}`, code: `C${index}` })) });
    for (const values of valuesToLookUp(tree).values()) expect(values.length).toBeLessThanOrEqual(MAX_LOOKUPS);
  });

  it('looks nothing up for a sample without key-like values', () => {
    expect(valuesToLookUp(sourceTree({ amount: '1.00', when: '2026-01-02' })).size).toBe(0);
  });
});
