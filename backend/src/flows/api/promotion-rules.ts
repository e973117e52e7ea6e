/**
 * How a published version moves through a tenant's environments, as plain rules over what happened
 * before (the deployment log): dev takes any published version, qa only one that has been in dev,
 * prod only one that has been in qa; a version that no longer passes the checks goes nowhere; prod
 * may need a second person. Rolling back goes to an earlier version that ran there before.
 */
import type { EnvironmentName } from '../definition/flow-definition.js';
import type { FlowProblem } from '../definition/flow-checks.js';

/** The environment a version must have been deployed in before it may go to each one. */
export const REQUIRED_BEFORE: Record<EnvironmentName, EnvironmentName | null> = { dev: null, qa: 'dev', prod: 'qa' };

/** One deployment ever made of a flow (a row of its deployment log); versionId null: the built-in default. */
export interface DeploymentRecord {
  environment: EnvironmentName;
  versionId: string | null;
  versionNumber: number;
}

export interface PromotionFacts {
  versionId: string;
  versionNumber: number;
  target: EnvironmentName;
  /** Every deployment of the version's flow so far, in any order. */
  history: readonly DeploymentRecord[];
  /** The version the target runs now; null: the built-in default. */
  deployedThere: string | null;
  /** What checkFlowDefinition finds in the version today. */
  problems: readonly FlowProblem[];
  prodNeedsApproval: boolean;
}

export type PromotionVerdict =
  | { kind: 'deploy' }
  | { kind: 'request_approval' }
  | { kind: 'already_deployed' }
  | { kind: 'refused'; field: string; message: string };

export function promotionVerdict(facts: PromotionFacts): PromotionVerdict {
  const { target, versionNumber } = facts;
  if (facts.problems.length) {
    const first = facts.problems[0];
    return { kind: 'refused', field: 'versionId', message: `version ${versionNumber} no longer passes the flow checks (${first.path}: ${first.message}); publish a corrected version` };
  }
  if (facts.deployedThere === facts.versionId) return { kind: 'already_deployed' };
  const before = REQUIRED_BEFORE[target];
  if (before && !facts.history.some((entry) => entry.environment === before && entry.versionId === facts.versionId)) {
    return { kind: 'refused', field: 'environment', message: `version ${versionNumber} goes to ${target} only after it has been deployed in ${before}` };
  }
  if (target === 'prod' && facts.prodNeedsApproval) return { kind: 'request_approval' };
  return { kind: 'deploy' };
}

/** Who asks to approve (or reject) a promotion request, and who made it. */
export interface ApprovalFacts {
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string | null;
  /** The person approving; undefined for an API key, which is no person. */
  approverUserId: string | undefined;
  decision: 'approve' | 'reject';
}

export type ApprovalVerdict = { ok: true } | { ok: false; kind: 'conflict' | 'forbidden'; message: string };

/**
 * A pending request is approved once, by a person other than the one who asked (four eyes); the one
 * who asked may still withdraw it (reject).
 */
export function approvalVerdict(facts: ApprovalFacts): ApprovalVerdict {
  if (facts.status !== 'pending') return { ok: false, kind: 'conflict', message: `the promotion was already ${facts.status}` };
  if (!facts.approverUserId) return { ok: false, kind: 'forbidden', message: 'a promotion is decided by a person, not an API key' };
  if (facts.decision === 'approve' && facts.approverUserId === facts.requestedBy) {
    return { ok: false, kind: 'forbidden', message: 'the person who asked for a promotion cannot approve it; another owner or admin must' };
  }
  return { ok: true };
}

export interface RollbackFacts {
  environment: EnvironmentName;
  /** What runs there now: null is the built-in default (version 0). */
  current: { versionId: string; versionNumber: number } | null;
  history: readonly DeploymentRecord[];
  /** A version asked for by name; undefined: the previous one. */
  named?: { versionId: string; versionNumber: number };
}

export type RollbackVerdict = { ok: true; versionId: string | null; versionNumber: number } | { ok: false; field: string; message: string };

/**
 * Without a name: the highest-numbered version below the current one that ran there before, or the
 * built-in default when none did, so repeated rollbacks step back one version at a time. A named
 * version must have run there before: a rollback never skips the promotion path.
 */
export function rollbackVerdict(facts: RollbackFacts): RollbackVerdict {
  const { environment, current } = facts;
  if (!current) return { ok: false, field: 'environment', message: `${environment} runs the built-in default flow; there is nothing earlier to roll back to` };
  const ranThere = facts.history.filter((entry) => entry.environment === environment && entry.versionId !== null && entry.versionId !== current.versionId);
  if (facts.named) {
    const { versionId, versionNumber } = facts.named;
    if (versionId === current.versionId) return { ok: false, field: 'versionId', message: `version ${versionNumber} is what ${environment} runs now` };
    if (!ranThere.some((entry) => entry.versionId === versionId)) {
      return { ok: false, field: 'versionId', message: `version ${versionNumber} never ran in ${environment}; promote it instead` };
    }
    return { ok: true, versionId, versionNumber };
  }
  const earlier = ranThere.filter((entry) => entry.versionNumber < current.versionNumber).sort((a, b) => b.versionNumber - a.versionNumber)[0];
  return earlier ? { ok: true, versionId: earlier.versionId, versionNumber: earlier.versionNumber } : { ok: true, versionId: null, versionNumber: 0 };
}
