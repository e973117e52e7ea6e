/**
 * What people decided before: how often a source path of a source format was accepted or rejected
 * for a Sage Pro field. Counts only (never values), per tenant and over all tenants; the tenant's own
 * decisions weigh more, because its payloads and habits are what the next suggestion is for.
 */
export interface DecisionCount {
  accepted: number;
  rejected: number;
}

/** Keyed by priorKey(format, path, 'arcash.paidamt'). */
export type PriorCounts = ReadonlyMap<string, DecisionCount>;

export interface Priors {
  tenant?: PriorCounts;
  global?: PriorCounts;
}

export type Decision = 'accepted' | 'rejected';

export function priorKey(format: string, path: string, target: string): string {
  return `${format}\u0000${path}\u0000${target}`;
}

/** Counts one decision into `counts` (the caller's own map). */
export function countDecision(counts: Map<string, DecisionCount>, format: string, path: string, target: string, decision: Decision): void {
  const key = priorKey(format, path, target);
  const current = counts.get(key) ?? { accepted: 0, rejected: 0 };
  counts.set(key, decision === 'accepted' ? { ...current, accepted: current.accepted + 1 } : { ...current, rejected: current.rejected + 1 });
}

export interface PriorEffect {
  confidence: number;
  /** 'accepted 3× before (this tenant)'; undefined when no decision counted. */
  reason?: string;
}

/**
 * A confidence moved by past decisions. Net acceptances lift it to at least 0.5 + up to 0.45 (a
 * mapping people keep accepting is a good suggestion whatever its name); net rejections scale it
 * down by up to 60 %. The tenant's counts decide when it has any; else all tenants' at half strength.
 */
export function applyPriors(confidence: number, priors: Priors | undefined, format: string | undefined, path: string, target: string): PriorEffect {
  if (!priors || format === undefined) return { confidence };
  const key = priorKey(format, path, target);
  const tenant = priors.tenant?.get(key);
  const own = tenant !== undefined && tenant.accepted + tenant.rejected > 0;
  const counts = own ? tenant : priors.global?.get(key);
  if (!counts || counts.accepted + counts.rejected === 0) return { confidence };
  const strength = own ? 1 : 0.5;
  const net = (counts.accepted - counts.rejected) / (counts.accepted + counts.rejected + 1);
  const who = own ? 'this tenant' : 'all tenants';
  if (net > 0) {
    const lifted = Math.max(confidence, 0.5 + 0.45 * net * strength);
    // Not capped at 1 here: the ranking compares raw scores, the caller caps what it shows.
    return { confidence: lifted + 0.05 * net * strength, reason: `accepted ${counts.accepted}× before (${who})` };
  }
  if (net < 0) return { confidence: confidence * (1 - 0.6 * -net * strength), reason: `rejected ${counts.rejected}× before (${who})` };
  return { confidence };
}
