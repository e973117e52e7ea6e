import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config/config.js';
import { InvalidInput, TooManyRequests } from '../errors.js';
import { RedisService } from '../redis/redis.service.js';
import { APP_CONFIG } from '../tokens.js';
import { type CheckedAddress, checkHost, egressFetch } from './egress-guard.js';
import { defaultAllowlist, type EgressPolicy, obviouslyRefusedHost, parseAllowlist } from './egress-policy.js';

/** Settle's egress policy, from EGRESS_ALLOW (or its default for NODE_ENV). */
export function egressPolicyOf(config: Pick<AppConfig, 'EGRESS_ALLOW' | 'NODE_ENV'>): EgressPolicy {
  return parseAllowlist(config.EGRESS_ALLOW ?? defaultAllowlist(config.NODE_ENV));
}

/** The egress guard with the app's policy (see egress-guard.ts); a thin shell for injection. */
@Injectable()
export class Egress {
  readonly policy: EgressPolicy;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policy = egressPolicyOf(config);
  }

  /** fetch that reaches only what the policy allows, each exchange bounded by `timeoutMs`. */
  fetch(timeoutMs: number): typeof fetch {
    return egressFetch(this.policy, { timeoutMs });
  }

  /**
   * BAD_USER_INPUT on `field` when `host` is refused as typed (a literal address the policy refuses,
   * localhost): said when it is saved rather than at the first test. Names are checked when used.
   */
  refuseAsTyped(field: string, host: string): void {
    const bare = host.trim().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
    if (obviouslyRefusedHost(this.policy, bare)) throw new InvalidInput(field, 'is not a public address: Settle does not connect there (EGRESS_ALLOW)');
  }

  /** The one address of `host` a driver (tedious) may connect to, or EgressRefused. */
  checkHost(host: string, timeoutMs: number): Promise<CheckedAddress> {
    return checkHost(this.policy, host, { timeoutMs });
  }
}

/**
 * Connection tests a tenant may run per minute (CONNECTION_TESTS_PER_MINUTE), counted in Redis across
 * processes: each one makes Settle log in somewhere on the tenant's word, so they are not free.
 */
@Injectable()
export class ConnectionTestBudget {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: RedisService, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: false,
      keyPrefix: redis.key('connection-tests'),
      points: config.CONNECTION_TESTS_PER_MINUTE,
      duration: 60,
    });
  }

  /** Counts one test of `tenantId`; TOO_MANY_REQUESTS when its budget for the minute is spent. */
  async spend(tenantId: string): Promise<void> {
    await this.limiter.consume(tenantId).catch((error: unknown) => {
      if (error instanceof RateLimiterRes) throw new TooManyRequests(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    });
  }
}
