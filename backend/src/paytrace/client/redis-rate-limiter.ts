/**
 * PayTrace call budget per connection, shared by every process through Redis (rate-limiter-flexible's
 * RateLimiterRedis). `acquire` waits for a point rather than failing, up to `maxWaitMs`.
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimitOptions } from './memory-rate-limiter.js';
import type { RateLimiter } from './ports.js';
import { consumeOrWait } from './rate-limit-wait.js';

export interface RedisRateLimiterOptions extends RateLimitOptions {
  redis: Redis;
  /** e.g. RedisService.key('paytrace', 'rate'). */
  keyPrefix: string;
}

export class RedisRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.limiter = new RateLimiterRedis({
      storeClient: options.redis,
      useRedisPackage: false,
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
    });
  }

  acquire(key: string): Promise<void> {
    return consumeOrWait(this.limiter, key, { maxWaitMs: 30_000, ...this.options });
  }
}
