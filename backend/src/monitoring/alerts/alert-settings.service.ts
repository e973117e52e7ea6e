import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { AlertChannel as ChannelRow, AlertRule as RuleRow } from '../../generated/prisma/client.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import { SecretVault } from '../../platform/secrets/secret-vault.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { parseInput } from '../../platform/validation.js';
import { AuditService } from '../audit/audit.service.js';
import { ALERT_KINDS, type AlertKind } from './alert-signal.js';
import { displayTarget, type NewChannel, newChannelRules, ruleRules } from './alert.rules.js';
import type { AlertChannel, AlertRule, CreateAlertChannelInput, CreatedAlertChannel, UpsertAlertRuleInput } from './alerts.types.js';
import { newWebhookSecret } from './signed-webhook.js';
import { hostOfUrl } from '../../platform/egress/index.js';
import { isObviouslyPrivateHost } from './webhook-address.js';

const uuid = z.uuid();

/**
 * The tenant's alert channels and rules. A webhook's URL is stored encrypted (it is a credential) with
 * a hint to show; its signing secret is stored encrypted and shown once.
 */
@Injectable()
export class AlertSettingsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: SecretVault,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async channels(): Promise<AlertChannel[]> {
    const rows = await this.prisma.inTenant((tx) => tx.alertChannel.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }));
    return rows.map(toChannelView);
  }

  async createChannel(input: CreateAlertChannelInput): Promise<CreatedAlertChannel> {
    const values = parseInput(newChannelRules, input);
    if (values.kind === 'webhook' && !this.config.ALERT_WEBHOOK_ALLOW_PRIVATE && isObviouslyPrivateHost(hostOfUrl(new URL(values.target)))) {
      throw new InvalidInput('target', 'must be a public address, not a loopback, private or link-local one');
    }
    const secret = values.kind === 'webhook' ? newWebhookSecret() : null;
    const secretCiphertext = secret ? await this.vault.encrypt(secret) : null;
    const target = await this.storedTarget(values);
    const row = await this.prisma.inTenant(async (tx) => {
      const created = await tx.alertChannel.create({
        data: { tenantId: TenantContext.actor().tenantId!, kind: values.kind, name: values.name, ...target, secretCiphertext },
      });
      const details = { kind: values.kind, name: values.name, target: displayTarget(values.kind, values.target) };
      await this.audit.record({ action: 'alert_channel.created', targetType: 'alert_channel', targetId: created.id, details }, tx);
      return created;
    });
    return { channel: toChannelView(row), secret };
  }

  /** An email address as it is; a webhook URL encrypted, with its hint. */
  private async storedTarget(values: NewChannel) {
    if (values.kind === 'email') return { target: values.target };
    return { target: null, targetCiphertext: await this.vault.encrypt(values.target), targetHint: displayTarget('webhook', values.target) };
  }

  async deleteChannel(id: string): Promise<boolean> {
    parseInput(uuid, id, 'id');
    await this.prisma.inTenant(async (tx) => {
      const row = await tx.alertChannel.findUnique({ where: { id } });
      if (!row) throw new NotFound('Alert channel');
      await tx.alertChannel.delete({ where: { id } });
      await this.audit.record({ action: 'alert_channel.deleted', targetType: 'alert_channel', targetId: id, details: { name: row.name } }, tx);
    });
    return true;
  }

  async rules(): Promise<AlertRule[]> {
    const rows = await this.prisma.inTenant((tx) => tx.alertRule.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }));
    return rows.map(toRuleView);
  }

  /** Creates the tenant's rule of the kind, or changes it: one rule per kind. */
  async upsertRule(input: UpsertAlertRuleInput): Promise<AlertRule> {
    const { kind, ...settings } = parseInput(ruleRules, input);
    const row = await this.prisma.inTenant(async (tx) => {
      const tenantId = TenantContext.actor().tenantId!;
      const saved = await tx.alertRule.upsert({ where: { tenantId_kind: { tenantId, kind } }, create: { tenantId, kind, ...settings }, update: settings });
      await this.audit.record({ action: 'alert_rule.saved', targetType: 'alert_rule', targetId: saved.id, details: { kind, ...settings } }, tx);
      return saved;
    });
    return toRuleView(row);
  }

  /** Deletes the rule of the kind, and with it the alerts it raised. */
  async deleteRule(kind: AlertKind): Promise<boolean> {
    parseInput(z.enum(ALERT_KINDS), kind, 'kind');
    await this.prisma.inTenant(async (tx) => {
      const row = await tx.alertRule.findFirst({ where: { kind } });
      if (!row) throw new NotFound('Alert rule');
      await tx.alertRule.delete({ where: { id: row.id } });
      await this.audit.record({ action: 'alert_rule.deleted', targetType: 'alert_rule', targetId: row.id, details: { kind } }, tx);
    });
    return true;
  }
}

function toChannelView(row: ChannelRow): AlertChannel {
  return { id: row.id, kind: row.kind, name: row.name, target: shownTarget(row), enabled: row.enabled, createdAt: row.createdAt };
}

/** The hint of a sealed webhook URL; a row from before sealing gets the same hint from its plaintext. */
function shownTarget(row: ChannelRow): string {
  return row.targetHint ?? displayTarget(row.kind, row.target ?? '');
}

function toRuleView(row: RuleRow): AlertRule {
  return {
    id: row.id,
    kind: row.kind,
    enabled: row.enabled,
    thresholdPercent: row.thresholdPercent,
    windowMinutes: row.windowMinutes,
    waitMinutes: row.waitMinutes,
    createdAt: row.createdAt,
  };
}
