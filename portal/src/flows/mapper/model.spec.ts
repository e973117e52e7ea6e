import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../api';
import type { FieldSuggestion, SourceLeaf, TargetField } from './api';
import { acceptable, countMapped, fieldFlags, fits, mappingsOf, sourceTree, withMappings, withRule } from './model';

const leaf = (path: string, arrayPath: string | null = null): SourceLeaf => ({ path, format: 'text', samples: ['x'], inArray: arrayPath !== null, arrayPath, maxLength: 1 });
const draft: FlowDefinition = {
  kind: 'payment_sync',
  steps: [{ id: 'trigger', type: 'trigger', config: { triggers: ['approved'] } }, { id: 'transform', type: 'transform', config: { timeZone: 'UTC' } }],
};

describe('the draft’s mappings', () => {
  it('sets and removes one field’s rule, leaving out records and the key once empty', () => {
    const one = withRule({}, 'cash_receipt', 'dtepaid', { kind: 'path', path: 'occurredAt' });
    expect(one).toEqual({ cash_receipt: { dtepaid: { kind: 'path', path: 'occurredAt' } } });
    const saved = withMappings(draft, one);
    expect(mappingsOf(saved)).toEqual(one);
    expect(saved.steps[1].config.timeZone).toBe('UTC');
    expect(countMapped(one)).toBe(1);
    const none = withRule(one, 'cash_receipt', 'dtepaid', undefined);
    expect(none).toEqual({});
    expect(withMappings(saved, none).steps[1].config).toEqual({ timeZone: 'UTC' });
  });
});

describe('the source tree', () => {
  it('nests paths by their segments and keeps each leaf’s path as the API gave it', () => {
    const tree = sourceTree([leaf('email'), leaf('payload.invoice_id'), leaf('line_items[].sku', 'line_items[]'), leaf('line_items[].price', 'line_items[]')]);
    expect(tree.map(n => n.name)).toEqual(['email', 'payload', 'line_items[]']);
    expect(tree[1].children[0].leaf?.path).toBe('payload.invoice_id');
    expect(tree[2].children.map(n => n.leaf?.path)).toEqual(['line_items[].sku', 'line_items[].price']);
  });
});

describe('which leaves feed a record', () => {
  it('an array’s leaves only a per-line record, and only from the array its rows come from', () => {
    expect(fits(leaf('email'), false)).toBe(true);
    expect(fits(leaf('lines[].sku', 'lines[]'), false)).toBe(false);
    expect(fits(leaf('lines[].sku', 'lines[]'), true, 'lines[]')).toBe(true);
    expect(fits(leaf('payload.line_items[].sku', 'payload.line_items[]'), true, 'lines[]')).toBe(false);
  });
});

describe('accept all above and the flags', () => {
  const suggestion = (field: string, confidence: number | null, settleOwns: string | null = null): FieldSuggestion => ({
    field, target: `arcash.${field}`, required: false, settleOwns, abstained: confidence === null ? 'no good source' : null, candidates: [],
    suggestion: confidence === null ? null : { path: `p.${field}`, confidence, reason: '' },
  });
  it('takes unmapped, mappable fields whose suggestion reaches the threshold', () => {
    const all = [suggestion('dtepaid', 0.88), suggestion('disamt', 0.6), suggestion('cashacct', null), suggestion('invno', 1, 'the match step'), suggestion('x', 0.95)];
    expect(acceptable(all, { x: { kind: 'path', path: 'y' } }, 0.8)).toEqual([{ field: 'dtepaid', path: 'p.dtepaid' }]);
  });

  it('flags required fields without a rule or default, and rules whose value breaks the field', () => {
    const field = (name: string, required: boolean, defaultValue: string | null, settleOwns: string | null = null): TargetField => ({
      name, table: 'arcash', type: 'char', typeText: 'char(6)', width: 6, scale: null, required, description: '', defaultValue, settleOwns, code: null,
    });
    const flags = fieldFlags(
      [field('a', true, null), field('b', true, 'default'), field('c', false, null), field('d', true, null, 'Settle')],
      { c: { kind: 'constant', value: 'TOOLONGVALUE' } },
      { c: 'must be at most 6 characters' },
    );
    expect(flags).toEqual([{ field: 'a', message: 'required, and Settle has no default: map it' }, { field: 'c', message: 'must be at most 6 characters' }]);
  });
});
