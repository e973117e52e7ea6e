import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';

/** Every BullMQ queue this process opened, for metrics, the queue board and shutdown. */
@Injectable()
export class QueueRegistry implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();

  register(queue: Queue): void {
    this.queues.set(queue.name, queue);
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close().catch(() => undefined)));
  }
}
