import { describe, expect, it } from 'vitest';
import { KeyCache } from './key-cache.js';

describe('KeyCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new KeyCache<number>(2, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('forgets entries older than the time to live', () => {
    let now = 1_000;
    const cache = new KeyCache<string>(10, 500, () => now);
    cache.set('a', 'x');
    now += 499;
    expect(cache.get('a')).toBe('x');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('renews the time to live when an entry is set again', () => {
    let now = 0;
    const cache = new KeyCache<string>(10, 100, () => now);
    cache.set('a', 'x');
    now = 90;
    cache.set('a', 'y');
    now = 150;
    expect(cache.get('a')).toBe('y');
  });
});
