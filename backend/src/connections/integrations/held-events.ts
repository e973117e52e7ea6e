import { Injectable } from '@nestjs/common';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import type { Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput } from '../../platform/errors.js';
import { ConnectionEvents } from '../connection-events.js';
import { type HeldEventsChoice, heldEventsVerdict } from './integration.rules.js';

/** Which integrations a deletion takes with it: one, or every one using a connection. */
export type IntegrationsOf = { id: string } | { sageProConnectionId: string } | { payTraceConnectionId: string };

interface Locked {
  id: string;
  enabled: boolean;
}

/**
 * The events an integration holds while it is paused (state `paused`, and for a paused integration
 * also those not yet looked at), and what resuming or deleting does with them. Every method takes the
 * integrations' rows lock first, as a drain recording a held event takes their share lock
 * (EventStore.heldIntegrations): so a drain either records before, and its event is found here, or after,
 * and sees the integration as this transaction left it.
 */
@Injectable()
export class HeldEvents {
  constructor(
    private readonly audit: AuditService,
    private readonly events: ConnectionEvents,
  ) {}

  /** How many events of the integration a delete would ask about: held ones, and (paused) those not reached yet. */
  async held(tx: Tx, integrationId: string): Promise<number> {
    const rows = await tx.integration.findMany({ where: { id: integrationId }, select: { id: true, enabled: true } });
    return this.countOf(tx, rows);
  }

  /** How many events of the integration are not finished: what will wait if it is paused now. */
  unfinished(tx: Tx, integrationId: string): Promise<number> {
    return tx.inboxEvent.count({ where: { integrationId, state: { in: ['queued', 'processing', 'waiting', 'paused'] } } });
  }

  /**
   * An integration resumed: its held events are queued again, keeping their place (next_attempt_at and
   * received_at are left as they were), in the transaction that enables it. Call `signal` after commit.
   */
  async requeue(tx: Tx, integrationIds: string[]): Promise<number> {
    if (!integrationIds.length) return 0;
    const { count } = await tx.inboxEvent.updateMany({ where: { integrationId: { in: integrationIds }, state: 'paused' }, data: { state: 'queued' } });
    return count;
  }

  /** After the resume committed: the tenant's drain takes the queued events now, not at the next sweep. */
  async signal(): Promise<void> {
    const tenantId = TenantContext.actor().tenantId;
    if (tenantId) await this.events.emitResumed({ tenantId });
  }

  /**
   * Before deleting integrations (or a connection they use): with held events and no choice, refuses,
   * naming `heldEvents` and the count; DISCARD ignores them (audited) and the deletion goes ahead;
   * PROCESS_FIRST resumes the integrations instead (returns false: delete nothing; call `signal`).
   */
  async settleBeforeDelete(tx: Tx, of: IntegrationsOf, choice: HeldEventsChoice | null | undefined): Promise<boolean> {
    const integrations = await this.lock(tx, of);
    const held = await this.countOf(tx, integrations);
    const verdict = heldEventsVerdict(held, choice);
    if (verdict.kind === 'ask') throw new InvalidInput('heldEvents', verdict.message);
    if (verdict.kind === 'delete') return true;
    const ids = integrations.map((row) => row.id);
    if (verdict.kind === 'resume_instead') {
      const paused = integrations.filter((row) => !row.enabled).map((row) => row.id);
      await tx.integration.updateMany({ where: { id: { in: paused } }, data: { enabled: true } });
      const requeued = await this.requeue(tx, ids);
      for (const id of paused) {
        await this.audit.record({ action: 'integration.updated', targetType: 'integration', targetId: id, details: { changes: { enabled: true }, why: 'its held events are posted before it is deleted' } }, tx);
      }
      await this.audit.record({ action: 'integration.held_events_resumed', targetType: 'integration', targetId: ids[0], details: { integrationIds: ids, events: requeued } }, tx);
      return false;
    }
    const by = TenantContext.actor().userId ?? null;
    const { count } = await tx.inboxEvent.updateMany({
      where: this.heldWhere(integrations),
      data: { state: 'ignored', leaseUntil: null, completedAt: new Date(), outcome: { ignored: 'discarded when its integration was deleted', discarded: 'integration deleted', by } },
    });
    await this.audit.record({ action: 'integration.held_events_discarded', targetType: 'integration', targetId: ids[0], details: { integrationIds: ids, events: count } }, tx);
    return true;
  }

  private async lock(tx: Tx, of: IntegrationsOf): Promise<Locked[]> {
    const column = 'id' in of ? 'id' : 'sageProConnectionId' in of ? 'sagepro_connection_id' : 'paytrace_connection_id';
    const value = 'id' in of ? of.id : 'sageProConnectionId' in of ? of.sageProConnectionId : of.payTraceConnectionId;
    return tx.$queryRawUnsafe<Locked[]>(`SELECT id, enabled FROM integrations WHERE ${column} = $1::uuid ORDER BY id FOR UPDATE`, value);
  }

  private async countOf(tx: Tx, integrations: Locked[]): Promise<number> {
    if (!integrations.length) return 0;
    return tx.inboxEvent.count({ where: this.heldWhere(integrations) });
  }

  private heldWhere(integrations: Locked[]) {
    const paused = integrations.filter((row) => !row.enabled).map((row) => row.id);
    return {
      OR: [
        { integrationId: { in: integrations.map((row) => row.id) }, state: 'paused' as const },
        { integrationId: { in: paused }, state: { in: ['queued' as const, 'waiting' as const] } },
      ],
    };
  }
}
