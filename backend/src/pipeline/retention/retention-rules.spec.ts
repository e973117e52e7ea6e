import { describe, expect, it } from 'vitest';
import { pruneInBatches, retentionCutoff } from './retention-rules.js';

describe('retentionCutoff', () => {
  it('is the given number of whole days before now', () => {
    expect(retentionCutoff(new Date('2026-12-07T10:00:00.000Z'), 90).toISOString()).toBe('2026-09-08T10:00:00.000Z');
    expect(retentionCutoff(new Date('2026-12-07T10:00:00.000Z'), 1).toISOString()).toBe('2026-12-06T10:00:00.000Z');
  });
});

describe('pruneInBatches', () => {
  it('goes on while batches come back full and stops at the first short one', async () => {
    const left = [5, 5, 5, 2];
    const limits: number[] = [];
    const total = await pruneInBatches(async (limit) => {
      limits.push(limit);
      return left.shift() ?? 0;
    }, 5);
    expect(total).toBe(17);
    expect(limits).toEqual([5, 5, 5, 5]);
  });

  it('asks once more after an exactly full last batch, which finds nothing', async () => {
    const left = [5];
    let calls = 0;
    expect(await pruneInBatches(async () => (calls++, left.shift() ?? 0), 5)).toBe(5);
    expect(calls).toBe(2);
  });

  it('stops between batches when the process is stopping', async () => {
    let calls = 0;
    const total = await pruneInBatches(async () => (calls++, 5), 5, () => calls >= 2);
    expect(total).toBe(10);
    expect(calls).toBe(2);
  });
});
