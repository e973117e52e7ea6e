import { describe, expect, it } from 'vitest';
import { keySpellings, padKey, sageKey, sameKey, trimKey } from './keys.js';

describe('padKey', () => {
  it('right-justifies counters and left-justifies codes to the full width', () => {
    expect(padKey('1001', 10, 'right')).toBe('      1001');
    expect(padKey(1001, 10, 'right')).toBe('      1001');
    expect(padKey('CASH', 6, 'left')).toBe('CASH  ');
    expect(padKey('  1001 ', 10, 'right')).toBe('      1001');
    expect(padKey('ABCDEF', 6, 'left')).toBe('ABCDEF');
  });

  it('never cuts a key to fit and refuses empty keys', () => {
    expect(() => padKey('ABCDEFG', 6, 'left')).toThrow(/longer than the key's 6/);
    expect(() => padKey('   ', 6, 'left')).toThrow(/empty/);
  });
});

describe('sageKey / keySpellings', () => {
  it('pads by the key table', () => {
    expect(sageKey('invno', '1001')).toBe('      1001');
    expect(sageKey('custno', 'ACM100')).toBe('ACM100');
    expect(sageKey('glacnt', '1010')).toBe('1010'.padEnd(24));
    expect(sageKey('sycrlstCompid', '01')).toBe('01        ');
  });

  it('looks counters up right- and left-justified, codes as stored', () => {
    expect(keySpellings('invno', '1001')).toEqual(['      1001', '1001']);
    expect(keySpellings('sono', ' 5001')).toEqual(['      5001', '5001']);
    expect(keySpellings('refno', 'PT1')).toEqual(['PT1'.padEnd(20)]);
  });
});

describe('trimKey / sameKey', () => {
  it('compares keys without their padding', () => {
    expect(trimKey('      1001')).toBe('1001');
    expect(trimKey(null)).toBe('');
    expect(sameKey('      1001', '1001 ')).toBe(true);
    expect(sameKey('1001', '1002')).toBe(false);
  });
});
