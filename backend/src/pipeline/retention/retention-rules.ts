/** Events pruned per statement: each batch is its own short transaction, so no lock is held long. */
export const PRUNE_BATCH_SIZE = 5_000;

const DAY_MS = 86_400_000;

/** Events that finished before this instant are pruned. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Prunes batch after batch until one comes back short (nothing left), or `stopping()` says the
 * process is shutting down (the next run goes on where this one stopped). Returns how many it pruned.
 */
export async function pruneInBatches(pruneBatch: (limit: number) => Promise<number>, batchSize: number, stopping: () => boolean = () => false): Promise<number> {
  let total = 0;
  for (;;) {
    const pruned = await pruneBatch(batchSize);
    total += pruned;
    if (pruned < batchSize || stopping()) return total;
  }
}
