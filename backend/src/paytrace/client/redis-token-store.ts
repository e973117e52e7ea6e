/**
 * PayTrace access tokens shared by every Settle process through Redis, one per connection, with ONE
 * refresh at a time per connection: the refresher holds a lock (SET NX PX, released only by its
 * owner); everyone else polls until the new token appears, or takes over if the lock is released or
 * expires without one. Tokens can be sealed (encrypted) before they are stored.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RefreshLockResult, TokenStore } from './ports.js';
import { sleep } from './rate-limit-wait.js';

/** Encrypts tokens at rest (e.g. the platform's AES-256-GCM envelope); identity by default. */
export interface TokenCodec {
  seal(token: string): string;
  unseal(sealed: string): string;
}

export interface RedisTokenStoreOptions {
  redis: Redis;
  /** e.g. RedisService.key('paytrace'). */
  keyPrefix: string;
  /** How long a refresher may hold the lock; longer than the token request's timeout. Default 30 s. */
  lockTtlMs?: number;
  /** How often waiters look for the new token. Default 25 ms. */
  pollMs?: number;
  codec?: TokenCodec;
}

// Deletes KEYS[1] only while it holds ARGV[1]: a lock owner (or a rejected token) is compared first.
const DELETE_IF_EQUAL = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export class RedisTokenStore implements TokenStore {
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  private readonly codec: TokenCodec;

  constructor(private readonly options: RedisTokenStoreOptions) {
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
    this.codec = options.codec ?? { seal: (token) => token, unseal: (sealed) => sealed };
  }

  async get(key: string): Promise<string | undefined> {
    const sealed = await this.options.redis.get(this.tokenKey(key));
    if (sealed === null) return undefined;
    try {
      return this.codec.unseal(sealed);
    } catch {
      return undefined; // sealed under another key (e.g. after a master key rotation): fetch a new token
    }
  }

  async set(key: string, token: string, ttlMs: number): Promise<void> {
    await this.options.redis.set(this.tokenKey(key), this.codec.seal(token), 'PX', Math.max(1, Math.floor(ttlMs)));
  }

  async discard(key: string, token: string): Promise<void> {
    const sealed = await this.options.redis.get(this.tokenKey(key));
    if (sealed !== null && this.codec.unseal(sealed) === token) {
      await this.options.redis.eval(DELETE_IF_EQUAL, 1, this.tokenKey(key), sealed);
    }
  }

  async withRefreshLock<T>(key: string, refresh: () => Promise<T>): Promise<RefreshLockResult<T>> {
    const { redis } = this.options;
    const lockKey = this.lockKey(key);
    const owner = randomUUID();
    for (;;) {
      if ((await redis.set(lockKey, owner, 'PX', this.lockTtlMs, 'NX')) === 'OK') {
        try {
          return { ran: true, value: await refresh() };
        } finally {
          await redis.eval(DELETE_IF_EQUAL, 1, lockKey, owner).catch(() => undefined);
        }
      }
      // Someone else is refreshing: wait for their token, or for the lock to go (then try to take it).
      for (;;) {
        await sleep(this.pollMs);
        const [[, token], [, locked]] = (await redis.multi().get(this.tokenKey(key)).exists(lockKey).exec()) as [[unknown, string | null], [unknown, number]];
        if (token !== null) return { ran: false };
        if (!locked) break;
      }
    }
  }

  private tokenKey(key: string): string {
    return `${this.options.keyPrefix}:token:${key}`;
  }

  private lockKey(key: string): string {
    return `${this.options.keyPrefix}:token-lock:${key}`;
  }
}
