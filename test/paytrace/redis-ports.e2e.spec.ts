/**
 * The Redis implementations of the client's ports, on the real Redis of the test run: the token
 * store's cross-process refresh lock (including a refresher that dies) and the shared rate limit
 * that makes callers wait instead of failing.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RateLimitWaitExceeded } from '../../backend/src/paytrace/client/ports.js';
import { RedisRateLimiter } from '../../backend/src/paytrace/client/redis-rate-limiter.js';
import { RedisTokenStore } from '../../backend/src/paytrace/client/redis-token-store.js';

const prefix = `t_paytrace_ports_${randomBytes(4).toString('hex')}`;
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = new Redis(inject('redisUrl'));
  b = new Redis(inject('redisUrl'));
});

afterAll(async () => {
  const keys = await a.keys(`${prefix}*`);
  if (keys.length) await a.del(...keys);
  a.disconnect();
  b.disconnect();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisTokenStore', () => {
  it('stores tokens with a TTL and discards only the rejected one', async () => {
    const store = new RedisTokenStore({ redis: a, keyPrefix: prefix });
    await store.set('c1', 'token-1', 60_000);
    expect(await store.get('c1')).toBe('token-1');
    expect(await a.pttl(`${prefix}:token:c1`)).toBeGreaterThan(59_000);
    await store.discard('c1', 'some-older-token');
    expect(await store.get('c1')).toBe('token-1');
    await store.discard('c1', 'token-1');
    expect(await store.get('c1')).toBeUndefined();
  });

  it('seals tokens at rest with the codec', async () => {
    const codec = { seal: (t: string) => `sealed(${Buffer.from(t).toString('base64')})`, unseal: (s: string) => Buffer.from(s.slice(7, -1), 'base64').toString() };
    const store = new RedisTokenStore({ redis: a, keyPrefix: prefix, codec });
    await store.set('c2', 'aaa:bbb:ccc', 60_000);
    expect(await a.get(`${prefix}:token:c2`)).not.toContain('aaa:bbb:ccc');
    expect(await store.get('c2')).toBe('aaa:bbb:ccc');
    await store.discard('c2', 'aaa:bbb:ccc');
    expect(await store.get('c2')).toBeUndefined();
  });

  it('runs one refresh across two processes; the other waits for its token', async () => {
    const [one, two] = [new RedisTokenStore({ redis: a, keyPrefix: prefix }), new RedisTokenStore({ redis: b, keyPrefix: prefix })];
    let refreshes = 0;
    const refresh = (store: RedisTokenStore) => async () => {
      refreshes += 1;
      await pause(100);
      await store.set('c3', 'shared-token', 60_000);
      return 'shared-token';
    };
    const results = await Promise.all([...Array(5)].flatMap(() => [one.withRefreshLock('c3', refresh(one)), two.withRefreshLock('c3', refresh(two))]));
    expect(refreshes).toBe(1);
    expect(results.filter((r) => r.ran)).toEqual([{ ran: true, value: 'shared-token' }]);
    expect(await a.exists(`${prefix}:token-lock:c3`)).toBe(0);
  });

  it('lets a waiter take over when the refresher fails without a token', async () => {
    const [one, two] = [new RedisTokenStore({ redis: a, keyPrefix: prefix }), new RedisTokenStore({ redis: b, keyPrefix: prefix })];
    const failing = one.withRefreshLock('c4', async () => {
      await pause(50);
      throw new Error('PayTrace unreachable');
    });
    await pause(10);
    const waiting = two.withRefreshLock('c4', async () => 'second try');
    await expect(failing).rejects.toThrow('PayTrace unreachable');
    expect(await waiting).toEqual({ ran: true, value: 'second try' });
  });

  it('lets a waiter take over when the refresher died holding the lock (lock expiry)', async () => {
    await a.set(`${prefix}:token-lock:c5`, 'a-process-that-died', 'PX', 150);
    const store = new RedisTokenStore({ redis: b, keyPrefix: prefix, lockTtlMs: 1_000 });
    const started = Date.now();
    expect(await store.withRefreshLock('c5', async () => 'took over')).toEqual({ ran: true, value: 'took over' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('RedisRateLimiter', () => {
  it('shares one budget between processes and makes the excess wait for the next window', async () => {
    const options = { keyPrefix: `${prefix}:rate`, points: 3, durationSeconds: 1, maxWaitMs: 5_000 };
    const [one, two] = [new RedisRateLimiter({ redis: a, ...options }), new RedisRateLimiter({ redis: b, ...options })];
    const granted: number[] = [];
    const started = Date.now();
    await Promise.all([one, two, one, two, one].map((limiter) => limiter.acquire('c1').then(() => granted.push(Date.now() - started))));
    granted.sort((x, y) => x - y);
    expect(granted).toHaveLength(5);
    // Three points in the first window; the other two had to wait for the second.
    expect(granted[2]).toBeLessThan(500);
    expect(granted[3]).toBeGreaterThanOrEqual(500);
  });

  it('gives up past its bound with RateLimitWaitExceeded', async () => {
    const limiter = new RedisRateLimiter({ redis: a, keyPrefix: `${prefix}:rate-bound`, points: 1, durationSeconds: 30, maxWaitMs: 200 });
    await limiter.acquire('c1');
    await expect(limiter.acquire('c1')).rejects.toBeInstanceOf(RateLimitWaitExceeded);
  });
});
