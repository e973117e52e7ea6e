/**
 * Waiting for a rate-limit point instead of failing: consume a point; when the window is full, sleep
 * until it frees (msBeforeNext) and try again, up to a bound. Shared by the Redis and in-memory limiters.
 */
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitWaitExceeded } from './ports.js';

export interface WaitOptions {
  /** How long acquire may wait in all before it gives up. */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function consumeOrWait(limiter: RateLimiterAbstract, key: string, options: WaitOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const started = now();
  for (;;) {
    try {
      await limiter.consume(key);
      return;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // A little jitter so that waiters released together do not all collide on the next window.
      const wait = error.msBeforeNext + Math.floor(Math.random() * 20);
      if (now() - started + wait > options.maxWaitMs) throw new RateLimitWaitExceeded(now() - started);
      await pause(wait);
    }
  }
}
