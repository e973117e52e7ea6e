/**
 * N receipts through W concurrent writers, each taking the next receipt in arrival order when it is
 * free (a shared queue, as pipeline workers take jobs). Wall clock, per-receipt latency, completion
 * times, and CPU: this process's (process.cpuUsage) and, on the embedded server, PostgreSQL's.
 */
import type pg from 'pg';
import { cpuSince, postgresCpu } from './server.js';

export interface PhaseResult {
  receipts: number;
  writers: number;
  wallMs: number;
  /** Per receipt, in arrival order: from taking it to its commit (retries included). */
  latenciesMs: number[];
  /** When each receipt committed, ms from the start, ascending. */
  completionsMs: number[];
  /** Transient failures retried (lock timeout, deadlock, ...). */
  retries: number;
  nodeCpuMs: number;
  postgresCpuMs?: number;
}

/** `apply(i)` applies receipt i and answers how many retries it took. The first failure ends the phase. */
export async function runWriters(count: number, writers: number, postmasterPid: number | undefined, apply: (i: number) => Promise<number>): Promise<PhaseResult> {
  const latenciesMs = new Array<number>(count);
  const completionsMs: number[] = [];
  let next = 0;
  let retries = 0;
  let failed = false;
  const pgBefore = postgresCpu(postmasterPid);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const writer = async () => {
    for (let i = next++; i < count && !failed; i = next++) {
      const taken = performance.now();
      try {
        retries += await apply(i);
      } catch (error) {
        failed = true;
        throw error;
      }
      const done = performance.now();
      latenciesMs[i] = done - taken;
      completionsMs.push(done - start);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    receipts: count, writers, wallMs, latenciesMs, completionsMs, retries,
    nodeCpuMs: (cpu.user + cpu.system) / 1000,
    postgresCpuMs: cpuSince(pgBefore, postgresCpu(postmasterPid)),
  };
}

/**
 * As runWriters, but each writer takes the next `batchSize` receipts at once: `apply(indices)` applies
 * them (one batch) and answers how many retries it took. Every receipt of a batch has the batch's latency.
 */
export async function runBatchWriters(
  count: number, writers: number, batchSize: number, postmasterPid: number | undefined, apply: (indices: number[]) => Promise<number>,
): Promise<PhaseResult> {
  const latenciesMs = new Array<number>(count);
  const completionsMs: number[] = [];
  let next = 0;
  let retries = 0;
  let failed = false;
  const pgBefore = postgresCpu(postmasterPid);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const writer = async () => {
    while (next < count && !failed) {
      const indices = Array.from({ length: Math.min(batchSize, count - next) }, (_, k) => next + k);
      next += indices.length;
      const taken = performance.now();
      try {
        retries += await apply(indices);
      } catch (error) {
        failed = true;
        throw error;
      }
      const done = performance.now();
      for (const i of indices) {
        latenciesMs[i] = done - taken;
        completionsMs.push(done - start);
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    receipts: count, writers, wallMs, latenciesMs, completionsMs, retries,
    nodeCpuMs: (cpu.user + cpu.system) / 1000,
    postgresCpuMs: cpuSince(pgBefore, postgresCpu(postmasterPid)),
  };
}

/** Opens all of the pool's connections before the clock starts, so no phase pays for connecting. */
export async function warmPool(pool: pg.Pool, size: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of clients) client.release();
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Receipts per second over the first and the last `window` commits: does the rate hold as ARCASH grows? */
export function windowRates(completionsMs: number[], window: number): { first: number; last: number } {
  const n = completionsMs.length;
  const w = Math.min(window, n);
  const first = (w / completionsMs[w - 1]) * 1000;
  const lastSpan = completionsMs[n - 1] - (n > w ? completionsMs[n - w - 1] : 0);
  return { first, last: (w / lastSpan) * 1000 };
}
