/**
 * Every queue and the payload of its jobs, in one typed map: producers and workers cannot disagree.
 * Later domains (pipeline, paytrace, sagepro) add their queues here.
 */
export interface JobPayloads {
  mail: MailMessage;
  'paytrace-feed': PayTraceFeedJob;
}

export type QueueName = keyof JobPayloads;

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

/** Retries with exponential backoff and jitter; completed jobs are trimmed, failed ones kept a week. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 86_400 },
};
