import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../platform/database/prisma.service.js';

/** How long a reversal waits for another one of its company before its attempt fails (and is retried). */
const WAIT_MS = 60_000;

/**
 * One reversal at a time per Sage Pro company, across every drain and worker process. A reversal reads
 * what earlier reversals left of its receipt, writes, and records what it took; two of the same
 * receipt in two drains at once would each read the same remainder and together take back more than
 * the receipt holds. A PostgreSQL advisory lock, held on its own pooled connection for the span:
 * released with the connection if the worker dies. Waiters poll with try-lock instead of blocking, so
 * a queue of them never holds the pool's connections the lock's holder needs.
 */
@Injectable()
export class ReversalLock {
  constructor(private readonly prisma: PrismaService) {}

  async around<T>(sageProConnectionId: string, span: () => Promise<T>): Promise<T> {
    const key = `settle:reversals:${sageProConnectionId}`;
    const deadline = Date.now() + WAIT_MS;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      const client = await this.prisma.pool.connect();
      let held = false;
      try {
        const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held', [key]);
        held = rows[0].held;
        if (held) return await span();
      } finally {
        // A connection whose unlock failed is closed, not pooled: closing it is what frees the lock.
        const unlocked = !held || (await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).then(() => true, () => false));
        client.release(!unlocked);
      }
      if (Date.now() > deadline) throw new Error(`another reversal of Sage Pro company ${sageProConnectionId} held its lock for over ${WAIT_MS / 1000} s`);
      await sleep(pause + Math.random() * pause);
    }
  }
}
