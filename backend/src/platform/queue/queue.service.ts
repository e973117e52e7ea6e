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
  private readonly workers: Worker[] = [];
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
    const worker = new Worker(name, handler as JobHandler<QueueName>, {
      connection: this.connect({ maxRetriesPerRequest: null }),
      prefix: this.config.REDIS_KEY_PREFIX,
      concurrency,
    });
    worker.on('error', (error) => this.logger.warn(`${name} worker: ${error.message}`));
    worker.on('failed', (job, error) => this.logger.warn(`${name} job ${job?.id} failed: ${error.message}`));
    this.workers.push(worker);
    return true;
  }

  private connect(options: { enableOfflineQueue?: boolean; maxRetriesPerRequest: number | null }): Redis {
    const connection = new Redis(this.infrastructure.redisUrl, options);
    connection.on('error', () => undefined);
    return connection;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close().catch(() => undefined)));
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    this.producerConnection?.disconnect();
  }
}
