import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../platform/config/config.js';
import { TooManyRequests } from '../platform/errors.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { RedisService } from '../platform/redis/redis.service.js';

/**
 * Login attempts per IP (every attempt) and per email (failures), counted in Redis so that every API
 * process shares the budget. A success clears the email's failures.
 */
@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterRedis;
  private readonly perEmail: RateLimiterRedis;

  constructor(redis: RedisService, @Inject(APP_CONFIG) config: AppConfig) {
    const common = { storeClient: redis.client, duration: config.LOGIN_WINDOW_SECONDS, useRedisPackage: false };
    this.perIp = new RateLimiterRedis({
      ...common,
      keyPrefix: redis.key('login-ip'),
      points: config.LOGIN_MAX_ATTEMPTS_PER_IP,
    });
    this.perEmail = new RateLimiterRedis({
      ...common,
      keyPrefix: redis.key('login-email'),
      points: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL,
    });
  }

  /** Counts an attempt from `ip` and refuses when the IP or the email is over its budget. */
  async admit(email: string, ip: string): Promise<void> {
    await this.perIp.consume(ip).catch(rejectWhenLimited);
    const failures = await this.perEmail.get(email.toLowerCase());
    if (failures && failures.remainingPoints <= 0) throw new TooManyRequests(Math.ceil(failures.msBeforeNext / 1000));
  }

  async recordFailure(email: string): Promise<void> {
    await this.perEmail.consume(email.toLowerCase()).catch((error) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perEmail.delete(email.toLowerCase());
  }
}

function rejectWhenLimited(error: unknown): never {
  if (error instanceof RateLimiterRes) throw new TooManyRequests(Math.ceil(error.msBeforeNext / 1000));
  throw error;
}
