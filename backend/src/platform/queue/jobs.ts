/**
 * Every queue and the payload of its jobs, in one typed map: producers and workers cannot disagree.
 * Later domains (pipeline, paytrace, sagepro) add their queues here.
 */
export interface JobPayloads {
  mail: MailMessage;
  'paytrace-feed': PayTraceFeedJob;
  pipeline: PipelineJob;
  alerts: AlertJob;
  retention: RetentionJob;
}

export type QueueName = keyof JobPayloads;

/**
 * Every queue, at run time (the queue board lists them all). The type requires exactly the keys of
 * JobPayloads, so a queue added there cannot be forgotten here.
 */
const QUEUES: { [N in QueueName]: true } = { mail: true, 'paytrace-feed': true, pipeline: true, alerts: true, retention: true };
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Work of the PayTrace change feed, always for one connection of one tenant. */
export type PayTraceFeedJob =
  | { type: 'poll'; tenantId: string; connectionId: string }
  | { type: 'fetch'; tenantId: string; connectionId: string; transactionId: number }
  | { type: 'backfill'; tenantId: string; connectionId: string; from: string; to: string };

/**
 * The sync pipeline's work. Events wait in the inbox table (PostgreSQL); a `drain` job tells a worker
 * to take the next batch of one tenant's due events. At most one drain per tenant waits in the queue
 * (deduplicated by tenant), so tenants take turns: see backend/src/pipeline/README.md.
 */
export type PipelineJob = { type: 'drain'; tenantId: string } | { type: 'sweep' };

/** Alerts: gather and deliver a tenant's grouped alerts, or evaluate its time-based rules. */
export type AlertJob = { type: 'deliver'; tenantId: string } | { type: 'evaluate' };

/** Retention: prune the payloads and timelines of events finished longer ago than PIPELINE_RETENTION_DAYS. */
export type RetentionJob = { type: 'prune' };

/** Retries with exponential backoff and jitter; completed jobs are trimmed, failed ones kept a week. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 86_400 },
};
