import { describe, expect, it } from 'vitest';
import { NUL_REPLACEMENT, storableJsonText, withoutNulCharacters } from './storable-json.js';

describe('withoutNulCharacters', () => {
  it('replaces each NUL in strings and keys, at any depth, and keeps everything else', () => {
    const value = { note: 'a\u0000b\u0000', 'k\u0000': [1, 'x\u0000', { deep: '\u0000' }], n: 12_50, flag: true, none: null };
    expect(withoutNulCharacters(value)).toEqual({
      note: `a${NUL_REPLACEMENT}b${NUL_REPLACEMENT}`,
      [`k${NUL_REPLACEMENT}`]: [1, `x${NUL_REPLACEMENT}`, { deep: NUL_REPLACEMENT }],
      n: 12_50,
      flag: true,
      none: null,
    });
    expect(value.note).toBe('a\u0000b\u0000');
  });

  it('keeps dates as they are', () => {
    const at = new Date('2026-11-26T10:00:00Z');
    expect(withoutNulCharacters({ at }).at).toBe(at);
  });
});

describe('storableJsonText', () => {
  it('answers the same text when there is no NUL', () => {
    const json = JSON.stringify({ note: 'paid \\u0000 by card', n: 1 });
    expect(storableJsonText(json)).toBe(json);
    expect(JSON.parse(storableJsonText(json)).note).toBe('paid \\u0000 by card');
  });

  it('rebuilds the text with U+FFFD for each NUL', () => {
    const json = JSON.stringify([{ note: 'a\u0000b', 'odd\u0000key': 'c' }]);
    expect(JSON.parse(storableJsonText(json))).toEqual([{ note: `a${NUL_REPLACEMENT}b`, [`odd${NUL_REPLACEMENT}key`]: 'c' }]);
    expect(storableJsonText(json)).not.toContain('\\u0000');
  });
});
