import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Alert as AlertRow, AlertRule as RuleRow } from '../../generated/prisma/client.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { type Connection, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { QueueService } from '../../platform/queue/queue.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { type AlertKind, type AlertSignal, MAX_SAMPLES, normaliseSignal } from './alert-signal.js';
import { delayUntil, deliveryDueAt } from './alert-window.js';
import type { Alert } from './alerts.types.js';

/**
 * Raises alerts: each signal joins the open alert of its (rule, group) or opens one, and one delayed
 * `deliver` job per tenant sends what gathered once the grouping window (ALERT_GROUP_WINDOW_SECONDS)
 * has passed. 500 dead letters in a minute become one alert that says 500.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Never throws: callers raise after their own work has committed, and an alert that cannot be
   * recorded must not undo or fail that work. Nothing happens without an enabled rule of the kind.
   */
  async raise(tenantId: string, signal: AlertSignal): Promise<void> {
    try {
      const firstAt = await this.gather(tenantId, signal);
      if (firstAt) await this.scheduleDelivery(tenantId, firstAt);
    } catch (error) {
      // An alert recorded without its job is still sent: the evaluator schedules delivery every minute.
      this.logger.warn(`alert ${signal?.kind} for tenant ${tenantId} not raised: ${(error as Error).message}`);
    }
  }

  /** One `deliver` job per tenant, due when the window of the alert first seen at `firstAt` ends. */
  async scheduleDelivery(tenantId: string, firstAt: Date): Promise<void> {
    const delay = delayUntil(deliveryDueAt(firstAt, this.config.ALERT_GROUP_WINDOW_SECONDS), new Date());
    // keepLastIfActive: a signal arriving while a delivery runs gets a follow-up run, never a lost one.
    await this.queues.add('alerts', { type: 'deliver', tenantId }, { delay, deduplication: { id: `deliver:${tenantId}`, keepLastIfActive: true } });
  }

  /** The tenant's alerts, newest first. */
  async list(page: Page): Promise<Connection<Alert>> {
    const { rows, kinds } = await this.prisma.inTenant(async (tx) => {
      const rows = await tx.alert.findMany(alertKeyset(page));
      const rules = await tx.alertRule.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.ruleId))] } }, select: { id: true, kind: true } });
      return { rows, kinds: new Map(rules.map((rule) => [rule.id, rule.kind])) };
    });
    return toConnection(
      rows.map((row) => ({ ...row, createdAt: row.firstAt })),
      page,
      (row) => toAlertView(row, kinds.get(row.ruleId)!),
    );
  }

  /**
   * Upserts the open alert of (rule, group) in one statement, so concurrent signals count exactly:
   * the first inserts, later ones add to `occurrences` and keep the first ten samples. Returns the
   * alert's first_at, or null when the tenant has no enabled rule of this kind.
   */
  private async gather(tenantId: string, signal: AlertSignal): Promise<Date | null> {
    const values = normaliseSignal(signal, new Date());
    if (!values) throw new Error('the signal has no kind, group key or summary');
    const rows = await this.prisma.inScope({ tenantId }, (tx) =>
      tx.$queryRaw<{ first_at: Date }[]>`
        INSERT INTO alerts (tenant_id, rule_id, group_key, summary, samples)
        SELECT r.tenant_id, r.id, ${values.groupKey}, ${values.summary}, ${JSON.stringify(values.samples)}::jsonb
        FROM alert_rules r WHERE r.kind = ${signal.kind}::alert_rule_kind AND r.enabled
        ON CONFLICT (rule_id, group_key) WHERE delivered_at IS NULL DO UPDATE SET
          occurrences = alerts.occurrences + 1,
          last_at = now(),
          summary = EXCLUDED.summary,
          samples = CASE WHEN jsonb_array_length(alerts.samples) < ${MAX_SAMPLES} THEN alerts.samples || EXCLUDED.samples ELSE alerts.samples END
        RETURNING first_at`,
    );
    return rows[0]?.first_at ?? null;
  }
}

/** Keyset pagination over (first_at, id), newest first: alerts have no created_at of their own. */
function alertKeyset(page: Page) {
  const after = page.after;
  const where = after ? { OR: [{ firstAt: { lt: after.createdAt } }, { firstAt: after.createdAt, id: { lt: after.id } }] } : {};
  return { where, orderBy: [{ firstAt: 'desc' as const }, { id: 'desc' as const }], take: page.first + 1 };
}

interface StoredDelivery {
  channelId: string;
  ok: boolean;
  error?: string;
  at: string;
}

interface StoredSample {
  eventId?: string;
  detail?: string;
  at: string;
}

function toAlertView(row: AlertRow, kind: RuleRow['kind']): Alert {
  return {
    id: row.id,
    kind: kind as AlertKind,
    groupKey: row.groupKey,
    summary: row.summary,
    occurrences: row.occurrences,
    firstAt: row.firstAt,
    lastAt: row.lastAt,
    deliveredAt: row.deliveredAt,
    delivery: (row.delivery as unknown as StoredDelivery[]).map((d) => ({ channelId: d.channelId, ok: d.ok, error: d.error ?? null, at: new Date(d.at) })),
    samples: (row.samples as unknown as StoredSample[]).map((s) => ({ eventId: s.eventId ?? null, detail: s.detail ?? null, at: new Date(s.at) })),
  };
}
