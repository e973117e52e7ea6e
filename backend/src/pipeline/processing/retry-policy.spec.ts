import { describe, expect, it } from 'vitest';
import { hasRetryLeft, type RetryPolicy, retryDelayMs } from './retry-policy.js';

const policy: RetryPolicy = { maxAttempts: 5, baseMs: 1_000, maxMs: 30_000 };
const lowest = () => 0;
const highest = () => 1;
const middle = () => 0.5;

describe('retryDelayMs', () => {
  it('doubles the ceiling with every attempt', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy, highest))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('never waits less than half the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy, lowest))).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
  });

  it('is capped at the policy’s longest wait, however many attempts', () => {
    expect(retryDelayMs(6, policy, highest)).toBe(30_000);
    expect(retryDelayMs(20, policy, highest)).toBe(30_000);
    expect(retryDelayMs(20, policy, lowest)).toBe(15_000);
  });

  it('jitter puts the wait between half and all of the ceiling, in proportion to the random draw', () => {
    expect(retryDelayMs(3, policy, middle)).toBe(3_000);
    expect(retryDelayMs(3, policy, () => 0.25)).toBe(2_500);
    expect(retryDelayMs(3, policy, () => 0.999_999)).toBe(4_000);
  });

  it('rounds to whole milliseconds', () => {
    expect(retryDelayMs(1, { maxAttempts: 3, baseMs: 333, maxMs: 10_000 }, () => 1 / 3)).toBe(222);
    expect(Number.isInteger(retryDelayMs(2, policy, Math.random))).toBe(true);
  });

  it('spreads a burst of retries that failed together across the window', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
    const delays = Array.from({ length: 200 }, () => retryDelayMs(4, policy, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(150);
  });

  it('with Math.random by default, stays within the bounds', () => {
    for (let i = 0; i < 100; i++) {
      const delay = retryDelayMs(2, policy);
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });

  it('an attempt number below 1 is treated as the first attempt', () => {
    expect(retryDelayMs(0, policy, highest)).toBe(1_000);
    expect(retryDelayMs(-3, policy, highest)).toBe(1_000);
  });
});

describe('hasRetryLeft', () => {
  it('leaves a retry on every attempt before the last', () => {
    expect([1, 2, 3, 4].map((attempt) => hasRetryLeft(attempt, policy))).toEqual([true, true, true, true]);
  });

  it('the last attempt (and any after it) leaves none', () => {
    expect(hasRetryLeft(5, policy)).toBe(false);
    expect(hasRetryLeft(6, policy)).toBe(false);
  });

  it('a policy of one attempt never retries', () => {
    expect(hasRetryLeft(1, { ...policy, maxAttempts: 1 })).toBe(false);
  });
});
