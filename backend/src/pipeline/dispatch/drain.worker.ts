import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { RedisService } from '../../platform/redis/redis.service.js';
import type { PipelineJob } from '../../platform/queue/jobs.js';
import { QueueService } from '../../platform/queue/queue.service.js';
import { APP_CONFIG, PROCESS_ROLE, type ProcessRole, runsWorkers } from '../../platform/tokens.js';
import { type Claim, type ClaimMode, EventStore } from '../inbox/event-store.js';
import { renewLeases } from '../inbox/lease.js';
import { BatchProcessor } from '../processing/batch-processor.js';
import type { ClaimedEvent, EventResult } from '../processing/event-result.js';
import { workerCrashed } from '../processing/failure-policy.js';
import { PipelineAlerts } from './pipeline-alerts.js';
import { DrainContexts } from './drain-contexts.js';
import { type DrainSlot, DrainSlots, tenantDrainLimit } from './drain-slots.js';
import { startHeartbeat } from './heartbeat.js';
import { SuspectIsolation } from './suspect-isolation.js';
import { PIPELINE_QUEUE, PipelineQueue } from './pipeline-queue.js';
import { PipelineMetrics } from './pipeline-metrics.js';

/**
 * Runs tenants' drains: each takes at most PIPELINE_BATCH_SIZE due events of one tenant, processes
 * them, records the results, and queues the tenant again at the back if more are due. At most
 * `tenantDrainLimit` drains of one tenant run at once (DrainSlots), so a busy tenant never holds every
 * slot. A sweeper finds due events that have no drain (Redis was down, a retry's time came, a worker
 * died) and signals them. See backend/src/pipeline/README.md, "Dispatch".
 */
