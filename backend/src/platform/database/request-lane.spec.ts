import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { connectionFor, inLane, laneOf, oneAtATime, oneAtATimeCommittedAtOnce } from './request-lane.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('request lane', () => {
  it("runs one request's transactions one after the other, in the order asked", async () => {
    const lane = laneOf({});
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const transaction = (name: string) =>
      oneAtATime(async () => {
        peak = Math.max(peak, ++running);
        order.push(`${name} begins`);
        await tick();
        order.push(`${name} ends`);
        running--;
        return name;
      });
    const results = await inLane(lane, () => Promise.all(['a', 'b', 'c'].map(transaction)));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(peak).toBe(1);
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
    expect(lane.peak).toBe(1);
  });

  it('lets work nested inside a turn go ahead (no deadlock), and a failed turn not block the next', async () => {
    const lane = laneOf({});
    const nested = await inLane(lane, () => oneAtATime(() => oneAtATime(async () => 'inner')));
    expect(nested).toBe('inner');
    const failed = inLane(lane, () => oneAtATime(async () => Promise.reject(new Error('boom'))));
    await expect(failed).rejects.toThrow('boom');
    await expect(inLane(lane, () => oneAtATime(async () => 'next'))).resolves.toBe('next');
  });

  it('keeps separate requests independent, and work outside any request unqueued', async () => {
    const first = laneOf({});
    const second = laneOf({});
    let running = 0;
    let peak = 0;
    const slow = () =>
      oneAtATime(async () => {
        peak = Math.max(peak, ++running);
        await tick();
        running--;
      });
    await Promise.all([inLane(first, slow), inLane(second, slow), slow(), slow()]);
    expect(peak).toBe(4);
  });

  it("runs a transaction committed at once on a connection of its own, not as a savepoint of the request's shared one", async () => {
    const statements: string[] = [];
    const own = { query: async (text: string) => statements.push(`own: ${text}`), on: () => own, off: () => own, release: () => undefined } as unknown as pg.PoolClient;
    const pooled = { query: async (text: string) => statements.push(`shared: ${text.split('\n')[0]}`), on: () => pooled, off: () => pooled, release: () => undefined } as unknown as pg.PoolClient;
    const lane = laneOf({});
    lane.shareOneTransaction();
    const apart = await inLane(lane, () => oneAtATimeCommittedAtOnce(() => connectionFor(async () => own)));
    expect(apart).toBe(own);
    const savepoint = await inLane(lane, () => oneAtATime(() => connectionFor(async () => pooled)));
    expect(savepoint).not.toBe(pooled);
    await savepoint.query('BEGIN');
    expect(statements).toEqual(['shared: BEGIN', 'shared: SAVEPOINT turn', expect.stringContaining('set_config')]);
    await lane.end();
  });

  it('gives the same lane to the same request', () => {
    const request = {};
    expect(laneOf(request)).toBe(laneOf(request));
  });
});
