import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { Conflict, InvalidInput } from '../../platform/errors.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { InboxService } from '../inbox/inbox.service.js';
import { requeueEvents } from './event-transitions.js';
import type { DeadLetter, ReplayDeadLettersInput } from './pipeline.types.js';
import { toSyncEvent } from './sync-events.service.js';

const replayInput = z
  .object({ ids: z.array(z.uuid()).max(1000).nullish(), integrationId: z.uuid().nullish(), all: z.boolean().nullish() })
  .refine((input) => [input.ids?.length, input.integrationId, input.all].filter(Boolean).length === 1, { message: 'give exactly one of ids, integrationId or all', path: ['ids'] });

interface LockedLetter {
  id: string;
  event_id: string;
  replayed_at: Date | null;
  event_state: string;
  /** The event's newer open letter, when it failed again after this one was replayed. */
  open_letter_id: string | null;
}

/**
 * Dead letters: listed, inspected and replayed (one, some, or all of an integration or tenant).
 *
 * A replay is one transaction: the letters still open are locked (a concurrent replay waits, then
 * finds them replayed), marked replayed and their events moved from `dead` to `queued` together,
 * with the audit entry; the drain is signalled after the commit. One letter asked for by id that was
 * already replayed answers 0 when its event went on from that replay, and CONFLICT naming it when
 * that replay cannot be repeated (its event failed again, or is not dead); letters of a bulk replay
 * that are no longer open are simply not counted.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
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
    const scope = ids?.length
      ? Prisma.sql`d.id = ANY(${ids}::uuid[])`
      : integrationId
        ? Prisma.sql`d.replayed_at IS NULL AND d.event_id IN (SELECT id FROM inbox_events WHERE integration_id = ${integrationId}::uuid)`
        : Prisma.sql`d.replayed_at IS NULL`;
    const replayed = await this.prisma.inTenant(async (tx) => {
      const letters = await lockLetters(tx, scope);
      if (ids?.length && !letters.length) throw new InvalidInput('ids', 'No such dead letter');
      if (ids?.length === 1) refuseUnrepeatable(letters[0]);
      const due = letters.filter((letter) => letter.replayed_at === null && letter.event_state === 'dead');
      if (!due.length) return 0;
      const marked = await tx.$executeRaw`UPDATE dead_letters SET replayed_at = now(), replayed_by = ${actor.userId ?? null}::uuid
         WHERE id = ANY(${due.map((l) => l.id)}::uuid[]) AND replayed_at IS NULL`;
      const moved = await requeueEvents(tx, due.map((l) => l.event_id), 'dead', null);
      // Both or neither: throwing rolls the letters back with their events.
      if (marked !== due.length || moved !== due.length) throw new Conflict(due[0].id, `dead letters changed while they were being replayed; nothing was replayed`, 'ids');
      await this.audit.record(
        { action: 'dead_letters.replayed', targetType: 'sync_event', targetId: due[0].event_id, details: { count: due.length, scope: all ? 'all' : integrationId ? 'integration' : 'selected' } },
        tx,
      );
      return due.length;
    });
    // After the commit: a lost signal only delays the events (the sweeper finds them queued).
    if (replayed) await this.inbox.signal(actor.tenantId!);
    return replayed;
  }

  private async eventIdsOfIntegration(integrationId: string): Promise<string[]> {
    parseInput(z.uuid(), integrationId, 'integrationId');
    const rows = await this.prisma.inTenant((tx) => tx.inboxEvent.findMany({ where: { integrationId, state: 'dead' }, select: { id: true } }));
    return rows.map((row) => row.id);
  }
}

/**
 * Locks the letters in id order (so concurrent replays of overlapping sets never deadlock), then reads
 * them and their events afresh: a new statement sees what a replay that held them committed.
 */
async function lockLetters(tx: Tx, scope: Prisma.Sql): Promise<LockedLetter[]> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT d.id FROM dead_letters d WHERE ${scope} ORDER BY d.id FOR UPDATE`;
  if (!locked.length) return [];
  return tx.$queryRaw<LockedLetter[]>`
    SELECT d.id, d.event_id, d.replayed_at, e.state::text AS event_state,
           (SELECT o.id FROM dead_letters o WHERE o.event_id = d.event_id AND o.replayed_at IS NULL AND o.id <> d.id LIMIT 1) AS open_letter_id
      FROM dead_letters d JOIN inbox_events e ON e.id = d.event_id
     WHERE d.id = ANY(${locked.map((l) => l.id)}::uuid[])
     ORDER BY d.id`;
}

/** One letter asked for by id: repeating its replay is fine (0), anything that cannot be done is a CONFLICT. */
function refuseUnrepeatable(letter: LockedLetter): void {
  if (letter.replayed_at === null) {
    if (letter.event_state !== 'dead') throw new Conflict(letter.id, `dead letter ${letter.id} cannot be replayed: its event is ${letter.event_state}, not dead`, 'ids');
    return;
  }
  const when = letter.replayed_at.toISOString();
  if (letter.open_letter_id) throw new Conflict(letter.id, `dead letter ${letter.id} was already replayed at ${when} and its event failed again: replay dead letter ${letter.open_letter_id}`, 'ids');
  if (letter.event_state === 'dead') throw new Conflict(letter.id, `dead letter ${letter.id} was already replayed at ${when}, but its event is dead with no open letter`, 'ids');
}
