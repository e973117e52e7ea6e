import { describe, expect, it } from 'vitest';
import { FIELD_RULES } from '../../sagepro/field-rules.js';
import { SAGE_TARGETS } from '../mappings/sage-targets.js';
import { SUGGEST_TABLES, suggestTarget } from './target-spec.js';

describe('suggestTarget', () => {
  it('gives every column of each table with the connector’s rule and the catalogue’s description', () => {
    for (const table of SUGGEST_TABLES) {
      const target = suggestTarget(table)!;
      expect(target.fields.map((field) => field.name)).toEqual(Object.keys(FIELD_RULES[table]));
    }
    const paidamt = suggestTarget('arcash')!.fields.find((field) => field.name === 'paidamt')!;
    const catalogued = SAGE_TARGETS.cash_receipt.fields.find((field) => field.name === 'paidamt')!;
    expect(paidamt).toMatchObject({ rule: { type: 'money' }, required: catalogued.required, description: catalogued.description });
    expect(paidamt.settleOwns).toBeDefined();
    expect(suggestTarget('sotran')!.perLine).toBe(true);
    expect(suggestTarget('armast')!.fields.some((field) => field.name === 'invamt')).toBe(true);
  });

  it('knows no other table', () => {
    expect(suggestTarget('icitem')).toBeUndefined();
    expect(suggestTarget('ARCASH')).toBeUndefined();
  });
});
