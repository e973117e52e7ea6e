import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessTokenProblem, spentTokenVerdict, successorToken } from './session.rules.js';

describe('successorToken', () => {
  it('is the same for the same spent token and key, and unguessable without the key', () => {
    expect(successorToken('spent-a', 'key-1')).toBe(successorToken('spent-a', 'key-1'));
    expect(successorToken('spent-a', 'key-1')).not.toBe(successorToken('spent-b', 'key-1'));
    expect(successorToken('spent-a', 'key-1')).not.toBe(successorToken('spent-a', 'key-2'));
    expect(successorToken('spent-a', 'key-1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('spentTokenVerdict', () => {
  const rotatedAt = new Date('2026-12-08T10:00:00Z');
  const after = (ms: number) => new Date(rotatedAt.getTime() + ms);

  it('answers the same successor within the grace period, and reuse after it', () => {
    expect(spentTokenVerdict(rotatedAt, after(0), 30)).toBe('same_successor');
    expect(spentTokenVerdict(rotatedAt, after(30_000), 30)).toBe('same_successor');
    expect(spentTokenVerdict(rotatedAt, after(30_001), 30)).toBe('reuse');
  });

  it('has no grace period when it is 0, and none for a rotation dated in the future', () => {
    expect(spentTokenVerdict(rotatedAt, after(1), 0)).toBe('reuse');
    expect(spentTokenVerdict(rotatedAt, after(-5_000), 30)).toBe('reuse');
  });
});

describe('accessTokenProblem', () => {
  const valid = { sub: randomUUID(), fam: randomUUID(), tid: randomUUID(), exp: 1_900_000_000, iat: 1_899_999_100 };

  it('accepts what Settle issues', () => {
    expect(accessTokenProblem(valid)).toBeNull();
    expect(accessTokenProblem({ ...valid, tid: undefined })).toBeNull();
  });

  it('refuses a token without expiry, user or session family, or with ids that are not ids', () => {
    expect(accessTokenProblem({ ...valid, exp: undefined })).toMatch(/expiry/);
    expect(accessTokenProblem({ ...valid, exp: '1900000000' })).toMatch(/expiry/);
    expect(accessTokenProblem({ ...valid, sub: undefined })).toMatch(/user/);
    expect(accessTokenProblem({ ...valid, fam: undefined })).toMatch(/session/);
    expect(accessTokenProblem({ ...valid, fam: "x' OR 1=1" })).toMatch(/session/);
    expect(accessTokenProblem({ ...valid, tid: 42 })).toMatch(/tid/);
  });
});
