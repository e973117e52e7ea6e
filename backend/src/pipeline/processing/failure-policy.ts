/**
 * What a failed attempt becomes. Transient faults (Sage Pro down, a lock, a timeout) are retried with
 * backoff until the attempts run out; permanent ones go straight to a dead letter with the reason, and
 * data that breaks Sage Pro's field rules is a validation dead letter naming the field. A payment whose
 * invoice vanished between matching and writing (paid by someone else) goes to manual review.
 */
import { PermanentSageProError, TransientSageProError } from '../../sagepro/errors.js';
import type { ClaimedEvent, DeadLetterRecord, EventResult } from './event-result.js';
import { hasRetryLeft, type RetryPolicy, retryDelayMs } from './retry-policy.js';

export type FailureVerdict =
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'dead'; deadLetter: DeadLetterRecord }
  | { kind: 'review'; reason: 'invoice_not_found' };

export function judgeFailure(error: unknown, attempt: number, policy: RetryPolicy, random?: () => number): FailureVerdict {
  if (error instanceof PermanentSageProError) {
    if (error.kind === 'invoice_not_found') return { kind: 'review', reason: 'invoice_not_found' };
    const cause = error.kind === 'validation' ? 'validation' : 'permanent';
    return { kind: 'dead', deadLetter: { cause, errorCode: error.kind, reason: error.message, field: error.field } };
  }
  // Anything unexpected (a Settle database hiccup, a bug) is retried too: a person sees it as a dead
  // letter only once the attempts are used up.
  const code = error instanceof TransientSageProError ? error.kind : 'unexpected';
  const message = `${code}: ${(error as Error)?.message ?? String(error)}`;
  if (!hasRetryLeft(attempt, policy)) return { kind: 'dead', deadLetter: { cause: 'exhausted', errorCode: code, reason: `Gave up after ${attempt} attempts. Last error: ${message}` } };
  return { kind: 'retry', delayMs: retryDelayMs(attempt, policy, random), error: message };
}

/**
 * Why an event whose worker died on every attempt is a dead letter; `%s` is the number of attempts
 * (EventStore.claim fills it in SQL with PostgreSQL's format()).
 */
export const WORKER_CRASHED_REASON =
  'Every attempt (%s) ended with the worker processing it gone (out of memory, a crash) before it finished; it is not tried again. Replay it once the cause is fixed.';

/**
 * An event that was claimed PIPELINE_MAX_ATTEMPTS times, each claim lost with its worker (the lease
 * ran out): it is likely what kills the worker, so it ends as a dead letter instead of being taken
 * again forever. The claim records it (EventStore.claim); this is the same result, to count and alert.
 */
export function workerCrashed(event: ClaimedEvent): EventResult {
  const deadLetter: DeadLetterRecord = { cause: 'worker_crashed', errorCode: 'worker_crashed', reason: WORKER_CRASHED_REASON.replace('%s', String(event.attempt)) };
  return { event, steps: [], effects: [], state: 'dead', outcome: { deadLetter: 'worker_crashed' }, deadLetter };
}
