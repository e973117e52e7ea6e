import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_SANDBOX_URL,
  baseUrlFor,
  connectionChangesRules,
  feedLagSeconds,
  newConnectionRules,
  newNotificationEndpointId,
  notificationUrl,
  PAYTRACE_PRODUCTION_URL,
} from './paytrace-connection.rules.js';

describe('PayTrace connection rules', () => {
  it('needs no credentials for the built-in sandbox but all of them elsewhere', () => {
    expect(newConnectionRules.safeParse({ environment: 'sandbox' }).success).toBe(true);
    const production = newConnectionRules.safeParse({ environment: 'production', username: 'u', integratorId: 'i' });
    expect(production.success).toBe(false);
    expect(production.error?.issues[0].path).toEqual(['password']);
  });

  it('requires an http(s) base URL for a custom environment and trims its trailing slash', () => {
    const bad = newConnectionRules.safeParse({ environment: 'custom', baseUrl: 'ftp://x', username: 'u', password: 'p', integratorId: 'i' });
    expect(bad.error?.issues[0].path).toEqual(['baseUrl']);
    const good = newConnectionRules.parse({ environment: 'custom', baseUrl: 'https://pt.example.com/', username: 'u', password: 'p', integratorId: 'i' });
    expect(good).toMatchObject({ baseUrl: 'https://pt.example.com', name: 'PayTrace' });
  });

  it('rejects unknown time zones and out-of-range poll intervals by field', () => {
    expect(connectionChangesRules.safeParse({ timeZone: 'Mars/Olympus' }).error?.issues[0].path).toEqual(['timeZone']);
    expect(connectionChangesRules.safeParse({ pollIntervalSeconds: 1 }).error?.issues[0].path).toEqual(['pollIntervalSeconds']);
  });

  it('picks the base URL from the environment', () => {
    expect(baseUrlFor('sandbox')).toBe(BUILT_IN_SANDBOX_URL);
    expect(baseUrlFor('production', 'https://ignored')).toBe(PAYTRACE_PRODUCTION_URL);
    expect(baseUrlFor('custom', 'https://pt.example.com')).toBe('https://pt.example.com');
  });

  it('makes unguessable notification URLs', () => {
    const ids = new Set(Array.from({ length: 100 }, newNotificationEndpointId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(notificationUrl('https://settle.example.com/', 'abc')).toBe('https://settle.example.com/notifications/paytrace/abc');
  });

  it('measures the feed lag from its cursor', () => {
    expect(feedLagSeconds(null, new Date())).toBeNull();
    expect(feedLagSeconds(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:01:30Z'))).toBe(90);
  });
});
