/**
 * The demo tenant's dev and qa pairs, so that a visitor finds environments working: a version can be
 * promoted through dev and qa and test-run there, on sandbox connections of their own.
 *
 * Unlike a new tenant's sandbox pairs (flows/environments: dev on company 01, qa on 99), both go to the
 * sandbox's second company (99, "Sample Company"): the demo's prod pair already posts into 01, whose
 * books the traffic generator keeps, and a test run must never land in the books prod writes.
 */
import type { SandboxPairEnvironment } from '../flows/environments/sandbox-pairs.rules.js';

export interface DemoEnvironmentPair {
  environment: SandboxPairEnvironment;
  /** Names the pair's connections and integration are found again by. */
  payTrace: string;
  sagePro: string;
  integration: string;
  companyId: '99';
}

export const DEMO_ENVIRONMENT_PAIRS: readonly DemoEnvironmentPair[] = [
  { environment: 'dev', payTrace: 'Demo PayTrace dev (sandbox)', sagePro: 'Demo Sage Pro dev (sandbox)', integration: 'Demo dev: PayTrace to Sage Pro', companyId: '99' },
  { environment: 'qa', payTrace: 'Demo PayTrace qa (sandbox)', sagePro: 'Demo Sage Pro qa (sandbox)', integration: 'Demo qa: PayTrace to Sage Pro', companyId: '99' },
];

/**
 * The demo's pairs still to make, given the environments of its integrations: an environment with
 * any pair (one made at an earlier start, or by a visitor's "Create sandbox pairs") gets no other.
 */
export function missingDemoPairs(existing: readonly { environment: string }[]): DemoEnvironmentPair[] {
  const paired = new Set(existing.map((row) => row.environment));
  return DEMO_ENVIRONMENT_PAIRS.filter((pair) => !paired.has(pair.environment));
}
