import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { ConnectionEvents } from '../../connections/connection-events.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import type { PayTraceFeedJob } from '../../platform/queue/jobs.js';
import { QueueService } from '../../platform/queue/queue.service.js';
import { PROCESS_ROLE, type ProcessRole, runsWorkers } from '../../platform/tokens.js';
import { SandboxNotListening } from '../../platform/built-in-sandboxes.js';
import { ChangeFeedService, PayTraceUnavailable } from './change-feed.service.js';

const QUEUE = 'paytrace-feed';
/** How long rate-limited work waits before trying again (plus up to as much jitter). */
const RATE_LIMIT_RETRY_MS = 5_000;
/** How long work for the built-in sandbox waits while this process is still starting (plus jitter). */
const NOT_LISTENING_RETRY_MS = 1_000;

/**
 * The change feed's jobs on BullMQ: a repeatable poll per connection (its interval), on-demand polls,
 * backfills, and transaction lookups asked for by notifications. A lookup is deduplicated per
 * (connection, transaction) while it waits, and every PayTrace call goes through the connection's
 * rate limit, so a flood of notifications cannot push Settle past it.
 */
@Injectable()
export class ChangeFeedJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ChangeFeedJobs');

  constructor(
    private readonly queues: QueueService,
    private readonly feed: ChangeFeedService,
    private readonly prisma: PrismaService,
    events: ConnectionEvents,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    // A connection is saved even when Redis is down; its poll is scheduled again at the next start.
    events.onSaved(({ tenantId, connectionId, pollIntervalSeconds }) =>
      this.schedule(tenantId, connectionId, pollIntervalSeconds).catch((error: Error) => this.logger.warn(`poll not scheduled: ${error.message}`)),
    );
    events.onDeleted(({ connectionId }) =>
      this.unschedule(connectionId).catch((error: Error) => this.logger.warn(`poll not unscheduled: ${error.message}`)),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.role)) return;
    this.queues.work(QUEUE, (job, token) => this.runInTurn(job, token), 4);
    await this.scheduleAll().catch((error: Error) => this.logger.warn(`could not schedule polls yet: ${error.message}`));
  }

  /** Before the database pools close (global modules close last), so running jobs end cleanly. */
  async onModuleDestroy(): Promise<void> {
    await this.queues.stopWorkers(QUEUE);
  }

  pollNow(tenantId: string, connectionId: string) {
    return this.queues.add(QUEUE, { type: 'poll', tenantId, connectionId }, { deduplication: { id: `poll-now:${connectionId}` }, attempts: 1 });
  }

  backfill(tenantId: string, connectionId: string, from: Date, to: Date) {
    return this.queues.add(QUEUE, { type: 'backfill', tenantId, connectionId, from: from.toISOString(), to: to.toISOString() });
  }

  lookUp(tenantId: string, connectionId: string, transactionId: number) {
    return this.queues.add(QUEUE, { type: 'fetch', tenantId, connectionId, transactionId }, { deduplication: { id: `fetch:${connectionId}:${transactionId}` } });
  }

  /**
   * Work that finds the connection's rate limit used up, or the built-in sandbox not yet served,
   * waits as a delayed job rather than failing (and rather than holding a worker that other
   * connections' work needs).
   */
  private async runInTurn(job: Job<PayTraceFeedJob>, token?: string): Promise<void> {
    try {
      await this.run(job);
    } catch (error) {
      const waitMs = waitBeforeRetry(error);
      if (waitMs === null || !token) throw error;
      await job.moveToDelayed(Date.now() + waitMs + Math.floor(Math.random() * waitMs), token);
      throw new DelayedError();
    }
  }

  private async run(job: Job<PayTraceFeedJob>): Promise<void> {
    const work = job.data;
    if (work.type === 'poll') await this.feed.poll(work.tenantId, work.connectionId);
    else if (work.type === 'fetch') await this.feed.fetchTransaction(work.tenantId, work.connectionId, work.transactionId);
    else await this.feed.backfill(work.tenantId, work.connectionId, new Date(work.from), new Date(work.to));
  }

  private async schedule(tenantId: string, connectionId: string, intervalSeconds: number): Promise<void> {
    await this.queues
      .queue(QUEUE)
      .upsertJobScheduler(
        schedulerId(connectionId),
        { every: intervalSeconds * 1000 },
        { name: 'poll', data: { type: 'poll', tenantId, connectionId }, opts: { attempts: 1 } },
      );
  }

  private async unschedule(connectionId: string): Promise<void> {
    await this.queues.queue(QUEUE).removeJobScheduler(schedulerId(connectionId));
  }

  /** At start, every connection gets its poll (schedulers survive in Redis, but Redis may be new). */
  private async scheduleAll(): Promise<void> {
    const rows = await this.prisma.client.$queryRaw<{ connection_id: string; tenant_id: string; poll_interval_seconds: number }[]>`
      SELECT * FROM paytrace_connections_to_poll()`;
    for (const row of rows) await this.schedule(row.tenant_id, row.connection_id, row.poll_interval_seconds);
  }
}

const schedulerId = (connectionId: string) => `poll:${connectionId}`;

/** How long a job waits before its next try when what stopped it is only a matter of time; else null. */
function waitBeforeRetry(error: unknown): number | null {
  if (error instanceof SandboxNotListening) return NOT_LISTENING_RETRY_MS;
  const limited = error instanceof PayTraceUnavailable && error.outcome.kind === 'TransientError' && error.outcome.reason === 'local_rate_limit';
  return limited ? RATE_LIMIT_RETRY_MS : null;
}
