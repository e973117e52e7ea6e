import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SuspectIsolation } from './suspect-isolation.js';

/** Work that runs until the test ends it; `running` lists what is inside the isolation right now. */
function harness() {
  const isolation = new SuspectIsolation();
  const running = new Set<string>();
  const enders = new Map<string, () => void>();
  const overlaps: string[] = [];
  const start = async (name: string, alone: boolean) => {
    const leave = await isolation.enter(alone);
    if ([...running].some((other) => other.startsWith('suspect') || alone)) overlaps.push(`${name} with ${[...running].join(',')}`);
    running.add(name);
    await new Promise<void>((ended) => enders.set(name, ended));
    running.delete(name);
    leave();
  };
  const end = async (name: string) => {
    enders.get(name)?.();
    enders.delete(name);
    await flush();
  };
  return { start, end, running, overlaps };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SuspectIsolation', () => {
  it('lets batches share the process', async () => {
    const h = harness();
    void h.start('batch 1', false);
    void h.start('batch 2', false);
    await flush();
    expect([...h.running]).toEqual(['batch 1', 'batch 2']);
  });

  it('runs a suspect only once the batches in hand are done, and holds new batches until it is', async () => {
    const h = harness();
    void h.start('batch 1', false);
    await flush();
    void h.start('suspect', true);
    void h.start('batch 2', false);
    await flush();
    expect([...h.running]).toEqual(['batch 1']);
    await h.end('batch 1');
    expect([...h.running]).toEqual(['suspect']);
    await h.end('suspect');
    expect([...h.running]).toEqual(['batch 2']);
  });

  it('runs two suspects one after the other', async () => {
    const h = harness();
    void h.start('suspect 1', true);
    void h.start('suspect 2', true);
    await flush();
    expect([...h.running]).toEqual(['suspect 1']);
    await h.end('suspect 1');
    expect([...h.running]).toEqual(['suspect 2']);
  });

  it('lets a second leave() change nothing', async () => {
    const isolation = new SuspectIsolation();
    const leaveBatch = await isolation.enter(false);
    leaveBatch();
    leaveBatch();
    const leaveSuspect = await isolation.enter(true); // would wait forever had the count gone below zero and back
    const batch = isolation.enter(false);
    let entered = false;
    void batch.then(() => (entered = true));
    await flush();
    expect(entered).toBe(false);
    leaveSuspect();
    await batch;
  });

  it('never runs a suspect next to anything, and runs everything in the end, whatever the order', async () => {
    const step = fc.oneof(fc.record({ start: fc.boolean() }), fc.record({ end: fc.nat(20) }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const h = harness();
        const all: Promise<void>[] = [];
        steps.forEach((s, i) => {
          if ('start' in s) all.push(h.start(`${s.start ? 'suspect' : 'batch'} ${i}`, s.start));
        });
        await flush();
        for (const s of steps) if ('end' in s) await h.end([...h.running][s.end % Math.max(1, h.running.size)] ?? '');
        // Whatever is left runs to its end.
        for (let guard = 0; h.running.size && guard < 100; guard++) await h.end([...h.running][0]);
        await Promise.all(all);
        expect(h.overlaps).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
