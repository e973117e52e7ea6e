import { describe, expect, it } from 'vitest';
import { faultsSchema, NO_FAULTS, parseFaults, planFaults } from './faults.js';

const api = { export: false, oauth: false };
const exportCall = { export: true, oauth: false };

describe('faults', () => {
  it('does nothing by default', () => {
    expect(planFaults(NO_FAULTS, api)).toEqual({ delayMs: 0 });
  });

  it('refuses during an outage, the token endpoint included', () => {
    expect(planFaults({ ...NO_FAULTS, outage: true }, { export: false, oauth: true }).reject).toBe('outage');
  });

  it('turns rates into per-request dice', () => {
    const faults = { ...NO_FAULTS, error_rate: 0.5 };
    expect(planFaults(faults, api, () => 0.4).reject).toBe('server_error');
    expect(planFaults(faults, api, () => 0.6).reject).toBeUndefined();
    expect(planFaults({ ...NO_FAULTS, rate_limit_rate: 1 }, api).reject).toBe('rate_limited');
  });

  it('storms invalid_token on API calls but never on the token endpoint', () => {
    const storm = { ...NO_FAULTS, invalid_token_rate: 1 };
    expect(planFaults(storm, api).reject).toBe('invalid_token');
    expect(planFaults(storm, { export: false, oauth: true }).reject).toBeUndefined();
  });

  it('slows and truncates exports only', () => {
    const faults = { ...NO_FAULTS, latency_ms: 10, slow_export_ms: 500, truncated_export_rate: 1 };
    expect(planFaults(faults, exportCall)).toEqual({ delayMs: 510, spoil: 'truncate' });
    expect(planFaults(faults, api)).toEqual({ delayMs: 10 });
  });

  it('validates admin input and fills stored gaps with defaults', () => {
    expect(faultsSchema.safeParse({ error_rate: 2 }).success).toBe(false);
    expect(faultsSchema.safeParse({ surprise: true }).success).toBe(false);
    expect(parseFaults({ outage: true })).toEqual({ ...NO_FAULTS, outage: true });
  });
});
