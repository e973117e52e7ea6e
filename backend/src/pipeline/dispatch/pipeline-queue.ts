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

  /** Lets the next signal of the tenant queue a new drain while this one works. */
  async releaseDrain(tenantId: string): Promise<void> {
    await this.queues.queue(PIPELINE_QUEUE).removeDeduplicationKey(drainKey(tenantId));
  }
}

function drainKey(tenantId: string): string {
  return `drain:${tenantId}`;
}
