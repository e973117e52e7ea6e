import { HeaderMap } from '@apollo/server';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../platform/config/config.js';
import { TooManyRequests } from '../platform/errors.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { RedisService } from '../platform/redis/redis.service.js';

/**
 * Sign-ups (companies and partner firms) per client IP, counted in Redis so that every API process
 * shares the budget: each one creates a tenant, a user and an argon2 hash, so a script must not be
 * able to create them by the thousand. Every attempt counts, refused ones included.
 */
@Injectable()
export class SignUpThrottle {
  private readonly perIp: RateLimiterRedis;

  constructor(redis: RedisService, @Inject(APP_CONFIG) config: AppConfig) {
    this.perIp = new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: false,
      keyPrefix: redis.key('signup-ip'),
      points: config.SIGNUP_MAX_PER_IP,
      duration: config.SIGNUP_WINDOW_SECONDS,
    });
  }

  /**
   * Counts a sign-up from `ip`; over the budget: TOO_MANY_REQUESTS (as for logins) with
   * `retryAfterSeconds` and a Retry-After header. The HTTP status stays 200, as for every error a
   * resolver throws (Nest's Apollo driver resets it so clients read the body).
   */
  async admit(ip: string | undefined): Promise<void> {
    await this.perIp.consume(ip ?? 'unknown').catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      const limited = new TooManyRequests(retryAfterSeconds);
      throw new GraphQLError(limited.message, {
        extensions: { ...limited.extensions, http: { headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) } },
      });
    });
  }
}
