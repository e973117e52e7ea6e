import { describe, expect, it } from 'vitest';
import { LastGoodReading } from './last-good-reading.js';

/** A read the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LastGoodReading', () => {
  it('answers the value read', async () => {
    const reading = new LastGoodReading({ read: async () => 7, waitMs: 50, freshMs: 0, onFailure: () => undefined });
    expect((await reading.current())?.value).toBe(7);
  });

  it('answers the last good value when a read fails, and reports the failure', async () => {
    const failures: string[] = [];
    let fail = false;
    const reading = new LastGoodReading({
      read: async () => {
        if (fail) throw new Error('database down');
        return 1;
      },
      waitMs: 50,
      freshMs: 0,
      onFailure: (error) => failures.push(error.message),
    });
    expect((await reading.current())?.value).toBe(1);
    fail = true;
    expect((await reading.current())?.value).toBe(1);
    expect(failures).toEqual(['database down']);
  });

  it('is undefined before any read succeeded', async () => {
    const reading = new LastGoodReading<number>({ read: async () => Promise.reject(new Error('no')), waitMs: 50, freshMs: 0, onFailure: () => undefined });
    expect(await reading.current()).toBeUndefined();
  });

  it('answers within waitMs with the last value when a read is slow; the late read lands for the next caller', async () => {
    const slow = deferred<number>();
    let reads = 0;
    const reading = new LastGoodReading({ read: () => (++reads === 1 ? Promise.resolve(1) : slow.promise), waitMs: 30, freshMs: 0, onFailure: () => undefined });
    await reading.current();
    const started = Date.now();
    expect((await reading.current())?.value).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
    // One read at a time: a caller meanwhile waits on the same read.
    expect((await reading.current())?.value).toBe(1);
    expect(reads).toBe(2);
    slow.resolve(2);
    await slow.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect((await reading.current())?.value).toBe(2);
  });

  it('reuses a value younger than freshMs without reading', async () => {
    let clock = 1_000;
    let reads = 0;
    const reading = new LastGoodReading({ read: async () => ++reads, waitMs: 50, freshMs: 500, onFailure: () => undefined, now: () => clock });
    expect((await reading.current())?.value).toBe(1);
    clock += 499;
    expect((await reading.current())?.value).toBe(1);
    clock += 1;
    expect((await reading.current())).toEqual({ value: 2, at: 1_500 });
  });
});
