import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Prisma, type Integration as Row } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { HeldEvents } from './held-events.js';
import { alreadyPaired, type HeldEventsChoice, integrationChangesRules, newIntegrationRules, payTraceConnectionConflict } from './integration.rules.js';
import type { CreateIntegrationInput, UpdateIntegrationInput } from './integration.types.js';

export type IntegrationRow = Row;

const uuid = z.uuid();


/** Integrations of the current tenant: which PayTrace account posts into which Sage Pro company, and how. */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly heldEvents: HeldEvents,
  ) {}

  async list(page: Page): Promise<Connection<Row>> {
    const rows = await this.prisma.inTenant((tx) => tx.integration.findMany(keysetQuery(page)));
    return toConnection(rows, page);
  }

  async get(id: string): Promise<Row> {
    parseInput(uuid, id, 'id');
    const row = await this.prisma.inTenant((tx) => tx.integration.findUnique({ where: { id } }));
    if (!row) throw new NotFound('Integration');
    return row;
  }

  /** The enabled integration a PayTrace connection feeds, in the current tenant; null when none. */
  forPayTraceConnection(connectionId: string, tx?: Tx): Promise<Row | null> {
    const find = (scoped: Tx) => scoped.integration.findFirst({ where: { payTraceConnectionId: connectionId, enabled: true } });
    return tx ? find(tx) : this.prisma.inTenant(find);
  }

  async create(input: CreateIntegrationInput): Promise<Row> {
    const values = parseInput(newIntegrationRules, stripNulls(input));
    return this.pairedOnce(() =>
      this.prisma.inTenant(async (tx) => {
        await this.checkConnections(tx, values);
        const created = await tx.integration.create({ data: { ...values, tenantId: TenantContext.actor().tenantId! } });
        const details = { name: values.name, payTraceConnectionId: values.payTraceConnectionId ?? null, sageProConnectionId: values.sageProConnectionId, environment: values.environment };
        await this.audit.record({ action: 'integration.created', targetType: 'integration', targetId: created.id, details }, tx);
        return created;
      }),
    );
  }

  /**
   * Changes what is given. Resuming (enabled: true) queues the integration's held events again, in
   * their original order, in the same transaction, and then signals the tenant's drain.
   */
  async update(id: string, input: UpdateIntegrationInput): Promise<Row> {
    const changes = parseInput(integrationChangesRules, stripNulls(input));
    await this.get(id);
    let resumed = 0;
    const row = await this.pairedOnce(() =>
      this.prisma.inTenant(async (tx) => {
        await this.checkConnections(tx, changes, id);
        const updated = await tx.integration.update({ where: { id }, data: changes });
        resumed = updated.enabled ? await this.heldEvents.requeue(tx, [id]) : 0;
        const details = resumed ? { changes, heldEventsQueued: resumed } : { changes };
        await this.audit.record({ action: 'integration.updated', targetType: 'integration', targetId: id, details }, tx);
        return updated;
      }),
    );
    if (resumed) await this.heldEvents.signal();
    return row;
  }

  /** Its events that wait: not finished (what pausing holds), and held (what deleting asks about). */
  async eventCounts(id: string): Promise<{ waiting: number; held: number }> {
    await this.get(id);
    return this.prisma.inTenant(async (tx) => ({ waiting: await this.heldEvents.unfinished(tx, id), held: await this.heldEvents.held(tx, id) }));
  }

  /**
   * Deleting an integration deletes its webhook endpoints too (ON DELETE CASCADE). With held events it
   * asks first (`heldEvents`): DISCARD ignores them and deletes; PROCESS_FIRST resumes the integration
   * so they are posted, and deletes nothing (answers false).
   */
  async remove(id: string, heldEvents?: HeldEventsChoice | null): Promise<boolean> {
    const row = await this.get(id);
    const deleted = await this.prisma.inTenant(async (tx) => {
      if (!(await this.heldEvents.settleBeforeDelete(tx, { id }, heldEvents))) return false;
      await tx.integration.delete({ where: { id } });
      await this.audit.record({ action: 'integration.deleted', targetType: 'integration', targetId: id, details: { name: row.name } }, tx);
      return true;
    });
    if (!deleted) await this.heldEvents.signal();
    return deleted;
  }

  /** Both connections must be this tenant's (row-level security hides anyone else's), PayTrace unpaired. */
  private async checkConnections(tx: Tx, values: { payTraceConnectionId?: string; sageProConnectionId?: string }, integrationId?: string): Promise<void> {
    if (values.sageProConnectionId && !(await tx.sageProConnection.findUnique({ where: { id: values.sageProConnectionId }, select: { id: true } }))) {
      throw new InvalidInput('sageProConnectionId', 'no such Sage Pro connection in this tenant');
    }
    if (!values.payTraceConnectionId) return;
    if (!(await tx.payTraceConnection.findUnique({ where: { id: values.payTraceConnectionId }, select: { id: true } }))) {
      throw new InvalidInput('payTraceConnectionId', 'no such PayTrace connection in this tenant');
    }
    const owner = await tx.integration.findUnique({ where: { payTraceConnectionId: values.payTraceConnectionId }, select: { id: true, name: true } });
    const conflict = payTraceConnectionConflict(owner, integrationId);
    if (conflict) throw new InvalidInput('payTraceConnectionId', conflict);
  }

  /** Two requests pairing one PayTrace connection at once: the unique index decides, the loser is told why. */
  private async pairedOnce<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new InvalidInput('payTraceConnectionId', alreadyPaired());
      }
      throw error;
    }
  }
}

/** GraphQL sends null for fields left out; they mean "unchanged" (or "the default"). */
function stripNulls(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== null && value !== undefined));
}
