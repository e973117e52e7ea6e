/**
 * How much GraphQL cost one tenant may have running at once in this process. A budget per window
 * bounds a tenant's rate, but several of its heaviest operations at once would still hold the event
 * loop and the database from everyone else; beyond this, its next operation waits for its own
 * running ones to end. An operation always runs when nothing of its tenant runs, whatever its cost.
 */
export class CostSemaphore {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, { cost: number; admit: (release: () => void) => void }[]>();

  constructor(private readonly capacity: number) {}

  /** Resolves when `cost` fits beside what `key` has running, with the function that releases it. */
  acquire(key: string, cost: number): Promise<() => void> {
    const queue = this.waiting.get(key);
    if (!queue?.length && this.fits(key, cost)) return Promise.resolve(this.start(key, cost));
    return new Promise((admit) => {
      const entry = { cost, admit };
      if (queue) queue.push(entry);
      else this.waiting.set(key, [entry]);
    });
  }

  /** Cost `key` has running now. */
  runningCost(key: string): number {
    return this.running.get(key) ?? 0;
  }

  private fits(key: string, cost: number): boolean {
    const running = this.running.get(key) ?? 0;
    return running === 0 || running + cost <= this.capacity;
  }

  private start(key: string, cost: number): () => void {
    this.running.set(key, (this.running.get(key) ?? 0) + cost);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(key) ?? 0) - cost;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
      this.wake(key);
    };
  }

  /** Starts the waiting operations of `key`, first come first served, while they fit. */
  private wake(key: string): void {
    const queue = this.waiting.get(key);
    while (queue?.length && this.fits(key, queue[0].cost)) {
      const next = queue.shift()!;
      next.admit(this.start(key, next.cost));
    }
    if (queue && !queue.length) this.waiting.delete(key);
  }
}
