import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';

/** Security-relevant actions. Past tense, `<subject>.<verb>`. */
export type AuditAction =
  | 'tenant.signed_up'
  | 'tenant.updated'
  | 'user.logged_in'
  | 'user.login_failed'
  | 'user.logged_out'
  | 'session.reuse_detected'
  | 'member.invited'
  | 'member.joined'
  | 'member.role_changed'
  | 'member.removed'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'partner.access_granted'
  | 'partner.access_revoked'
  | 'partner.switched_tenant'
  | 'connection.created'
  | 'connection.updated'
  | 'connection.deleted'
  | 'connection.tested'
  | 'connection.notification_url_rotated'
  | 'payment.charged'
  | 'integration.created'
  | 'integration.updated'
  | 'integration.deleted'
  | 'integration.held_events_resumed'
  | 'integration.held_events_discarded'
  | 'exchange_rate.set'
  | 'exchange_rate.deleted'
  | 'exchange_rates.imported'
  | 'reconciliation.ran'
  | 'webhook_endpoint.created'
  | 'webhook_endpoint.secret_rotated'
  | 'webhook_endpoint.deleted'
  | 'alert_channel.created'
  | 'alert_channel.deleted'
  | 'alert_rule.saved'
  | 'alert_rule.deleted'
  | 'dead_letters.replayed'
  | 'manual_review.resolved'
  | 'flow.draft_saved'
  | 'flow.draft_discarded'
  | 'flow.version_published'
  | 'flow.promoted'
  | 'flow.promotion_requested'
  | 'flow.promotion_approved'
  | 'flow.promotion_rejected'
  | 'flow.rolled_back'
  | 'flow.test_run'
  | 'flow.mapping_decided';

export interface AuditRecord {
  action: AuditAction;
  tenantId?: string | null;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** Overrides for when the actor is not (yet) in the request context, e.g. right after login. */
  actorUserId?: string;
  actorPartnerId?: string;
}

/**
 * Appends to the audit log. The actor (user, partner, API key), IP and request id come from the
 * request's context, so a partner's action is always recorded as that partner user's.
 */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  /** Records inside `tx` when given (so the entry commits with the change), else in its own transaction. */
  async record(entry: AuditRecord, tx?: Tx): Promise<void> {
    const actor = TenantContext.actor();
    const tenantId = entry.tenantId === undefined ? (actor.tenantId ?? null) : entry.tenantId;
    const data: Prisma.AuditEntryUncheckedCreateInput = {
      tenantId,
      action: entry.action,
      actorUserId: entry.actorUserId ?? actor.userId ?? null,
      actorPartnerId: entry.actorPartnerId ?? actor.partnerId ?? null,
      actorApiKeyId: actor.apiKeyId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      details: (entry.details ?? {}) as Prisma.InputJsonValue,
    };
    // createMany: a plain INSERT. create() adds RETURNING, which needs the row to pass the SELECT
    // policy too, and platform events (no tenant) are readable by no scope.
    if (tx) {
      await tx.auditEntry.createMany({ data: [data] });
      return;
    }
    await this.prisma.inScope({ tenantId: tenantId ?? undefined }, (scoped) => scoped.auditEntry.createMany({ data: [data] }));
  }
}
