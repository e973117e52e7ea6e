import { describe, expect, it } from 'vitest';
import { metricsAccess } from './metrics-access.js';

const TOKEN = 'f3b1c2d4e5a6978812345678901234567890abcd';

describe('metricsAccess', () => {
  it('keeps /metrics open in development and tests without a token', () => {
    expect(metricsAccess('development', undefined, undefined)).toBe('allowed');
    expect(metricsAccess('test', undefined, undefined)).toBe('allowed');
  });

  it('turns /metrics off in production without a token', () => {
    expect(metricsAccess('production', undefined, `Bearer ${TOKEN}`)).toBe('off');
  });

  it('demands the bearer token once one is set, in any environment', () => {
    for (const env of ['production', 'development']) {
      expect(metricsAccess(env, TOKEN, `Bearer ${TOKEN}`)).toBe('allowed');
      expect(metricsAccess(env, TOKEN, `bearer ${TOKEN}`)).toBe('allowed');
      expect(metricsAccess(env, TOKEN, undefined)).toBe('unauthorized');
      expect(metricsAccess(env, TOKEN, `Bearer ${TOKEN.slice(1)}`)).toBe('unauthorized');
      expect(metricsAccess(env, TOKEN, `Bearer ${TOKEN}x`)).toBe('unauthorized');
      expect(metricsAccess(env, TOKEN, TOKEN)).toBe('unauthorized');
    }
  });
});
