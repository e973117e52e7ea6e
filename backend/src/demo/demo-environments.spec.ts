import { describe, expect, it } from 'vitest';
import { SAGEPRO_COMPANIES } from '../sandbox/sagepro/company-schema.js';
import { DEMO_ENVIRONMENT_PAIRS, missingDemoPairs } from './demo-environments.js';
import { DEMO_NAMES } from './demo-tenant.js';

describe('the demo tenant’s dev and qa pairs', () => {
  it('are made for dev and qa, never prod, when only the prod pair exists', () => {
    expect(missingDemoPairs([{ environment: 'prod' }]).map((pair) => pair.environment)).toEqual(['dev', 'qa']);
    expect(missingDemoPairs([]).map((pair) => pair.environment)).toEqual(['dev', 'qa']);
  });

  it('leave an environment that has any pair alone', () => {
    expect(missingDemoPairs([{ environment: 'prod' }, { environment: 'dev' }]).map((pair) => pair.environment)).toEqual(['qa']);
    expect(missingDemoPairs([{ environment: 'qa' }, { environment: 'dev' }, { environment: 'dev' }])).toEqual([]);
  });

  it("post into the sandbox's other company, never the prod pair's 01, under names of their own", () => {
    for (const pair of DEMO_ENVIRONMENT_PAIRS) {
      expect(pair.companyId).not.toBe('01');
      expect(SAGEPRO_COMPANIES.map((company) => company.compid)).toContain(pair.companyId);
    }
    const names = DEMO_ENVIRONMENT_PAIRS.flatMap((pair) => [pair.payTrace, pair.sagePro, pair.integration]);
    expect(new Set([...names, ...Object.values(DEMO_NAMES)]).size).toBe(names.length + Object.values(DEMO_NAMES).length);
  });
});
