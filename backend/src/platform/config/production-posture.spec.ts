import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  demoSwitchDefault,
  isPlaceholderSecret,
  isWeakMasterKey,
  type PostureInput,
  productionRefusal,
  README_DEMO_PASSWORD,
  trustedProxies,
} from './production-posture.js';

const production: PostureInput = {
  nodeEnv: 'production',
  jwtSecret: randomBytes(36).toString('base64url'),
  masterKey: randomBytes(32),
  seed: 'off',
  sandboxes: 'off',
  demo: 'off',
  given: {},
};

describe('demoSwitchDefault', () => {
  it('turns the demo, seed and sandboxes off by default in production only', () => {
    expect(demoSwitchDefault('production')).toBe('off');
    expect(demoSwitchDefault('development')).toBe('on');
    expect(demoSwitchDefault('test')).toBe('on');
  });
});

describe('isPlaceholderSecret', () => {
  it.each(['change-me-please-change-me-please-1', 'my-jwt-secret-for-settle-in-prod-123', 'x'.repeat(48), 'ab'.repeat(24), 'EXAMPLE0123456789abcdefghijklmnopqrs'])(
    'calls %s a placeholder',
    (value) => expect(isPlaceholderSecret(value)).toBe(true),
  );

  it('accepts generated secrets', () => {
    for (let i = 0; i < 200; i += 1) {
      expect(isPlaceholderSecret(randomBytes(36).toString('base64url'))).toBe(false);
      expect(isPlaceholderSecret(randomBytes(32).toString('hex'))).toBe(false);
    }
  });
});

describe('isWeakMasterKey', () => {
  it('refuses keys nobody generated and accepts random ones', () => {
    expect(isWeakMasterKey(Buffer.alloc(32))).toBe(true);
    expect(isWeakMasterKey(Buffer.from('0123456701234567012345670123456'.padEnd(32, '0')))).toBe(true);
    for (let i = 0; i < 200; i += 1) expect(isWeakMasterKey(randomBytes(32))).toBe(false);
  });
});

describe('productionRefusal', () => {
  it('lets development and tests start with anything', () => {
    expect(productionRefusal({ ...production, nodeEnv: 'development', jwtSecret: undefined, masterKey: undefined, seed: 'on' })).toBeUndefined();
    expect(productionRefusal({ ...production, nodeEnv: 'test', jwtSecret: 'x'.repeat(32), seed: 'on', demoPassword: README_DEMO_PASSWORD })).toBeUndefined();
  });

  it('accepts generated secrets with the demo off', () => {
    expect(productionRefusal(production)).toBeUndefined();
  });

  it('refuses missing and placeholder secrets, naming the variable', () => {
    expect(productionRefusal({ ...production, jwtSecret: undefined })).toMatch(/^SETTLE_JWT_SECRET is required/);
    expect(productionRefusal({ ...production, jwtSecret: 'change-me-change-me-change-me-change-me' })).toMatch(/^SETTLE_JWT_SECRET looks like a placeholder/);
    expect(productionRefusal({ ...production, masterKey: undefined })).toMatch(/^SETTLE_MASTER_KEY is required/);
    expect(productionRefusal({ ...production, masterKey: Buffer.alloc(32) })).toMatch(/^SETTLE_MASTER_KEY is not a generated key/);
    expect(productionRefusal({ ...production, metricsToken: 'metrics-token-change-me-0000000000' })).toMatch(/^METRICS_TOKEN/);
  });

  it('seeds only with a demo password of its own', () => {
    expect(productionRefusal({ ...production, seed: 'on' })).toMatch(/^DEMO_PASSWORD is required with SEED=on/);
    expect(productionRefusal({ ...production, seed: 'on', demoPassword: README_DEMO_PASSWORD })).toMatch(/^DEMO_PASSWORD must not be the README/);
    expect(productionRefusal({ ...production, seed: 'on', demoPassword: randomBytes(12).toString('base64url') })).toBeUndefined();
  });

  it('refuses DEMO=on without its seed and sandboxes', () => {
    const demo = { ...production, demo: 'on' as const, given: { demo: 'on' as const } };
    expect(productionRefusal({ ...demo, seed: 'on', demoPassword: randomBytes(12).toString('base64url') })).toMatch(/^DEMO=on needs SEED=on and SANDBOXES=on/);
    expect(productionRefusal({ ...demo, sandboxes: 'on' })).toMatch(/^DEMO=on needs/);
    expect(productionRefusal({ ...demo, seed: 'on', sandboxes: 'on', demoPassword: randomBytes(12).toString('base64url') })).toBeUndefined();
  });
});

describe('trustedProxies', () => {
  it('trusts nobody when unset or empty', () => {
    expect(trustedProxies(undefined)).toEqual([]);
    expect(trustedProxies(' , ')).toEqual([]);
  });

  it('takes addresses, CIDR ranges and proxy-addr range names', () => {
    expect(trustedProxies('10.0.0.1, 10.1.0.0/16,::1,fd00::/8,loopback')).toEqual(['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback']);
  });

  it.each(['true', '*', 'proxy.internal', '10.0.0.0/33', '::/129', '10.0.0.0/8/1', '10.0.0.0/x'])('refuses %s, naming it', (entry) => {
    expect(() => trustedProxies(`10.0.0.1,${entry}`)).toThrow(`TRUST_PROXY entry "${entry}"`);
  });
});
