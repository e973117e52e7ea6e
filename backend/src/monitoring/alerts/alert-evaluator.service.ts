import { Injectable, Logger } from '@nestjs/common';
import type { AlertRule as RuleRow } from '../../generated/prisma/client.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { failureRateSignal, failureWindowStart, manualReviewSignal, reviewWaitCutoff } from './alert-evaluation.js';
import type { AlertSignal } from './alert-signal.js';
import { AlertsService } from './alerts.service.js';

/**
 * The time-based rules, evaluated every minute for each tenant with enabled rules: failure_rate over
 * the inbox, manual_review_waiting over open reviews. It also schedules delivery of any alert still
 * waiting, in case its job was lost (Redis down when it was raised, or restarted since).
 */
@Injectable()
export class AlertEvaluator {
  private readonly logger = new Logger('AlertEvaluator');

  constructor(
    private readonly prisma: PrismaService,
    private readonly alerts: AlertsService,
  ) {}

  async evaluateAll(): Promise<void> {
    const tenants = await this.prisma.client.$queryRaw<{ tenant_id: string }[]>`SELECT tenant_id FROM alerts_tenants_with_rules()`;
    for (const { tenant_id: tenantId } of tenants) {
      // One tenant's trouble does not keep the others' alerts from being evaluated.
      await this.evaluateTenant(tenantId).catch((error: Error) => this.logger.warn(`alerts of tenant ${tenantId} not evaluated: ${error.message}`));
    }
  }

  evaluateTenant(tenantId: string, now = new Date()): Promise<void> {
    return TenantContext.run({ tenantId }, async () => {
      const { signals, oldestWaiting } = await this.prisma.inTenant(async (tx) => {
        const rules = await tx.alertRule.findMany({ where: { enabled: true, kind: { in: ['failure_rate', 'manual_review_waiting'] } } });
        const signals: AlertSignal[] = [];
        for (const rule of rules) {
          const signal = rule.kind === 'failure_rate' ? await this.failureRate(tx, rule, now) : await this.reviewsWaiting(tx, rule, now);
          if (signal) signals.push(signal);
        }
        const oldestWaiting = await tx.alert.findFirst({ where: { deliveredAt: null }, orderBy: { firstAt: 'asc' }, select: { firstAt: true } });
        return { signals, oldestWaiting };
      });
      for (const signal of signals) await this.alerts.raise(tenantId, signal);
      if (oldestWaiting) await this.alerts.scheduleDelivery(tenantId, oldestWaiting.firstAt);
    });
  }

  private async failureRate(tx: Tx, rule: RuleRow, now: Date): Promise<AlertSignal | null> {
    if (rule.thresholdPercent === null || rule.windowMinutes === null) return null;
    const limits = { thresholdPercent: rule.thresholdPercent, windowMinutes: rule.windowMinutes };
    const recent = { receivedAt: { gt: failureWindowStart(limits, now) } };
    const received = await tx.inboxEvent.count({ where: recent });
    // Failed: dead, or already failed an attempt and queued to try again.
    const failed = await tx.inboxEvent.count({ where: { ...recent, OR: [{ state: 'dead' }, { state: 'queued', attempts: { gt: 1 } }] } });
    return failureRateSignal(limits, { received, failed }, await this.lastRaisedAt(tx, rule.id, 'failure_rate'), now);
  }

  private async reviewsWaiting(tx: Tx, rule: RuleRow, now: Date): Promise<AlertSignal | null> {
    if (rule.waitMinutes === null) return null;
    const limits = { waitMinutes: rule.waitMinutes };
    const waiting = { resolution: null, createdAt: { lt: reviewWaitCutoff(limits, now) } };
    const count = await tx.manualReview.count({ where: waiting });
    const oldest = count ? await tx.manualReview.findFirst({ where: waiting, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }) : null;
    return manualReviewSignal(limits, { count, oldestAt: oldest?.createdAt ?? null }, await this.lastRaisedAt(tx, rule.id, 'manual_review_waiting'), now);
  }

  private async lastRaisedAt(tx: Tx, ruleId: string, groupKey: string): Promise<Date | null> {
    const last = await tx.alert.findFirst({ where: { ruleId, groupKey }, orderBy: { firstAt: 'desc' }, select: { firstAt: true } });
    return last?.firstAt ?? null;
  }
}
