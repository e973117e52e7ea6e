import { Injectable } from '@nestjs/common';
import { QueueService } from '../../platform/queue/queue.service.js';

export const PIPELINE_QUEUE = 'pipeline';

/**
 * Signals on the `pipeline` queue. A tenant's drain is deduplicated by tenant id, so however many
 * events one tenant sends, at most one of its drains waits in the queue (the worker lifts the key
 * when the drain starts; how many of a tenant's drains may *run* is DrainSlots' business).
 */
@Injectable()
export class PipelineQueue {
  constructor(private readonly queues: QueueService) {}

  async drainSoon(tenantId: string): Promise<void> {
    await this.queues.add(
      PIPELINE_QUEUE,
      { type: 'drain', tenantId },
      { deduplication: { id: drainKey(tenantId) }, attempts: 1, removeOnComplete: true, removeOnFail: { age: 3_600 } },
    );
  }

  /**
   * A drain lifts the tenant's key as its first action; one whose worker died after taking the job and
   * before that (a worker killed mid-batch has its other fetched drains in hand) would keep the key,
   * and so every later signal of the tenant deduplicated away, until BullMQ's stall check (30 s and
   * more). Such a key (its job started more than `afterMs` ago, or gone) is lifted here; a waiting
   * drain (not started) keeps its key. Returns whether it lifted one.
   */
  async liftAbandonedDrain(tenantId: string, afterMs: number): Promise<boolean> {
    const queue = this.queues.queue(PIPELINE_QUEUE);
    const jobId = await queue.getDeduplicationJobId(drainKey(tenantId));
    if (!jobId) return false;
    const job = await queue.getJob(jobId);
    if (job && !(job.processedOn && Date.now() - job.processedOn > afterMs)) return false;
    await queue.removeDeduplicationKey(drainKey(tenantId));
    return true;
  }

  /** Lets the next signal of the tenant queue a new drain while this one works. */
  async releaseDrain(tenantId: string): Promise<void> {
    await this.queues.queue(PIPELINE_QUEUE).removeDeduplicationKey(drainKey(tenantId));
  }
}

function drainKey(tenantId: string): string {
  return `drain:${tenantId}`;
}
