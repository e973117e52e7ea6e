import type { AcceptResult, InboxEntry } from '../pipeline/inbox/inbox-entry.js';

/** Stores entries in one transaction, committed when it answers, without signalling the drain. */
export type StoreBatch = (tenantId: string, entries: InboxEntry[]) => Promise<AcceptResult>;
/** Which (source, external id) the given new event ids belong to, in the tenant. */
export type LookUpEvents = (tenantId: string, ids: string[]) => Promise<{ id: string; source: string; externalId: string }[]>;

export interface BatcherOptions {
  /** Deliveries per transaction at most. */
  maxBatch?: number;
  /** Transactions of one tenant in flight at once; the rest of its deliveries wait for one to end. */
  maxInFlight?: number;
  /** After a batch stored something new and its deliveries were answered: signal the drain. */
  stored?: (tenantId: string) => void;
}

interface Waiting {
  entry: InboxEntry;
  resolve(eventId: string | null): void;
  reject(error: unknown): void;
}

interface TenantLane {
  queue: Waiting[];
  inFlight: number;
}

const keyOf = (entry: InboxEntry) => `${entry.source}\u0000${entry.externalId}`;
const byKey = (a: InboxEntry, b: InboxEntry) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);

/**
 * Group commit for the inbox, per tenant: up to `maxInFlight` transactions at once, and the deliveries
 * that arrive while they are all busy wait and are then stored together, in one transaction. An idle
 * tenant's delivery goes at once, so nothing waits on a timer; a busy one pays a transaction per batch
 * instead of per delivery. The drain is signalled after the deliveries are answered (`stored`).
 *
 * `submit` answers the new event's id, or null when the inbox already had it (a duplicate).
 */
export class InboxBatcher {
  private readonly lanes = new Map<string, TenantLane>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly store: StoreBatch,
    private readonly lookUp: LookUpEvents,
    private readonly options: BatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 50;
    // Two: one commits while the next batch gathers; more would only make batches (and CPU) smaller.
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  submit(tenantId: string, entry: InboxEntry): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(tenantId) ?? { queue: [], inFlight: 0 };
      this.lanes.set(tenantId, lane);
      lane.queue.push({ entry, resolve, reject });
      this.pump(tenantId, lane);
    });
  }

  private pump(tenantId: string, lane: TenantLane): void {
    while (lane.inFlight < this.maxInFlight && lane.queue.length) {
      lane.inFlight += 1;
      void this.storeBatch(tenantId, lane.queue.splice(0, this.maxBatch)).finally(() => {
        lane.inFlight -= 1;
        if (lane.queue.length) this.pump(tenantId, lane);
        else if (!lane.inFlight) this.lanes.delete(tenantId);
      });
    }
  }

  private async storeBatch(tenantId: string, batch: Waiting[]): Promise<void> {
    let storedNew = false;
    try {
      const eventIds = await this.storeTogether(tenantId, batch.map((waiting) => waiting.entry));
      batch.forEach((waiting, index) => waiting.resolve(eventIds[index]));
      storedNew = eventIds.some(Boolean);
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One entry the database refuses (its integration just deleted) must not fail the others.
      for (const waiting of batch) {
        try {
          const [eventId] = await this.storeTogether(tenantId, [waiting.entry]);
          waiting.resolve(eventId);
          storedNew ||= eventId !== null;
        } catch (failure) {
          waiting.reject(failure);
        }
      }
    }
    // The answers go out first (they are written in the microtasks resolve queued); then the signal.
    if (storedNew && this.options.stored) setImmediate(this.options.stored, tenantId);
  }

  /** The new event id of each entry, or null for one already stored (or repeated earlier in the batch). */
  private async storeTogether(tenantId: string, entries: InboxEntry[]): Promise<(string | null)[]> {
    const firsts = new Map<string, InboxEntry>();
    for (const entry of entries) if (!firsts.has(keyOf(entry))) firsts.set(keyOf(entry), entry);
    // Concurrent batches insert in one key order, so two that overlap wait on each other, never deadlock.
    const distinct = [...firsts.values()].sort(byKey);
    const { accepted } = await this.store(tenantId, distinct);
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
