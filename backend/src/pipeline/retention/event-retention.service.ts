import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { PRUNE_BATCH_SIZE, pruneInBatches, retentionCutoff } from './retention-rules.js';

/**
 * Retention of finished events (`done`, `ignored`, which includes dismissed reviews): PIPELINE_RETENTION_DAYS
 * after an event finished, its raw payload and normalised event become a tombstone and its timeline
 * steps are deleted. The inbox row stays with its key (tenant, source, external id), state, outcome and
 * summary columns, so a redelivery is still a duplicate; its Sage Pro effects stay (the record of what
 * was written). Unfinished events (dead letters, reviews, anything waiting) keep everything.
 */
@Injectable()
export class EventRetention {
  private readonly logger = new Logger('Retention');
  private stopping = false;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Prunes every tenant's events finished before the cutoff, in batches; returns how many. */
  async pruneFinished(now = new Date()): Promise<number> {
    const cutoff = retentionCutoff(now, this.config.PIPELINE_RETENTION_DAYS);
    // One autocommitted statement per batch (a SECURITY DEFINER function: it sees every tenant).
    const pruneBatch = async (limit: number) => {
      const { rows } = await this.prisma.pool.query<{ pruned: number }>('SELECT pipeline_prune_finished_events($1, $2) AS pruned', [cutoff, limit]);
      return rows[0].pruned;
    };
    const pruned = await pruneInBatches(pruneBatch, PRUNE_BATCH_SIZE, () => this.stopping);
    if (pruned) this.logger.log(`pruned the payloads and timelines of ${pruned} events finished before ${cutoff.toISOString()}`);
    return pruned;
  }

  /** A run in progress ends after its current batch. */
  stop(): void {
    this.stopping = true;
  }
}
