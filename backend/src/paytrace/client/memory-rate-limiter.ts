/** A RateLimiter for one process (unit tests, tools), on rate-limiter-flexible's memory store. */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimiter } from './ports.js';
import { consumeOrWait, type WaitOptions } from './rate-limit-wait.js';

export interface RateLimitOptions extends Partial<WaitOptions> {
  /** Calls allowed per window. */
  points: number;
  durationSeconds: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly options: RateLimitOptions) {
    this.limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds });
  }

  acquire(key: string): Promise<void> {
    return consumeOrWait(this.limiter, key, { maxWaitMs: 30_000, ...this.options });
  }
}
