import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS } from '../definition/flow-definition.js';
import { missingSandboxPairs, SANDBOX_PAIR_ENVIRONMENTS, SANDBOX_PAIR_POLL_INTERVAL_SECONDS, sandboxPairsRefusal } from './sandbox-pairs.rules.js';

describe('sandbox pairs', () => {
  it('a tenant without pairs gets one in dev and one in qa, each with its own sandbox company', () => {
    expect(missingSandboxPairs([])).toEqual([
      { environment: 'dev', name: 'Dev sandbox', companyId: '01' },
      { environment: 'qa', name: 'QA sandbox', companyId: '99' },
    ]);
  });

  it('prod pairs change nothing; an environment with any pair gets none', () => {
    expect(missingSandboxPairs([{ environment: 'prod' }, { environment: 'prod' }]).map((p) => p.environment)).toEqual(['dev', 'qa']);
    expect(missingSandboxPairs([{ environment: 'qa' }]).map((p) => p.environment)).toEqual(['dev']);
    expect(missingSandboxPairs([{ environment: 'dev' }, { environment: 'qa' }])).toEqual([]);
  });

  it('never plans prod, never plans an environment twice, and plans exactly the unpaired sandbox environments', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ environment: fc.constantFrom(...ENVIRONMENTS) }), { maxLength: 6 }), (existing) => {
        const planned = missingSandboxPairs(existing).map((p) => p.environment);
        const expected = SANDBOX_PAIR_ENVIRONMENTS.filter((e) => !existing.some((row) => row.environment === e));
        expect(planned).toEqual(expected);
        // Done once, nothing is left to do: provisioning is idempotent.
        expect(missingSandboxPairs([...existing, ...planned.map((environment) => ({ environment }))])).toEqual([]);
      }),
    );
  });

  it('is refused, saying why, when the sandboxes are off', () => {
    expect(sandboxPairsRefusal(true)).toBeNull();
    expect(sandboxPairsRefusal(false)).toMatch(/SANDBOXES=off/);
  });

  it('polls the sandbox PayTrace account no more than hourly (the slowest the connection rules allow)', () => {
    expect(SANDBOX_PAIR_POLL_INTERVAL_SECONDS).toBe(3600);
  });
});
