import { describe, expect, it } from 'vitest';
import { bucketsOf } from './graphql-rate-limits.js';
import { introspectionAllowed } from './graphql.options.js';

describe('the budgets a GraphQL request spends from', () => {
  it("is its tenant's, and an API key's own too", () => {
    expect(bucketsOf({ tenantId: 't1', userId: 'u1' }, '10.0.0.1').map((b) => b.key)).toEqual(['tenant:t1']);
    expect(bucketsOf({ tenantId: 't1', apiKeyId: 'k1' }, '10.0.0.1').map((b) => b.key)).toEqual(['tenant:t1', 'key:k1']);
  });

  it("is a signed-in person's outside any tenant, else the address's", () => {
    expect(bucketsOf({ userId: 'u1' }, '10.0.0.1')).toEqual([{ who: 'user', key: 'user:u1', limiter: 'tenant' }]);
    expect(bucketsOf({}, '10.0.0.1')).toEqual([{ who: 'address', key: 'ip:10.0.0.1', limiter: 'tenant' }]);
  });
});

describe('introspection', () => {
  it('is off in production unless GRAPHQL_INTROSPECTION=on, on elsewhere unless off', () => {
    expect(introspectionAllowed('production', undefined)).toBe(false);
    expect(introspectionAllowed('production', 'on')).toBe(true);
    expect(introspectionAllowed('development', undefined)).toBe(true);
    expect(introspectionAllowed('test', 'off')).toBe(false);
  });
});
