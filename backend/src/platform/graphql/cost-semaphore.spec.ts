import { describe, expect, it } from 'vitest';
import { CostSemaphore } from './cost-semaphore.js';

describe('cost running at once per tenant', () => {
  it('lets cheap operations run side by side, and holds a heavy one until room is made', async () => {
    const semaphore = new CostSemaphore(1_000);
    const first = await semaphore.acquire('tenant:a', 600);
    const second = await semaphore.acquire('tenant:a', 300);
    expect(semaphore.runningCost('tenant:a')).toBe(900);
    let heavyStarted = false;
    const heavy = semaphore.acquire('tenant:a', 990).then((release) => {
      heavyStarted = true;
      return release;
    });
    first();
    await Promise.resolve();
    expect(heavyStarted).toBe(false); // 300 + 990 does not fit
    second();
    const release = await heavy;
    expect(semaphore.runningCost('tenant:a')).toBe(990);
    release();
    release(); // twice is once
    expect(semaphore.runningCost('tenant:a')).toBe(0);
  });

  it("never holds one tenant's operations for another's", async () => {
    const semaphore = new CostSemaphore(1_000);
    await semaphore.acquire('tenant:a', 1_000);
    const other = await semaphore.acquire('tenant:b', 1_000);
    expect(semaphore.runningCost('tenant:b')).toBe(1_000);
    other();
  });

  it('runs an operation over the capacity when nothing else of its tenant runs', async () => {
    const semaphore = new CostSemaphore(100);
    const release = await semaphore.acquire('tenant:a', 500);
    expect(semaphore.runningCost('tenant:a')).toBe(500);
    release();
  });

  it('serves waiting operations first come, first served', async () => {
    const semaphore = new CostSemaphore(1_000);
    const running = await semaphore.acquire('tenant:a', 1_000);
    const order: string[] = [];
    const one = semaphore.acquire('tenant:a', 800).then((release) => (order.push('one'), release));
    const two = semaphore.acquire('tenant:a', 100).then((release) => (order.push('two'), release));
    running();
    await Promise.all([one, two]);
    expect(order).toEqual(['one', 'two']);
  });
});
