import { describe, expect, it } from 'vitest';
import { hashSecret, newApiKey, parseApiKey, sameHash } from './credentials.js';

describe('API keys', () => {
  it('round-trips a new key through its visible prefix and secret', () => {
    const created = newApiKey();
    expect(created.key).toMatch(/^stl_[a-z0-9]{10}_/);
    expect(parseApiKey(created.key)).toEqual({ prefix: created.prefix, secret: created.secret });
  });

  it('rejects malformed keys', () => {
    expect(parseApiKey('stl_short_abc')).toBeUndefined();
    expect(parseApiKey(`xyz_${'a'.repeat(10)}_${'b'.repeat(43)}`)).toBeUndefined();
  });

  it('compares hashes in constant time and only equal ones match', () => {
    const hash = hashSecret('s3cret');
    expect(sameHash(hash, hashSecret('s3cret'))).toBe(true);
    expect(sameHash(hash, hashSecret('other'))).toBe(false);
    expect(sameHash(hash, 'abcd')).toBe(false);
  });
});
