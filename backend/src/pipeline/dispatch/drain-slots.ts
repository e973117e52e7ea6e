import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** Frees or extends one running drain's place; `release` says whether a drain was turned away meanwhile. */
export interface DrainSlot {
  renew(): Promise<void>;
  release(): Promise<boolean>;
}

/**
 * Without a limit, every worker slot could end up running the same busy tenant; with one drain of
 * that tenant at a time, a 10,000-event backlog is slow. So the limit is explicit: `PIPELINE_TENANT_DRAINS`,
 * by default half of `PIPELINE_CONCURRENCY`, which leaves the other half to the other tenants.
 */
export function tenantDrainLimit(config: { PIPELINE_TENANT_DRAINS?: number; PIPELINE_CONCURRENCY: number }): number {
  return config.PIPELINE_TENANT_DRAINS ?? Math.max(1, Math.floor(config.PIPELINE_CONCURRENCY / 2));
}

// KEYS: the tenant's running drains (a sorted set scored by expiry), its turned-away note.
// ARGV: limit, ttl ms, drain id. Redis's own clock, so worker processes' clocks need not agree.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// ARGV: ttl ms, drain id. XX: a place that already expired is not taken back.
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[2]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1`;

// ARGV: drain id.
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[2]) then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0`;

const UNTRACKED: DrainSlot = { renew: async () => undefined, release: async () => false };

/**
 * At most `limit` running drains per tenant, across all worker processes. Each running drain holds a
 * place that expires after `ttlMs` unless renewed (its heartbeat does), so a SIGKILLed worker's place
 * frees itself. A drain that finds no place leaves a note and ends at once; the next running drain of
 * the tenant to finish reads the note and queues the tenant again, so no event is stranded.
 */
export class DrainSlots {
  private readonly logger = new Logger('Pipeline');
  constructor(
    private readonly redis: Redis,
    private readonly key: (...parts: string[]) => string,
    readonly limit: number,
    private readonly ttlMs: number,
  ) {}

  /** A place for one drain of the tenant, or null when all are taken. Redis failing never stops a drain. */
  async acquire(tenantId: string): Promise<DrainSlot | null> {
    const running = this.key('drains', tenantId, 'running');
    const turnedAway = this.key('drains', tenantId, 'turned-away');
    const id = randomUUID();
    try {
      if (!(await this.redis.eval(ACQUIRE, 2, running, turnedAway, this.limit, this.ttlMs, id))) return null;
    } catch (error) {
      this.logger.warn(`drain of tenant ${tenantId} runs without a slot (Redis: ${(error as Error).message})`);
      return UNTRACKED;
    }
    return {
      renew: async () => {
        await this.redis.eval(RENEW, 1, running, this.ttlMs, id);
      },
      release: async () => (await this.redis.eval(RELEASE, 2, running, turnedAway, id)) === 1,
    };
  }
}
