import type { AcceptResult, InboxEntry } from '../pipeline/inbox/inbox-entry.js';

export type AcceptBatch = (tenantId: string, entries: InboxEntry[]) => Promise<AcceptResult>;
/** Which (source, external id) the given new event ids belong to, in the tenant. */
export type LookUpEvents = (tenantId: string, ids: string[]) => Promise<{ id: string; source: string; externalId: string }[]>;

interface Waiting {
  entry: InboxEntry;
  resolve(eventId: string | null): void;
  reject(error: unknown): void;
}

const keyOf = (entry: InboxEntry) => `${entry.source}\u0000${entry.externalId}`;

/**
 * Group commit for the inbox, per tenant: while one delivery's insert is in flight, the deliveries
 * that arrive meanwhile wait and are then stored together, in one transaction and one drain signal.
 * An idle tenant's delivery goes at once, so nothing waits on a timer; a busy one pays a transaction
 * per batch instead of per delivery, which is what keeps ingest near a bare INSERT's speed.
 *
 * `submit` answers the new event's id, or null when the inbox already had it (a duplicate).
 */
export class InboxBatcher {
  private readonly queues = new Map<string, Waiting[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly accept: AcceptBatch,
    private readonly lookUp: LookUpEvents,
    private readonly maxBatch = 50,
  ) {}

  submit(tenantId: string, entry: InboxEntry): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(tenantId) ?? [];
      queue.push({ entry, resolve, reject });
      this.queues.set(tenantId, queue);
      if (!this.busy.has(tenantId)) void this.drain(tenantId);
    });
  }

  private async drain(tenantId: string): Promise<void> {
    this.busy.add(tenantId);
    try {
      for (let queue = this.queues.get(tenantId); queue?.length; queue = this.queues.get(tenantId)) {
        await this.store(tenantId, queue.splice(0, this.maxBatch));
      }
    } finally {
      this.queues.delete(tenantId);
      this.busy.delete(tenantId);
    }
  }

  private async store(tenantId: string, batch: Waiting[]): Promise<void> {
    try {
      const eventIds = await this.storeTogether(tenantId, batch.map((waiting) => waiting.entry));
      batch.forEach((waiting, index) => waiting.resolve(eventIds[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One entry the database refuses (its integration just deleted) must not fail the others.
      for (const waiting of batch) {
        await this.storeTogether(tenantId, [waiting.entry]).then(([eventId]) => waiting.resolve(eventId), waiting.reject);
      }
    }
  }

  /** The new event id of each entry, or null for one already stored (or repeated earlier in the batch). */
  private async storeTogether(tenantId: string, entries: InboxEntry[]): Promise<(string | null)[]> {
    const firsts = new Map<string, InboxEntry>();
    for (const entry of entries) if (!firsts.has(keyOf(entry))) firsts.set(keyOf(entry), entry);
    const distinct = [...firsts.values()];
    const { accepted } = await this.accept(tenantId, distinct);
    // The inbox answers new ids in the order given; only when some were duplicates is it unclear whose.
    const idOf =
      accepted.length === distinct.length
        ? new Map(distinct.map((entry, index) => [keyOf(entry), accepted[index]]))
        : new Map((accepted.length ? await this.lookUp(tenantId, accepted) : []).map((row) => [`${row.source}\u0000${row.externalId}`, row.id]));
    const answered = new Set<string>();
    return entries.map((entry) => {
      const key = keyOf(entry);
      if (answered.has(key)) return null;
      answered.add(key);
      return idOf.get(key) ?? null;
    });
  }
}