@Injectable()
export class DrainWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Pipeline');
  private readonly slots: DrainSlots;
  /** A dead worker's event runs alone in this process: if it kills it, it takes no other event along. */
  private readonly isolation = new SuspectIsolation();
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;
  /** Set once shutdown gave up waiting: a drain still running then records nothing (its leases bring its events back). */
  private abandoned = false;

  constructor(
    private readonly queues: QueueService,
    private readonly queue: PipelineQueue,
    private readonly store: EventStore,
    private readonly contexts: DrainContexts,
    private readonly processor: BatchProcessor,
    private readonly alerts: PipelineAlerts,
    private readonly metrics: PipelineMetrics,
    private readonly prisma: PrismaService,
    redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    this.slots = new DrainSlots(redis.client, (...parts) => redis.key(...parts), tenantDrainLimit(config), config.PIPELINE_LEASE_SECONDS * 1000);
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.role)) return;
    this.queues.work(PIPELINE_QUEUE, (job) => this.run(job), this.config.PIPELINE_CONCURRENCY);
    this.sweeper = setInterval(() => void this.sweep(), this.config.PIPELINE_SWEEP_MS);
    void this.sweep();
  }

  /**
   * Drains stop here, before the global modules close the database pools, Redis and the sandbox
   * companies: Nest destroys this (non-global) module first, and the worker waits for running drains.
   */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.queues.stopWorkers(PIPELINE_QUEUE);
    this.abandoned = true;
  }

  private async run(job: Job<PipelineJob>): Promise<void> {
    if (job.data.type === 'drain') await this.drain(job.data.tenantId);
  }

  /** One turn of one tenant. Returns how many events it took. */
  async drain(tenantId: string): Promise<number> {
    // The next signal may queue the tenant's next turn while this one works (one waits at most).
    await this.queue.releaseDrain(tenantId);
    const slot = await this.slots.acquire(tenantId);
    if (!slot) return 0; // the tenant's running drains queue it again when they end
    let turn: DrainTurn = { taken: 0, moreDue: false };
    try {
      turn = await this.drainBatch(tenantId, slot);
    } finally {
      const turnedAway = await slot.release().catch(() => true);
      // More may be due: back of the line, behind every other tenant's waiting drain.
      if (!this.abandoned && (turn.moreDue || turnedAway)) await this.queue.drainSoon(tenantId).catch(() => undefined);
    }
    return turn.taken;
  }

  /**
   * Claims and works one batch: a full batch of fresh events, or a single event taken back from a
   * worker that died: alone in its claim and in this process (SuspectIsolation), so that if it is
   * what kills workers it takes nothing else with it. The drain enters the isolation before it claims.
   */
  private async drainBatch(tenantId: string, slot: DrainSlot): Promise<DrainTurn> {
    let leave = await this.isolation.enter(false);
    try {
      let claim = await this.claim(tenantId, 'shared');
      if (claim.suspectWaits) {
        leave();
        leave = await this.isolation.enter(true);
        claim = await this.claim(tenantId, 'alone');
      }
      return await this.work(tenantId, slot, claim);
    } finally {
      leave();
    }
  }

  private async claim(tenantId: string, mode: ClaimMode): Promise<Claim> {
    const { PIPELINE_BATCH_SIZE: batchSize, PIPELINE_LEASE_SECONDS: leaseSeconds, PIPELINE_MAX_ATTEMPTS: maxAttempts } = this.config;
    const claim = await this.store.claim(tenantId, batchSize, leaseSeconds, maxAttempts, mode);
    if (claim.ended.length) await this.reportCrashed(tenantId, claim.ended);
    return claim;
  }

  private async work(tenantId: string, slot: DrainSlot, { events, reclaimed }: Claim): Promise<DrainTurn> {
    const { PIPELINE_BATCH_SIZE: batchSize, PIPELINE_LEASE_SECONDS: leaseSeconds } = this.config;
    if (!events.length) return { taken: 0, moreDue: false };
    // A full batch, or one of a dead worker's events (more of them may be waiting): the tenant has more.
    const moreDue = reclaimed || events.length === batchSize;
    // Another drain of the tenant may start next to this one (up to the tenant's limit).
    if (moreDue && this.slots.limit > 1) await this.queue.drainSoon(tenantId).catch(() => undefined);
    const heartbeat = startHeartbeat(
      (leaseSeconds * 1000) / 3,
      async () => {
        await renewLeases(this.prisma.pool, tenantId, events, leaseSeconds);
        await slot.renew().catch((error: Error) => this.logger.warn(`drain slot of tenant ${tenantId} not renewed (Redis): ${error.message}`));
      },
      (error) => this.logger.warn(`leases of tenant ${tenantId} not renewed: ${error.message}`),
    );
    try {
      const context = this.contexts.open(tenantId);
      let results: EventResult[];
      try {
        results = await this.processor.process(context, events);
      } finally {
        await context.close();
      }
      if (this.abandoned) return { taken: events.length, moreDue };
      const recorded = await this.store.finish(tenantId, results);
      // A result fenced out (its lease was lost and another drain took the event) is that drain's to count and alert.
      const current = results.filter((result) => recorded.has(result.event.id));
      this.metrics.observe(current);
      await this.alerts.raiseFor(tenantId, current);
      // Reversals waiting for a sale look again now: a receipt landed, or a sale ended without one.
      if (current.some(endedASale)) await this.store.wakeWaiting(tenantId);
      return { taken: events.length, moreDue };
    } finally {
      await heartbeat.stop();
    }
  }

  /** Events the claim ended as worker_crashed dead letters (already recorded): counted and alerted like any result. */
  private async reportCrashed(tenantId: string, ended: ClaimedEvent[]): Promise<void> {
    const results = ended.map(workerCrashed);
    for (const { event } of results) this.logger.error(`event ${event.id} (tenant ${tenantId}) is a dead letter: its worker died on each of its ${event.attempt} attempts`);
    this.metrics.observe(results);
    await this.alerts.raiseFor(tenantId, results);
  }

  /** Signals every tenant with due events; harmless when their drains are already waiting. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const { rows } = await this.prisma.pool.query<{ tenant_id: string }>('SELECT tenant_id FROM pipeline_tenants_with_due_events(now())');
      const abandonedAfterMs = this.config.PIPELINE_LEASE_SECONDS * 1000;
      for (const { tenant_id } of rows) {
        // A key left by a dead worker's drain would swallow this signal (see liftAbandonedDrain).
        if (await this.queue.liftAbandonedDrain(tenant_id, abandonedAfterMs)) this.logger.warn(`tenant ${tenant_id}: a drain taken by a worker that died held its turn; released`);
        await this.queue.drainSoon(tenant_id);
      }
    } catch (error) {
      this.logger.debug?.(`sweep: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }
}

/** What a drain's turn did: how many events it took, and whether the tenant may have more due now. */
interface DrainTurn {
  taken: number;
  moreDue: boolean;
}

function endedASale(result: EventResult): boolean {
  if (result.effects.some((effect) => effect.kind === 'receipt' || effect.kind === 'payment_on_account')) return true;
  return result.event.type === 'payment.approved' && (result.state === 'done' || result.state === 'ignored');
}
