import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import type { AlertJob } from '../../platform/queue/jobs.js';
import { QueueService } from '../../platform/queue/queue.service.js';
import { PROCESS_ROLE, type ProcessRole, runsWorkers } from '../../platform/tokens.js';
import { AlertEvaluator } from './alert-evaluator.service.js';
import { AlertSender } from './alert-sender.service.js';

const QUEUE = 'alerts';
const EVALUATE_SCHEDULER = 'alerts:evaluate';
const EVALUATE_EVERY_MS = 60_000;

/**
 * The alerts queue: a tenant's `deliver` job (one at a time, deduplicated per tenant) and the
 * `evaluate` job every minute from a job scheduler, so one process evaluates however many run.
 */
@Injectable()
export class AlertsJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertsJobs');

  constructor(
    private readonly queues: QueueService,
    private readonly sender: AlertSender,
    private readonly evaluator: AlertEvaluator,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.role)) return;
    this.queues.work(QUEUE, (job, token) => this.run(job, token), 4);
    await this.queues
      .queue(QUEUE)
      .upsertJobScheduler(EVALUATE_SCHEDULER, { every: EVALUATE_EVERY_MS }, { name: 'evaluate', data: { type: 'evaluate' }, opts: { attempts: 1 } })
      .catch((error: Error) => this.logger.warn(`alert evaluation not scheduled yet: ${error.message}`));
  }

  /** Before the database pools close (global modules close last), so running jobs end cleanly. */
  async onModuleDestroy(): Promise<void> {
    await this.queues.stopWorkers(QUEUE);
  }

  private async run(job: Job<AlertJob>, token?: string): Promise<void> {
    const work = job.data;
    if (work.type === 'evaluate') return this.evaluator.evaluateAll();
    const next = await this.sender.deliverDue(work.tenantId);
    if (!next || !token) return;
    // Alerts still gathering: the same job waits for the next one's window, keeping its deduplication.
    await job.moveToDelayed(Math.max(next.getTime(), Date.now()), token);
    throw new DelayedError();
  }
}
