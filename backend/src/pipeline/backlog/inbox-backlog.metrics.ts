import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../../monitoring/metrics/metrics.service.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { LastGoodReading } from './last-good-reading.js';

export interface InboxBacklog {
  /** Unfinished events by state, over every tenant (every unfinished state, 0 included). */
  byState: { state: string; events: number }[];
  /** The tenants whose oldest unfinished event is oldest, with its age when read. */
  oldest: { tenantId: string; ageSeconds: number }[];
}

/** A read answered within this long is not repeated: one scrape reads once for both gauges. */
const FRESH_MS = 1_000;

/**
 * The inbox backlog as Prometheus gauges, read at scrape time across every tenant through SECURITY
 * DEFINER functions (settle_app sees one tenant at a time). "Unfinished" is every state but `done`
 * and `ignored` (queued, processing, waiting, paused, manual_review, dead, and any state added later): an
 * event that still needs the pipeline or a person. A scrape never fails or hangs on the database:
 * the query runs under a statement timeout, and a late or failed read answers the last values read.
 */
@Injectable()
export class InboxBacklogMetrics {
  private readonly logger = new Logger('InboxBacklogMetrics');

  constructor(metrics: MetricsService, prisma: PrismaService, @Inject(APP_CONFIG) config: AppConfig) {
    const { METRICS_BACKLOG_TENANTS: tenants, METRICS_BACKLOG_TIMEOUT_MS: timeoutMs } = config;
    const failures = new Counter({
      name: 'settle_inbox_backlog_read_failures_total',
      help: 'Backlog reads that failed or timed out (the backlog gauges then show the last values read)',
      registers: [metrics.registry],
    });
    const reading = new LastGoodReading<InboxBacklog>({
      read: () => readInboxBacklog(prisma.pool, tenants, timeoutMs),
      // The statement timeout bounds the query; this also bounds waiting for a pool connection.
      waitMs: timeoutMs + 250,
      freshMs: FRESH_MS,
      onFailure: (error) => {
        failures.inc();
        this.logger.warn(`inbox backlog not read (metrics show the last values): ${error.message}`);
      },
    });

    new Gauge({
      name: 'settle_inbox_events',
      help: 'Unfinished inbox events (any state but done and ignored) by state, over all tenants',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        const current = await reading.current();
        if (!current) return;
        this.reset();
        for (const { state, events } of current.value.byState) this.set({ state }, events);
      },
    });
    new Gauge({
      name: 'settle_inbox_oldest_unfinished_event_age_seconds',
      help: `Age of the oldest unfinished inbox event of each of the ${tenants} tenants whose is oldest`,
      labelNames: ['tenant'] as const,
      registers: [metrics.registry],
      async collect() {
        const current = await reading.current();
        if (!current) return;
        // A tenant that left the top N loses its series; kept values keep ageing.
        this.reset();
        const sinceRead = (Date.now() - current.at) / 1000;
        for (const { tenantId, ageSeconds } of current.value.oldest) this.set({ tenant: tenantId }, ageSeconds + sinceRead);
      },
    });
  }
}

/**
 * One round trip: both functions in one read-only transaction whose statement timeout is `timeoutMs`
 * (the numbers are validated integers from the configuration). A connection left in a failed or
 * cancelled transaction is discarded, never returned to the pool.
 */
export async function readInboxBacklog(pool: pg.Pool, tenants: number, timeoutMs: number): Promise<InboxBacklog> {
  const client = await pool.connect();
  let results: pg.QueryResult[];
  try {
    results = (await client.query(
      `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)};
       SELECT state, events FROM pipeline_inbox_backlog();
       SELECT tenant_id, age_seconds FROM pipeline_oldest_unfinished_events(${Math.trunc(tenants)});
       COMMIT`,
    )) as unknown as pg.QueryResult[];
  } catch (error) {
    client.release(true);
    throw error;
  }
  client.release();
  return {
    byState: results[2].rows.map((row) => ({ state: row.state as string, events: Number(row.events) })),
    oldest: results[3].rows.map((row) => ({ tenantId: row.tenant_id as string, ageSeconds: Number(row.age_seconds) })),
  };
}
