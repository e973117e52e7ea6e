import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '../database/tenant-context.js';
import type { RedisService } from '../redis/redis.service.js';

export interface GraphQLRateBudget {
  /** Cost points (query-cost.ts) a tenant may spend per window, whoever calls for it. */
  tenantCost: number;
  /** Cost points one API key may spend per window: one script cannot use its whole tenant's budget. */
  apiKeyCost: number;
  windowSeconds: number;
}

/** Over its budget: HTTP 429 with Retry-After, before any resolver runs. */
export class RateLimited extends GraphQLError {
  constructor(retryAfterSeconds: number, who: string) {
    super(`Too many GraphQL requests for this ${who}; try again in ${retryAfterSeconds} s`, {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    });
  }
}

export interface Bucket {
  /** What the refusal names: 'tenant', 'API key', 'user', 'address'. */
  who: string;
  key: string;
  limiter: 'tenant' | 'apiKey';
}

/**
 * The budgets a request spends from: its tenant's and, with an API key, the key's own. Signed-in
 * people outside any tenant spend their user's budget, anonymous callers their address's.
 */
export function bucketsOf(actor: Actor, ip: string): Bucket[] {
  const buckets: Bucket[] = [];
  if (actor.tenantId) buckets.push({ who: 'tenant', key: `tenant:${actor.tenantId}`, limiter: 'tenant' });
  else if (actor.userId) buckets.push({ who: 'user', key: `user:${actor.userId}`, limiter: 'tenant' });
  else buckets.push({ who: 'address', key: `ip:${ip}`, limiter: 'tenant' });
  if (actor.apiKeyId) buckets.push({ who: 'API key', key: `key:${actor.apiKeyId}`, limiter: 'apiKey' });
  return buckets;
}

/** GraphQL budgets in Redis, shared by every API process, spent by each operation's cost. */
export class GraphQLRateLimits {
  private readonly limiters: Record<Bucket['limiter'], RateLimiterAbstract>;

  constructor(redis: RedisService, budget: GraphQLRateBudget) {
    const common = { storeClient: redis.client, duration: budget.windowSeconds, useRedisPackage: false };
    this.limiters = {
      tenant: new RateLimiterRedis({ ...common, keyPrefix: redis.key('graphql-cost'), points: budget.tenantCost }),
      apiKey: new RateLimiterRedis({ ...common, keyPrefix: redis.key('graphql-cost'), points: budget.apiKeyCost }),
    };
  }

  /**
   * Spends `cost` (at least 1) from every bucket of the caller; refuses when one is spent. A Redis
   * outage lets requests through: readiness reports it, and the cost limit still holds.
   */
  async spend(actor: Actor, ip: string, cost: number): Promise<void> {
    for (const bucket of bucketsOf(actor, ip)) {
      try {
        await this.limiters[bucket.limiter].consume(bucket.key, Math.max(1, Math.ceil(cost)));
      } catch (error) {
        if (error instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), bucket.who);
        return;
      }
    }
  }
}
