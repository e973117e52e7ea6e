import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import type { PipelineJob } from '../../platform/queue/jobs.js';
import { QueueService } from '../../platform/queue/queue.service.js';
import { APP_CONFIG, PROCESS_ROLE, type ProcessRole, runsWorkers } from '../../platform/tokens.js';
import { EventStore } from '../inbox/event-store.js';
import { BatchProcessor } from '../processing/batch-processor.js';
import type { EventResult } from '../processing/event-result.js';
import { PipelineAlerts } from './pipeline-alerts.js';
import { DrainContexts } from './drain-contexts.js';
import { PIPELINE_QUEUE, PipelineQueue } from './pipeline-queue.js';
import { PipelineMetrics } from './pipeline-metrics.js';

/**
 * Runs tenants' drains: each takes at most PIPELINE_BATCH_SIZE due events of one tenant, processes
 * them, records the results, and queues the tenant again at the back if more are due. A sweeper finds
 * due events that have no drain (Redis was down, a retry's time came, a worker died) and signals them.
 */
@Injectable()
export class DrainWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Pipeline');
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly queues: QueueService,
    private readonly queue: PipelineQueue,
    private readonly store: EventStore,
    private readonly contexts: DrainContexts,
    private readonly processor: BatchProcessor,
    private readonly alerts: PipelineAlerts,
    private readonly metrics: PipelineMetrics,
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.role)) return;
    this.queues.work(PIPELINE_QUEUE, (job) => this.run(job), this.config.PIPELINE_CONCURRENCY);
    this.sweeper = setInterval(() => void this.sweep(), this.config.PIPELINE_SWEEP_MS);
    void this.sweep();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private async run(job: Job<PipelineJob>): Promise<void> {
    if (job.data.type === 'drain') await this.drain(job.data.tenantId);
  }

  /** One turn of one tenant. Returns how many events it took. */
  async drain(tenantId: string): Promise<number> {
    await this.queue.releaseDrain(tenantId);
    const events = await this.store.claim(tenantId, this.config.PIPELINE_BATCH_SIZE, this.config.PIPELINE_LEASE_SECONDS);
    if (!events.length) return 0;
    const context = this.contexts.open(tenantId);
    let results: EventResult[];
    try {
      results = await this.processor.process(context, events);
    } finally {
      await context.close();
    }
    await this.store.finish(tenantId, results);
    this.metrics.observe(results);
    await this.alerts.raiseFor(tenantId, results);
    if (results.some((result) => result.effects.some((effect) => effect.kind === 'receipt' || effect.kind === 'payment_on_account'))) {
      await this.store.wakeWaiting(tenantId);
    }
    // More may be due: back of the line, behind every other tenant's waiting drain.
    if (events.length === this.config.PIPELINE_BATCH_SIZE) await this.queue.drainSoon(tenantId).catch(() => undefined);
    return events.length;
  }

  /** Signals every tenant with due events; harmless when their drains are already waiting. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const { rows } = await this.prisma.pool.query<{ tenant_id: string }>('SELECT tenant_id FROM pipeline_tenants_with_due_events(now())');
      for (const { tenant_id } of rows) await this.queue.drainSoon(tenant_id);
    } catch (error) {
      this.logger.debug?.(`sweep: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }
}
