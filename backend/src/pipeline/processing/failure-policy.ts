/**
 * What a failed attempt becomes. Transient faults (Sage Pro down, a lock, a timeout) are retried with
 * backoff until the attempts run out; permanent ones go straight to a dead letter with the reason, and
 * data that breaks Sage Pro's field rules is a validation dead letter naming the field. A payment whose
 * invoice vanished between matching and writing (paid by someone else) goes to manual review.
 */
import { PermanentSageProError, TransientSageProError } from '../../sagepro/errors.js';
import type { DeadLetterRecord } from './event-result.js';
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
