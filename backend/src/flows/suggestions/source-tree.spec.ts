import { describe, expect, it } from 'vitest';
import { sampleOrderEvent } from '../mappings/sample-source.js';
import { sourceTree } from './source-tree.js';

describe('sourceTree', () => {
  it('flattens nested objects into dot paths and arrays into [] paths with every element’s values', () => {
    const tree = sourceTree(sampleOrderEvent());
    const byPath = new Map(tree.leaves.map((leaf) => [leaf.path, leaf]));
    expect(byPath.get('customer.email')).toMatchObject({ segments: ['customer', 'email'], samples: ['jane.doe@example.com'], format: 'email' });
    expect(byPath.get('billingAddress.zip')?.format).toBe('postcode');
    expect(byPath.get('lines[].sku')).toMatchObject({ arrayPath: 'lines[]', samples: ['BRK-1001', 'CST-2001'], format: 'document_number' });
    expect(byPath.get('lines[].quantity')).toMatchObject({ samples: ['2', '1'], format: 'integer' });
    expect(byPath.get('occurredAt')?.format).toBe('datetime');
    expect(byPath.get('customer.email')?.arrayPath).toBeUndefined();
    expect(tree.arrays).toEqual([{ path: 'lines[]', elements: 2 }]);
  });

  it('keeps arrays of plain values and nested arrays as leaves', () => {
    const tree = sourceTree({ tags: ['a', 'b'], lines: [{ serials: ['S1', 'S2'] }, { serials: ['S3'] }], empty: [] });
    const paths = tree.leaves.map((leaf) => leaf.path);
    expect(paths).toEqual(['tags[]', 'lines[].serials[]', 'empty[]']);
    expect(tree.leaves[1].samples).toEqual(['S1', 'S2', 'S3']);
    expect(tree.leaves[2].format).toBe('empty');
  });

  it('keeps at most five distinct samples and the longest length', () => {
    const tree = sourceTree({ lines: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i % 6}` })) });
    expect(tree.leaves[0].samples).toEqual(['SKU-0', 'SKU-1', 'SKU-2', 'SKU-3', 'SKU-4']);
    expect(tree.leaves[0].maxLength).toBe(5);
  });
});
