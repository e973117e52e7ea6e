import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QueueService } from '../../platform/queue/queue.service.js';
import { PROCESS_ROLE, type ProcessRole, runsWorkers } from '../../platform/tokens.js';
import { EventRetention } from './event-retention.service.js';

const QUEUE = 'retention';
const DAILY_SCHEDULER = 'retention:prune';
const DAY_MS = 86_400_000;

/**
 * The retention queue: a `prune` job every day from a job scheduler, and one at start (deduplicated,
 * so processes starting together queue one). One worker runs one prune at a time.
 */
@Injectable()
export class RetentionJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly queues: QueueService,
    private readonly retention: EventRetention,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.role)) return;
    this.queues.work(QUEUE, () => this.retention.pruneFinished().then(() => undefined), 1);
    const queue = this.queues.queue(QUEUE);
    await Promise.all([
      queue.upsertJobScheduler(DAILY_SCHEDULER, { every: DAY_MS }, { name: 'prune', data: { type: 'prune' }, opts: { attempts: 3 } }),
      queue.add('prune', { type: 'prune' }, { deduplication: { id: 'prune:start', ttl: 60_000 }, attempts: 3 }),
    ]).catch((error: Error) => this.logger.warn(`retention not scheduled yet: ${error.message}`));
  }

  /** Before the database pools close: a running prune ends after its batch. */
  async onModuleDestroy(): Promise<void> {
    this.retention.stop();
    await this.queues.stopWorkers(QUEUE);
  }
}
