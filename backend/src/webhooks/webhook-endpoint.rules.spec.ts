import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  activeSecrets,
  chooseSigningSecret,
  ENDPOINT_ID_PATTERN,
  endpointUrl,
  isDeliveryRecordDue,
  newEndpointId,
  newEndpointRules,
  newSigningSecret,
  previousSecretExpiry,
  rotationRules,
  secretHint,
} from './webhook-endpoint.rules.js';

describe('webhook endpoint rules', () => {
  it('makes unguessable endpoint ids that the route recognises', () => {
    const ids = new Set(Array.from({ length: 100 }, newEndpointId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(ENDPOINT_ID_PATTERN);
    expect(endpointUrl('https://settle.example.com/', 'we_abc')).toBe('https://settle.example.com/webhooks/we_abc');
  });

  it('makes a Standard Webhooks secret for partner events and a plain string for Shopify', () => {
    const standard = newSigningSecret('settle_events');
    expect(standard).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(() => new Webhook(standard)).not.toThrow();
    expect(newSigningSecret('shopify_orders')).toMatch(/^[0-9a-f]{64}$/);
    expect(newSigningSecret('shopify_orders')).not.toBe(newSigningSecret('shopify_orders'));
    expect(secretHint('whsec_abcdWXYZ')).toBe('WXYZ');
  });

  it('names the wrong field of a new endpoint', () => {
    const base = { integrationId: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', format: 'shopify_orders', name: 'Shop' };
    expect(newEndpointRules.parse(base)).toEqual(base);
    expect(newEndpointRules.safeParse({ ...base, format: 'woocommerce' }).error?.issues[0].path).toEqual(['format']);
    expect(newEndpointRules.safeParse({ ...base, integrationId: 'x' }).error?.issues[0].path).toEqual(['integrationId']);
    expect(newEndpointRules.safeParse({ ...base, name: ' ' }).error?.issues[0].path).toEqual(['name']);
  });

  it("takes a Shopify store's own signing secret, and names signingSecret when it is unusable", () => {
    const base = { integrationId: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', format: 'shopify_orders', name: 'Shop' };
    const shopifyKey = 'a3c1f9e07b5d42c8a1e6f0b9d3c7e2a4f8b1d5c9e3a7f0b2d6c8e4a1f5b9d3c7';
    expect(newEndpointRules.parse({ ...base, signingSecret: shopifyKey }).signingSecret).toBe(shopifyKey);
    expect(newEndpointRules.parse({ ...base, signingSecret: 'shpss_0123456789abcdef0123456789abcdef' }).signingSecret).toMatch(/^shpss_/);
    expect(newEndpointRules.parse({ ...base, signingSecret: null }).signingSecret).toBeUndefined();
    const refused = (input: Record<string, unknown>) => newEndpointRules.safeParse(input).error?.issues[0];
    for (const bad of ['', 'short-secret', 'x'.repeat(257), `${shopifyKey} `, ` ${shopifyKey}`, 'abcd efgh ijkl mnop', `${shopifyKey}\n`, 'sécret-with-accent-1234', 42]) {
      expect(refused({ ...base, signingSecret: bad })?.path, JSON.stringify(bad)).toEqual(['signingSecret']);
    }
    expect(refused({ ...base, signingSecret: 'abcd efgh ijkl mnop' })?.message).not.toContain('abcd');
    // Standard Webhooks endpoints keep Settle's whsec_ secrets.
    const partner = refused({ ...base, format: 'settle_events', signingSecret: `whsec_${'A'.repeat(32)}` });
    expect(partner).toMatchObject({ path: ['signingSecret'], message: expect.stringContaining('Settle generates') });
    expect(rotationRules.safeParse({ format: 'settle_events', signingSecret: shopifyKey }).error?.issues[0].path).toEqual(['signingSecret']);
    expect(rotationRules.parse({ format: 'shopify_orders', signingSecret: shopifyKey })).toEqual({ format: 'shopify_orders', signingSecret: shopifyKey });
    expect(rotationRules.parse({ format: 'settle_events' })).toEqual({ format: 'settle_events', signingSecret: undefined });
  });

  it('uses a supplied secret as it is, and generates one only when none is supplied', () => {
    expect(chooseSigningSecret('shopify_orders', 'their-own-secret-0001')).toEqual({ secret: 'their-own-secret-0001', supplied: true });
    expect(chooseSigningSecret('shopify_orders', undefined)).toEqual({ secret: expect.stringMatching(/^[0-9a-f]{64}$/), supplied: false });
    expect(chooseSigningSecret('settle_events', undefined)).toEqual({ secret: expect.stringMatching(/^whsec_/), supplied: false });
  });

  it('keeps the previous secret verifying only during the grace period', () => {
    const rotatedAt = new Date('2026-03-01T12:00:00Z');
    const endpoint = { secret: 'new', previousSecret: 'old', previousSecretExpiresAt: previousSecretExpiry(rotatedAt, 24) };
    expect(endpoint.previousSecretExpiresAt.toISOString()).toBe('2026-03-02T12:00:00.000Z');
    expect(activeSecrets(endpoint, new Date('2026-03-02T11:59:59Z'))).toEqual(['new', 'old']);
    expect(activeSecrets(endpoint, new Date('2026-03-02T12:00:00Z'))).toEqual(['new']);
    expect(activeSecrets({ ...endpoint, previousSecretExpiresAt: previousSecretExpiry(rotatedAt, 0) }, rotatedAt)).toEqual(['new']);
    expect(activeSecrets({ secret: 'only', previousSecret: null, previousSecretExpiresAt: null }, rotatedAt)).toEqual(['only']);
  });

  it('records deliveries at most once a minute', () => {
    expect(isDeliveryRecordDue(undefined, 0)).toBe(true);
    expect(isDeliveryRecordDue(1_000, 60_999)).toBe(false);
    expect(isDeliveryRecordDue(1_000, 61_000)).toBe(true);
  });
});
