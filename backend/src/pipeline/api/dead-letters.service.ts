import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client.js';
import { InvalidInput } from '../../platform/errors.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import type { DeadLetter, ReplayDeadLettersInput } from './pipeline.types.js';
import { SyncEventsService, toSyncEvent } from './sync-events.service.js';

const replayInput = z
  .object({ ids: z.array(z.uuid()).max(1000).nullish(), integrationId: z.uuid().nullish(), all: z.boolean().nullish() })
  .refine((input) => [input.ids?.length, input.integrationId, input.all].filter(Boolean).length === 1, { message: 'give exactly one of ids, integrationId or all', path: ['ids'] });

/** Dead letters: listed, inspected and replayed (one, some, or all of an integration or tenant). */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: SyncEventsService,
  ) {}

  async list(page: Page, filter: { open?: boolean | null; integrationId?: string | null }): Promise<Connection<DeadLetter>> {
    const query = keysetQuery(page);
    const open = filter.open ?? true;
    const eventIds = filter.integrationId ? await this.eventIdsOfIntegration(filter.integrationId) : undefined;
    const rows = await this.prisma.inTenant((tx) =>
      tx.deadLetter.findMany({ ...query, where: { ...query.where, ...(open ? { replayedAt: null } : {}), ...(eventIds ? { eventId: { in: eventIds } } : {}) } }),
    );
    const events = await this.prisma.inTenant((tx) => tx.inboxEvent.findMany({ where: { id: { in: rows.map((row) => row.eventId) } } }));
    const byId = new Map(events.map((event) => [event.id, toSyncEvent(event)]));
    return toConnection(rows, page, (row) => ({ ...row, event: byId.get(row.eventId)! }));
  }

  async replay(input: ReplayDeadLettersInput): Promise<number> {
    const { ids, integrationId, all } = parseInput(replayInput, input);
    const actor = TenantContext.actor();
    const eventIds = integrationId ? await this.eventIdsOfIntegration(integrationId) : undefined;
    const letters = await this.prisma.inTenant((tx) =>
      tx.deadLetter.findMany({ where: { replayedAt: null, ...(ids?.length ? { id: { in: ids } } : {}), ...(eventIds ? { eventId: { in: eventIds } } : {}) }, select: { id: true, eventId: true } }),
    );
    if (ids?.length && letters.length === 0) {
      const known = await this.prisma.inTenant((tx) => tx.deadLetter.count({ where: { id: { in: ids } } }));
      if (!known) throw new InvalidInput('ids', 'No such dead letter');
    }
    if (!letters.length) return 0;
    await this.prisma.inTenant((tx) => tx.deadLetter.updateMany({ where: { id: { in: letters.map((l) => l.id) }, replayedAt: null }, data: { replayedAt: new Date(), replayedBy: actor.userId ?? null } }));
    const replayed = await this.events.requeue(letters.map((l) => l.eventId), ['dead'], Prisma.DbNull);
    await this.events.recordAudit('dead_letters.replayed', letters[0].eventId, { count: replayed, scope: all ? 'all' : integrationId ? 'integration' : 'selected' });
    return replayed;
  }

  private async eventIdsOfIntegration(integrationId: string): Promise<string[]> {
    parseInput(z.uuid(), integrationId, 'integrationId');
    const rows = await this.prisma.inTenant((tx) => tx.inboxEvent.findMany({ where: { integrationId, state: 'dead' }, select: { id: true } }));
    return rows.map((row) => row.id);
  }
}
