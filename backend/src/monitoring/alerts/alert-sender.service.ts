import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Alert as AlertRow, AlertChannel as ChannelRow, Prisma } from '../../generated/prisma/client.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { Egress } from '../../platform/egress/egress.service.js';
import { MailService } from '../../platform/mail/mail.service.js';
import { SecretVault } from '../../platform/secrets/secret-vault.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { type AlertNotice, alertEmailText, alertsLink, alertSlackMessage, alertSubject } from './alert-message.js';
import type { AlertKind, AlertSample } from './alert-signal.js';
import { deliveryDueAt } from './alert-window.js';
import { postSignedWebhook } from './signed-webhook.js';

/** How many due alerts one run sends; the rest go in the next run, right after. */
const ALERTS_PER_RUN = 100;

interface ChannelResult {
  channelId: string;
  ok: boolean;
  error?: string;
  at: string;
}

/**
 * Sends a tenant's due alerts (first seen more than the grouping window ago) to each of its enabled
 * channels, and records per channel how it went. A failing channel does not hold up the others, and
 * an alert is sent once: it is closed before it is sent.
 */
@Injectable()
export class AlertSender {
  private readonly logger = new Logger('AlertSender');

  constructor(
    private readonly prisma: PrismaService,
    private readonly mail: MailService,
    private readonly vault: SecretVault,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly egress: Egress,
  ) {}

  /** Sends what is due; returns when the next still-gathering alert will be due, if there is one. */
  deliverDue(tenantId: string): Promise<Date | null> {
    return TenantContext.run({ tenantId }, async () => {
      const windowSeconds = this.config.ALERT_GROUP_WINDOW_SECONDS;
      const { due, channels, kinds } = await this.prisma.inTenant(async (tx) => {
        const due = await tx.alert.findMany({
          where: { deliveredAt: null, firstAt: { lte: new Date(Date.now() - windowSeconds * 1000) } },
          orderBy: { firstAt: 'asc' },
          take: ALERTS_PER_RUN,
        });
        const channels = due.length ? await tx.alertChannel.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' } }) : [];
        const rules = await tx.alertRule.findMany({ select: { id: true, kind: true } });
        return { due, channels, kinds: new Map(rules.map((rule) => [rule.id, rule.kind as AlertKind])) };
      });
      for (const alert of due) await this.deliver(alert.id, kinds, channels);
      const next = await this.prisma.inTenant((tx) =>
        tx.alert.findFirst({ where: { deliveredAt: null }, orderBy: { firstAt: 'asc' }, select: { firstAt: true } }),
      );
      return next ? deliveryDueAt(next.firstAt, windowSeconds) : null;
    });
  }

  private async deliver(alertId: string, kinds: Map<string, AlertKind>, channels: ChannelRow[]): Promise<void> {
    // Closing first: occurrences raised while sending open a new alert instead of being marked sent
    // unseen, and a second runner (a stalled job run again) finds nothing left to send.
    const [closed] = await this.prisma.inTenant((tx) =>
      tx.alert.updateManyAndReturn({ where: { id: alertId, deliveredAt: null }, data: { deliveredAt: new Date() } }),
    );
    if (!closed) return;
    const notice = toNotice(closed, kinds.get(closed.ruleId)!);
    const results = await Promise.all(channels.map((channel) => this.send(channel, notice)));
    await this.prisma.inTenant((tx) => tx.alert.update({ where: { id: alertId }, data: { delivery: results as unknown as Prisma.InputJsonValue } }));
    const failed = results.filter((result) => !result.ok);
    if (failed.length) this.logger.warn(`alert ${alertId}: ${failed.length} of ${results.length} channel(s) failed (${failed.map((f) => f.error).join('; ')})`);
  }

  private async send(channel: ChannelRow, notice: AlertNotice): Promise<ChannelResult> {
    const link = alertsLink(this.config.publicUrl);
    try {
      if (channel.kind === 'email') {
        if (!channel.target) throw new Error('the channel has no address');
        // Sent now rather than through the mail queue, so that what is recorded is what happened.
        await this.mail.deliver({ to: channel.target, subject: alertSubject(notice), text: alertEmailText(notice, link) });
      } else {
        if (!channel.secretCiphertext) throw new Error('the channel has no signing secret');
        const secret = await this.vault.decrypt(channel.secretCiphertext);
        const allowPrivate = this.config.ALERT_WEBHOOK_ALLOW_PRIVATE;
        await postSignedWebhook(await this.webhookUrl(channel), secret, notice.id, alertSlackMessage(notice, link), { allowPrivate, policy: this.egress.policy });
      }
      return { channelId: channel.id, ok: true, at: new Date().toISOString() };
    } catch (error) {
      return { channelId: channel.id, ok: false, error: (error as Error).message.slice(0, 300), at: new Date().toISOString() };
    }
  }

  /** Sealed URLs are decrypted; a row from before sealing (AlertTargetSealer) still has its plaintext. */
  private async webhookUrl(channel: ChannelRow): Promise<string> {
    if (channel.targetCiphertext) return this.vault.decrypt(channel.targetCiphertext);
    if (channel.target) return channel.target;
    throw new Error('the channel has no URL');
  }
}

function toNotice(row: AlertRow, kind: AlertKind): AlertNotice {
  return {
    id: row.id,
    kind,
    groupKey: row.groupKey,
    summary: row.summary,
    occurrences: row.occurrences,
    firstAt: row.firstAt,
    lastAt: row.lastAt,
    samples: row.samples as unknown as AlertSample[],
  };
}
