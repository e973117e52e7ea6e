import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { type Job, type JobsOptions, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG, INFRASTRUCTURE, PROCESS_ROLE, type ProcessRole, runsWorkers } from '../tokens.js';
import type { Infrastructure } from '../runtime/infrastructure.js';
import { DEFAULT_JOB_OPTIONS, type JobPayloads, type QueueName } from './jobs.js';
import { QueueRegistry } from './queue-registry.js';

/** `token` is the worker's lock token, needed to move a job back to delayed (see BullMQ DelayedError). */
export type JobHandler<N extends QueueName> = (job: Job<JobPayloads[N]>, token?: string) => Promise<void>;

/**
 * Typed BullMQ queues and workers over one Redis, under REDIS_KEY_PREFIX. Producers fail fast when
 * Redis is down (callers decide what to do); workers only start in a process whose role runs them.
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger('Queues');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: RunningWorker[] = [];
  private producerConnection?: Redis;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    private readonly registry: QueueRegistry,
  ) {}

  queue<N extends QueueName>(name: N): Queue<JobPayloads[N]> {
    let queue = this.queues.get(name);
    if (!queue) {
      this.producerConnection ??= this.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      queue = new Queue(name, {
        connection: this.producerConnection,
        prefix: this.config.REDIS_KEY_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
      this.registry.register(queue);
    }
    return queue as Queue<JobPayloads[N]>;
  }

  add<N extends QueueName>(name: N, data: JobPayloads[N], options?: JobsOptions): Promise<Job<JobPayloads[N]>> {
    return (this.queue(name) as Queue).add(name, data, options) as Promise<Job<JobPayloads[N]>>;
  }

  /** Starts a worker for `name` when this process runs workers; returns whether it did. */
  work<N extends QueueName>(name: N, handler: JobHandler<N>, concurrency = 4): boolean {
    if (!runsWorkers(this.role)) return false;
    this.queue(name);
    const connection = this.connect({ maxRetriesPerRequest: null });
    const worker = new Worker(name, handler as JobHandler<QueueName>, { connection, prefix: this.config.REDIS_KEY_PREFIX, concurrency });
    worker.on('error', (error) => this.logger.warn(`${name} worker: ${error.message}`));
    worker.on('failed', (job, error) => this.logger.warn(`${name} job ${job?.id} failed: ${error.message}`));
    this.workers.push({ name, worker, connection });
    return true;
  }

  /**
   * Stops the workers (of one queue, or all): they take no new job and finish the running ones within
   * WORKER_CLOSE_TIMEOUT_MS; past that they are abandoned (the jobs' own recovery, e.g. the pipeline's
   * leases, brings the work back). A module whose jobs need the database calls this in its own
   * onModuleDestroy, which Nest runs before the global modules close the pools. Safe to call twice.
   */
  async stopWorkers(name?: QueueName): Promise<void> {
    const chosen = this.workers.filter((running) => !name || running.name === name);
    await Promise.all(chosen.map((running) => (running.stopped ??= this.stopWorker(running))));
  }

  private async stopWorker({ name, worker, connection }: RunningWorker): Promise<void> {
    const timeoutMs = this.config.WORKER_CLOSE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      worker.close().then(() => true, () => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!finished) {
      // Also the way out of a close that never ends while Redis reconnects (bullmq#4656).
      this.logger.warn(`${name} worker: jobs still running after ${timeoutMs} ms, abandoned`);
      void worker.close(true).catch(() => undefined);
    }
    // A connection handed to BullMQ is the caller's to close.
    connection.disconnect();
  }

  private connect(options: { enableOfflineQueue?: boolean; maxRetriesPerRequest: number | null }): Redis {
    const connection = new Redis(this.infrastructure.redisUrl, options);
    connection.on('error', () => undefined);
    return connection;
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopWorkers();
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    this.producerConnection?.disconnect();
  }
}

interface RunningWorker {
  name: QueueName;
  worker: Worker;
  connection: Redis;
  stopped?: Promise<void>;
}
