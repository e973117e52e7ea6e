import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldText, MAX_FIELD_TEXT, MAX_METADATA_ENTRIES, payerFields } from './payment-fields.js';

describe('fieldText', () => {
  it('trims; blank or not text is nothing', () => {
    expect(fieldText('  INV-1001 ')).toBe('INV-1001');
    for (const value of ['', '   ', '\n\t', undefined, null, 1001, true, ['x'], { a: 'x' }]) expect(fieldText(value)).toBeUndefined();
  });

  it(`keeps at most ${MAX_FIELD_TEXT} characters, never half a surrogate pair`, () => {
    expect(fieldText('x'.repeat(MAX_FIELD_TEXT))).toHaveLength(MAX_FIELD_TEXT);
    expect(fieldText('x'.repeat(MAX_FIELD_TEXT + 10))).toHaveLength(MAX_FIELD_TEXT);
    const emoji = `${'x'.repeat(MAX_FIELD_TEXT - 1)}😀 tail`;
    expect(fieldText(emoji)).toBe('x'.repeat(MAX_FIELD_TEXT - 1));
  });

  it('is, for any text of whole code points, its trimmed start: never longer than the cap, never ending in half a pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (value) => {
        const kept = fieldText(value);
        if (kept === undefined) {
          expect(value.trim()).toBe('');
          return;
        }
        expect(kept.length).toBeLessThanOrEqual(MAX_FIELD_TEXT);
        expect(value.trim().startsWith(kept)).toBe(true);
        const last = kept.charCodeAt(kept.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('payerFields', () => {
  it('keeps the named texts that have something in them', () => {
    expect(payerFields({ invoice_id: ' INV-1 ', customer_reference_id: '', description: 'Payment for INV-1', order_number: undefined })).toEqual({ invoice_id: 'INV-1', description: 'Payment for INV-1' });
  });

  it('nothing left is no fields at all', () => {
    expect(payerFields({})).toBeUndefined();
    expect(payerFields({ invoice_id: ' ', metadata: { po: '' } })).toBeUndefined();
  });

  it('keeps metadata values under valid keys, trimmed, the first 20 of them', () => {
    expect(payerFields({ metadata: { customer_po: ' PO-77 ', blank: ' ', '1st': 'x', 'with-dash': 'x', n: 5 } })).toEqual({ metadata: { customer_po: 'PO-77' } });
    const many = Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES + 5 }, (_, i) => [`k${i}`, `v${i}`]));
    expect(Object.keys(payerFields({ metadata: many })?.metadata ?? {})).toEqual(Object.keys(many).slice(0, MAX_METADATA_ENTRIES));
  });

  it('ignores names it does not know', () => {
    expect(payerFields({ invoice_id: '1', ...({ secret: 'x' } as object) })).toEqual({ invoice_id: '1' });
  });
});
