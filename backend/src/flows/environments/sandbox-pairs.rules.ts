import type { EnvironmentName } from '../definition/flow-definition.js';

/** The environments a tenant tries its flows in before prod: each gets a pair on the built-in sandboxes. */
export const SANDBOX_PAIR_ENVIRONMENTS = ['dev', 'qa'] as const satisfies readonly EnvironmentName[];
export type SandboxPairEnvironment = (typeof SANDBOX_PAIR_ENVIRONMENTS)[number];

/**
 * How often a sandbox pair's PayTrace connection looks for new transactions: the longest the
 * connection rules allow (an hour), not the 30 s a production account gets. Every tenant has two of
 * them, they see a payment only when a person tries something, and a person who does can make Settle
 * look at once (the notification URL, or a test run that hands the event to the pipeline itself);
 * polling them every 30 s would be most of a worker's polling for tenants that sell nothing there.
 */
export const SANDBOX_PAIR_POLL_INTERVAL_SECONDS = 3600;

/** What one missing pair is made of: names people recognise, and a sandbox company of its own. */
export interface SandboxPairPlan {
  environment: SandboxPairEnvironment;
  name: string;
  /** The sandbox has two companies: dev posts into 01, qa into 99, so a qa try never meets dev's. */
  companyId: '01' | '99';
}

const PLANS: Record<SandboxPairEnvironment, SandboxPairPlan> = {
  dev: { environment: 'dev', name: 'Dev sandbox', companyId: '01' },
  qa: { environment: 'qa', name: 'QA sandbox', companyId: '99' },
};

/**
 * The pairs still to make, given the environments of the tenant's integrations: an environment that
 * has any pair (a sandbox one made earlier, or one a person wired) gets nothing more.
 */
export function missingSandboxPairs(existing: readonly { environment: string }[]): SandboxPairPlan[] {
  const paired = new Set(existing.map((row) => row.environment));
  return SANDBOX_PAIR_ENVIRONMENTS.filter((environment) => !paired.has(environment)).map((environment) => PLANS[environment]);
}

/** Why sandbox pairs cannot be made on this server, or null when they can. */
export function sandboxPairsRefusal(sandboxesOn: boolean): string | null {
  return sandboxesOn ? null : 'sandbox pairs need the built-in sandboxes, which are turned off on this server (SANDBOXES=off)';
}
