import { describe, expect, it } from 'vitest';
import { canonicalWord, nameWords, splitName } from './tokens.js';

describe('splitName', () => {
  it('splits camelCase, snake_case, kebab-case, dots, arrays and digits', () => {
    expect(splitName('billingAddress.postalCode')).toEqual(['billing', 'address', 'postal', 'code']);
    expect(splitName('line_items[].sku')).toEqual(['line', 'items', 'sku']);
    expect(splitName('submitTimeUTC')).toEqual(['submit', 'time', 'utc']);
    expect(splitName('AVSResponse')).toEqual(['avs', 'response']);
    expect(splitName('address_line1')).toEqual(['address', 'line', '1']);
    expect(splitName('ship-to')).toEqual(['ship', 'to']);
  });

  it('reads # as number (Check or Slip #)', () => {
    expect(splitName('Check or Slip #')).toEqual(['check', 'or', 'slip', 'number']);
  });
});

describe('canonical words', () => {
  it('expands Sage Pro abbreviations into words', () => {
    expect(nameWords('custno')).toEqual(['customer', 'number']);
    expect(nameWords('paidamt')).toEqual(['paid', 'amount']);
    expect(nameWords('dtepaid')).toEqual(['date', 'paid']);
    expect(nameWords('ponum')).toEqual(['purchase', 'order', 'number']);
  });

  it('spells payment and shop synonyms one way and drops plurals', () => {
    expect(nameWords('cust_no')).toEqual(nameWords('customerNumber'));
    expect(nameWords('qty')).toEqual(['quantity']);
    expect(nameWords('postcode')).toEqual(nameWords('zip'));
    expect(canonicalWord('discounts')).toBe('discount');
    expect(canonicalWord('address')).toBe('address');
    expect(canonicalWord('categories')).toBe('category');
  });
});
