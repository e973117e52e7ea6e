import { describe, expect, it } from 'vitest';
import { NUL_REPLACEMENT, storableJsonText, storableString, withoutNulCharacters } from './storable-json.js';

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

describe('lone surrogates', () => {
  it('replaces a high or low surrogate without its partner, in strings and keys, and keeps pairs', () => {
    expect(storableString('a\uD800b')).toBe(`a${NUL_REPLACEMENT}b`);
    expect(storableString('\uDC00x\uD83D')).toBe(`${NUL_REPLACEMENT}x${NUL_REPLACEMENT}`);
    expect(storableString('card 💳 ok')).toBe('card 💳 ok');
    expect(storableString('\uDC00\uD800')).toBe(`${NUL_REPLACEMENT}${NUL_REPLACEMENT}`);
    expect(withoutNulCharacters({ ['k\uD800']: ['\uDFFF'] })).toEqual({ [`k${NUL_REPLACEMENT}`]: [NUL_REPLACEMENT] });
  });

  it('rebuilds JSON text holding an escaped lone surrogate, which PostgreSQL jsonb refuses', () => {
    const json = JSON.stringify({ note: 'x\uD800y', pair: '💳' });
    expect(json).toContain('\\ud800');
    expect(JSON.parse(storableJsonText(json))).toEqual({ note: `x${NUL_REPLACEMENT}y`, pair: '💳' });
    expect(storableJsonText(JSON.stringify({ text: 'a\\ud800 written out' }))).toBe(JSON.stringify({ text: 'a\\ud800 written out' }));
  });
});
