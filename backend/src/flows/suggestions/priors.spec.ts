import { describe, expect, it } from 'vitest';
import { applyPriors, countDecision, priorKey, type DecisionCount } from './priors.js';

describe('priors', () => {
  it('counts decisions per format, path and target', () => {
    const counts = new Map<string, DecisionCount>();
    countDecision(counts, 'shopify-order', 'total_price', 'arcash.paidamt', 'accepted');
    countDecision(counts, 'shopify-order', 'total_price', 'arcash.paidamt', 'accepted');
    countDecision(counts, 'shopify-order', 'total_price', 'arcash.paidamt', 'rejected');
    expect(counts.get(priorKey('shopify-order', 'total_price', 'arcash.paidamt'))).toEqual({ accepted: 2, rejected: 1 });
    expect(counts.size).toBe(1);
  });

  it('lifts accepted mappings, lowers rejected ones, and leaves others alone', () => {
    const tenant = new Map<string, DecisionCount>([[priorKey('f', 'a', 't.x'), { accepted: 3, rejected: 0 }], [priorKey('f', 'b', 't.x'), { accepted: 0, rejected: 3 }]]);
    expect(applyPriors(0.1, { tenant }, 'f', 'a', 't.x').confidence).toBeGreaterThan(0.8);
    expect(applyPriors(0.9, { tenant }, 'f', 'b', 't.x').confidence).toBeLessThan(0.5);
    expect(applyPriors(0.4, { tenant }, 'f', 'c', 't.x')).toEqual({ confidence: 0.4 });
    expect(applyPriors(0.4, { tenant }, undefined, 'a', 't.x')).toEqual({ confidence: 0.4 });
  });

  it('weighs all tenants’ counts half as much, and only when the tenant has none', () => {
    const key = priorKey('f', 'a', 't.x');
    const global = new Map([[key, { accepted: 3, rejected: 0 }]]);
    const fromAll = applyPriors(0.1, { global }, 'f', 'a', 't.x');
    const fromTenant = applyPriors(0.1, { tenant: global }, 'f', 'a', 't.x');
    expect(fromAll.confidence).toBeLessThan(fromTenant.confidence);
    expect(fromAll.reason).toBe('accepted 3× before (all tenants)');
    const rejectedHere = applyPriors(0.6, { tenant: new Map([[key, { accepted: 0, rejected: 1 }]]), global }, 'f', 'a', 't.x');
    expect(rejectedHere.confidence).toBeLessThan(0.6);
    expect(rejectedHere.reason).toBe('rejected 1× before (this tenant)');
  });
});
