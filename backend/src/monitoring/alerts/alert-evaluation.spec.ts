import { describe, expect, it } from 'vitest';
import { failureRateSignal, failureWindowStart, manualReviewSignal, reviewWaitCutoff } from './alert-evaluation.js';

const now = new Date('2026-11-26T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const rate = { thresholdPercent: 20, windowMinutes: 15 };

describe('failure rate', () => {
  it('alerts when more than the threshold of the window’s events failed', () => {
    expect(failureRateSignal(rate, { received: 10, failed: 3 }, null, now)).toEqual({
      kind: 'failure_rate',
      groupKey: 'failure_rate',
      summary: '3 of 10 events failed in the last 15 min (30%, over 20%)',
    });
  });

  it('says nothing at the threshold, below it, or with fewer than five events', () => {
    expect(failureRateSignal(rate, { received: 10, failed: 2 }, null, now)).toBeNull();
    expect(failureRateSignal(rate, { received: 10, failed: 1 }, null, now)).toBeNull();
    expect(failureRateSignal(rate, { received: 4, failed: 4 }, null, now)).toBeNull();
    expect(failureRateSignal(rate, { received: 0, failed: 0 }, null, now)).toBeNull();
  });

  it('raises a lasting condition again once per window, not at every evaluation', () => {
    expect(failureRateSignal(rate, { received: 10, failed: 9 }, minutesAgo(5), now)).toBeNull();
    expect(failureRateSignal(rate, { received: 10, failed: 9 }, minutesAgo(16), now)).not.toBeNull();
  });

  it('looks back over the rule’s window', () => {
    expect(failureWindowStart(rate, now)).toEqual(minutesAgo(15));
  });
});

describe('manual reviews waiting', () => {
  const rule = { waitMinutes: 60 };

  it('alerts with the count of reviews open longer than the wait', () => {
    expect(manualReviewSignal(rule, { count: 3, oldestAt: new Date('2026-11-26T09:30:00Z') }, null, now)).toEqual({
      kind: 'manual_review_waiting',
      groupKey: 'manual_review_waiting',
      summary: '3 manual reviews waiting over 60 min (oldest since 2026-11-26 09:30 UTC)',
    });
    expect(manualReviewSignal(rule, { count: 1, oldestAt: null }, null, now)?.summary).toBe('1 manual review waiting over 60 min');
    expect(reviewWaitCutoff(rule, now)).toEqual(minutesAgo(60));
  });

  it('says nothing without waiting reviews, and reminds once per wait', () => {
    expect(manualReviewSignal(rule, { count: 0, oldestAt: null }, null, now)).toBeNull();
    expect(manualReviewSignal(rule, { count: 2, oldestAt: minutesAgo(200) }, minutesAgo(30), now)).toBeNull();
    expect(manualReviewSignal(rule, { count: 2, oldestAt: minutesAgo(200) }, minutesAgo(61), now)).not.toBeNull();
  });
});
