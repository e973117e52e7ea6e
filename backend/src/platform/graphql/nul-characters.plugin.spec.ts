import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { argumentWithNul, fieldWithNul } from './nul-characters.plugin.js';

describe('fieldWithNul', () => {
  it('names the key of the first string holding a NUL, at any depth and inside lists', () => {
    expect(fieldWithNul({ input: { name: 'ok', lines: [{ sku: 'A' }, { sku: 'B\u0000' }] } })).toBe('sku');
    expect(fieldWithNul({ note: '\u0000' })).toBe('note');
  });

  it('answers null when no string holds one', () => {
    expect(fieldWithNul({ input: { name: 'ok', amountMinor: 1_00, tags: ['a', null], literal: '\\u0000' } })).toBeNull();
  });
});

describe('argumentWithNul', () => {
  it('names the argument or input field whose literal holds an escaped NUL', () => {
    expect(argumentWithNul(parse('mutation { updateTenant(input: { name: "A\\u0000B" }) { id } }'))).toBe('name');
    expect(argumentWithNul(parse('query { events(search: "\\u0000") { id } }'))).toBe('search');
  });

  it('answers null for literals without one', () => {
    expect(argumentWithNul(parse('mutation { updateTenant(input: { name: "A\\\\u0000B" }) { id } }'))).toBeNull();
  });
});
