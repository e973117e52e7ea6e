/** A TokenStore for one process (unit tests, tools): a Map with expiry and an in-process lock. */
import type { RefreshLockResult, TokenStore } from './ports.js';

export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.tokens.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.token;
    this.tokens.delete(key);
    return undefined;
  }

  async set(key: string, token: string, ttlMs: number): Promise<void> {
    this.tokens.set(key, { token, expiresAt: this.now() + ttlMs });
  }

  async discard(key: string, token: string): Promise<void> {
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  async withRefreshLock<T>(key: string, refresh: () => Promise<T>): Promise<RefreshLockResult<T>> {
    for (;;) {
      const held = this.locks.get(key);
      if (!held) break;
      await held;
      if (await this.get(key)) return { ran: false };
    }
    let release!: () => void;
    this.locks.set(key, new Promise<void>((resolve) => (release = resolve)));
    try {
      return { ran: true, value: await refresh() };
    } finally {
      this.locks.delete(key);
      release();
    }
  }
}
