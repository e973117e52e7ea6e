import { describe, expect, it } from 'vitest';
import { tenantDrainLimit } from './drain-slots.js';

describe('tenantDrainLimit', () => {
  it('is half of the worker concurrency by default, so one busy tenant leaves the other half free', () => {
    expect(tenantDrainLimit({ PIPELINE_CONCURRENCY: 4 })).toBe(2);
    expect(tenantDrainLimit({ PIPELINE_CONCURRENCY: 5 })).toBe(2);
    expect(tenantDrainLimit({ PIPELINE_CONCURRENCY: 16 })).toBe(8);
  });

  it('is at least one drain, even for a single-slot worker', () => {
    expect(tenantDrainLimit({ PIPELINE_CONCURRENCY: 1 })).toBe(1);
  });

  it('is what PIPELINE_TENANT_DRAINS says when set', () => {
    expect(tenantDrainLimit({ PIPELINE_CONCURRENCY: 4, PIPELINE_TENANT_DRAINS: 1 })).toBe(1);
    expect(tenantDrainLimit({ PIPELINE_CONCURRENCY: 4, PIPELINE_TENANT_DRAINS: 3 })).toBe(3);
  });
});
