import type { AlertSignal } from './alert-signal.js';

/** Below this many events a rate says nothing (one failure of two is not an outage). */
export const MIN_EVENTS_FOR_FAILURE_RATE = 5;

export interface FailureRateRule {
  thresholdPercent: number;
  windowMinutes: number;
}

/** Inbox events received in the rule's window, and how many of them failed (dead, or retrying). */
export interface RecentEvents {
  received: number;
  failed: number;
}

export interface ManualReviewRule {
  waitMinutes: number;
}

/** Open manual reviews older than the rule's wait. */
export interface WaitingReviews {
  count: number;
  oldestAt: Date | null;
}

export const failureWindowStart = (rule: FailureRateRule, now: Date) => minutesBefore(now, rule.windowMinutes);
export const reviewWaitCutoff = (rule: ManualReviewRule, now: Date) => minutesBefore(now, rule.waitMinutes);

/**
 * Over threshold_percent % of the window's events failed, with enough events to mean something.
 * A condition that lasts is raised again once per window, not at every evaluation (every minute).
 */
export function failureRateSignal(rule: FailureRateRule, events: RecentEvents, lastRaisedAt: Date | null, now: Date): AlertSignal | null {
  if (events.received < MIN_EVENTS_FOR_FAILURE_RATE) return null;
  if (events.failed * 100 <= rule.thresholdPercent * events.received) return null;
  if (raisedWithin(lastRaisedAt, rule.windowMinutes, now)) return null;
  const percent = Math.round((events.failed * 100) / events.received);
  return {
    kind: 'failure_rate',
    groupKey: 'failure_rate',
    summary: `${events.failed} of ${events.received} events failed in the last ${rule.windowMinutes} min (${percent}%, over ${rule.thresholdPercent}%)`,
  };
}

/** Payments are waiting for a person longer than the rule allows; reminded once per wait. */
export function manualReviewSignal(rule: ManualReviewRule, waiting: WaitingReviews, lastRaisedAt: Date | null, now: Date): AlertSignal | null {
  if (waiting.count < 1) return null;
  if (raisedWithin(lastRaisedAt, rule.waitMinutes, now)) return null;
  const oldest = waiting.oldestAt ? ` (oldest since ${waiting.oldestAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : '';
  const reviews = waiting.count === 1 ? '1 manual review' : `${waiting.count} manual reviews`;
  return { kind: 'manual_review_waiting', groupKey: 'manual_review_waiting', summary: `${reviews} waiting over ${rule.waitMinutes} min${oldest}` };
}

function raisedWithin(lastRaisedAt: Date | null, minutes: number, now: Date): boolean {
  return lastRaisedAt !== null && lastRaisedAt.getTime() > minutesBefore(now, minutes).getTime();
}

function minutesBefore(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}
