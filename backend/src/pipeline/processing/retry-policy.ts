/**
 * Exponential backoff with full jitter for transient faults: attempt n waits a random time between half
 * and all of base·2^(n-1), capped. Jitter spreads retries of many events that failed together (a Sage
 * Pro outage) so they do not return as one wave.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Whether a transient fault on this attempt still leaves a retry, or makes the event a dead letter. */
export function hasRetryLeft(attempt: number, policy: RetryPolicy): boolean {
  return attempt < policy.maxAttempts;
}
