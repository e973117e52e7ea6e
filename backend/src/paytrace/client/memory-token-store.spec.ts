import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from './memory-token-store.js';

describe('MemoryTokenStore', () => {
  it('expires tokens after their TTL', async () => {
    let now = 0;
    const store = new MemoryTokenStore(() => now);
    await store.set('c', 't1', 1000);
    now = 999;
    expect(await store.get('c')).toBe('t1');
    now = 1000;
    expect(await store.get('c')).toBeUndefined();
  });

  it('discards only the token it is told about', async () => {
    const store = new MemoryTokenStore();
    await store.set('c', 't2', 60_000);
    await store.discard('c', 't1');
    expect(await store.get('c')).toBe('t2');
    await store.discard('c', 't2');
    expect(await store.get('c')).toBeUndefined();
  });

  it('lets one caller refresh while the others wait for its token', async () => {
    const store = new MemoryTokenStore();
    let refreshes = 0;
    const refresh = async () => {
      refreshes += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.set('c', 'fresh', 60_000);
      return 'fresh';
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.withRefreshLock('c', refresh)));
    expect(refreshes).toBe(1);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(await store.get('c')).toBe('fresh');
  });

  it('hands the lock on when the holder fails without a token', async () => {
    const store = new MemoryTokenStore();
    const first = store.withRefreshLock('c', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('PayTrace down');
    });
    const second = store.withRefreshLock('c', async () => 'second ran');
    await expect(first).rejects.toThrow('PayTrace down');
    expect(await second).toEqual({ ran: true, value: 'second ran' });
  });
});
