import { describe, expect, it } from 'vitest';
import { Prng } from './prng.js';

const draw = (seed: number, count: number) => {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () => rng.next());
};

describe('Prng', () => {
  it('repeats itself for the same seed and differs for another', () => {
    expect(draw(42, 20)).toEqual(draw(42, 20));
    expect(draw(42, 20)).not.toEqual(draw(43, 20));
  });

  it('stays in [0, 1) and spreads evenly', () => {
    const values = draw(7, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = Array<number>(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)] += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it('draws integers in a closed range, reaching both ends', () => {
    const rng = new Prng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });

  it('samples distinct items and shuffles without losing any', () => {
    const rng = new Prng(9);
    const items = Array.from({ length: 30 }, (_, i) => i);
    const sample = rng.sample(items, 12);
    expect(new Set(sample).size).toBe(12);
    expect(rng.shuffle(items).sort((a, b) => a - b)).toEqual(items);
    expect(() => rng.sample(items, 31)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new Prng(1.5)).toThrow(RangeError);
  });
});
