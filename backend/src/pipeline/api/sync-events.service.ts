import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { EventStep as StepRow, InboxEvent, Prisma, SyncEffect as EffectRow } from '../../generated/prisma/client.js';
import { NotFound } from '../../platform/errors.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { type Connection, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import type { EventStep, SyncEffect, SyncEvent, SyncEventArgs, SyncEventDetail } from './pipeline.types.js';

const uuid = z.uuid();

/** Events as people see them: searched and filtered, each with its timeline and its Sage Pro effects. */
@Injectable()
export class SyncEventsService {
  constructor(private readonly prisma: PrismaService) {}

  async list(page: Page, filter: Omit<SyncEventArgs, 'first' | 'after'>): Promise<Connection<SyncEvent>> {
    const search = filter.search?.trim();
    const where: Prisma.InboxEventWhereInput = {
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.source ? { source: filter.source } : {}),
      ...(search ? { OR: [{ documentNumber: { equals: search, mode: 'insensitive' } }, { paymentKey: `pt:${search}` }, { correlationId: search }, { externalId: search }] } : {}),
      ...(page.after
        ? { AND: [{ OR: [{ receivedAt: { lt: page.after.createdAt } }, { receivedAt: page.after.createdAt, id: { lt: page.after.id } }] }] }
        : {}),
    };
    const rows = await this.prisma.inTenant((tx) => tx.inboxEvent.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: page.first + 1 }));
    return toConnection(rows.map((row) => ({ ...row, createdAt: row.receivedAt })), page, toSyncEvent);
  }

  async get(id: string): Promise<SyncEventDetail> {
    parseInput(uuid, id, 'id');
    const found = await this.prisma.inTenant(async (tx) => {
      const row = await tx.inboxEvent.findUnique({ where: { id } });
      if (!row) return null;
      const steps = await tx.eventStep.findMany({ where: { eventId: id }, orderBy: [{ attempt: 'asc' }, { startedAt: 'asc' }] });
      const effects = await tx.syncEffect.findMany({ where: { eventId: id }, orderBy: { createdAt: 'asc' } });
      return { row, steps, effects };
    });
    if (!found) throw new NotFound('Event');
    return { ...toSyncEvent(found.row), timeline: found.steps.map(toStep), effects: found.effects.map(toEffect) };
  }
}

export function toSyncEvent(row: InboxEvent): SyncEvent {
  return {
    ...row,
    amountMinor: row.amountMinor === null ? null : row.amountMinor.toString(),
    outcome: row.outcome === null ? null : JSON.stringify(row.outcome),
    nextAttemptAt: row.state === 'queued' || row.state === 'waiting' ? row.nextAttemptAt : null,
    event: JSON.stringify(row.event),
    payload: JSON.stringify(row.payload),
  };
}

function toStep(row: StepRow): EventStep {
  return { ...row, detail: JSON.stringify(row.detail) };
}

function toEffect(row: EffectRow): SyncEffect {
  return { ...row, amountMinor: row.amountMinor === null ? null : row.amountMinor.toString() };
}
