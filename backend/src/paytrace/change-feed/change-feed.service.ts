import { Injectable, Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PayTraceConnectionsService } from '../../connections/paytrace/paytrace-connections.service.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import type { PayTraceClient } from '../client/paytrace-client.js';
import type { FailureOutcome } from '../client/outcome.js';
import type { ExportedTransaction } from '../client/types.js';
import { SandboxNotListening } from '../../platform/built-in-sandboxes.js';
import { InboxService } from '../../pipeline/inbox/inbox.service.js';
import { payTraceEvent, type ReferenceField } from '../../pipeline/events/paytrace-event.js';
import type { InboxEntry } from '../../pipeline/inbox/inbox-entry.js';
import { PayTraceClients } from '../paytrace-clients.service.js';
import { PayTraceAuthAlerts } from '../paytrace-auth-alerts.service.js';
import { advanceCursor, pollWindow } from './feed-window.js';
import { changedRows, type ChangeSource, toChangeRecord, type TransactionChangeRecord } from './transaction-changes.js';

/** How many still-open transactions one poll looks up by id (oldest first); the rest wait a poll. */
const OPEN_LOOKUPS_PER_POLL = 50;

export class PayTraceUnavailable extends Error {
  constructor(readonly outcome: FailureOutcome) {
    super(`PayTrace ${outcome.kind}: ${'detail' in outcome ? outcome.detail : 'description' in outcome ? outcome.description : outcome.statusMessage}`);
  }
}

export interface PollReport {
  read: number;
  changes: number;
  lookedUp: number;
}

/**
 * The change feed: turns what PayTrace's exports say into transaction changes, each exactly once per
 * (connection, transaction, state), whether it was read by a poll, a backfill or a notification's
 * lookup, or made by Settle itself. Runs inside the connection's tenant context.
 */
@Injectable()
export class ChangeFeedService {
  private readonly logger = new Logger('ChangeFeed');

  constructor(
    private readonly prisma: PrismaService,
    private readonly connections: PayTraceConnectionsService,
    private readonly clients: PayTraceClients,
    private readonly inbox: InboxService,
    private readonly authAlerts: PayTraceAuthAlerts,
  ) {}

  /** One poll: the export window since the cursor, then open transactions by id; moves the cursor. */
  poll(tenantId: string, connectionId: string): Promise<PollReport> {
    return TenantContext.run({ tenantId }, async () => {
      const startedAt = new Date();
      const connection = await this.prisma.inTenant((tx) => tx.payTraceConnection.findUnique({ where: { id: connectionId } }));
      // Deleted since this poll was queued: its schedule is gone, and there is nothing to read.
      if (!connection) return { read: 0, changes: 0, lookedUp: 0 };
      try {
        const client = this.clients.forConnection(await this.connections.credentials(connectionId));
        const report = await this.readRange(client, connectionId, pollWindow(connection.pollCursor, startedAt), 'poll');
        const lookedUp = await this.lookUpOpen(client, connectionId, report.seen);
        await this.prisma.inTenant((tx) =>
          tx.payTraceConnection.update({
            where: { id: connectionId },
            data: { pollCursor: advanceCursor(connection.pollCursor, startedAt), lastPollAt: new Date(), lastPollError: null },
          }),
        );
        return { read: report.read, changes: report.changes + lookedUp.changes, lookedUp: lookedUp.count };
      } catch (error) {
        // Not a poll that failed: it comes again once the port is open (ChangeFeedJobs).
        if (error instanceof SandboxNotListening) throw error;
        // updateMany: a connection deleted while it was polled has no row left to note the error on.
        await this.prisma.inTenant((tx) =>
          tx.payTraceConnection.updateMany({ where: { id: connectionId }, data: { lastPollAt: new Date(), lastPollError: (error as Error).message.slice(0, 500) } }),
        );
        throw error;
      }
    });
  }

  /** Reads any date range again through the same path as a poll; the cursor does not move. */
  backfill(tenantId: string, connectionId: string, from: Date, to: Date): Promise<PollReport> {
    return TenantContext.run({ tenantId }, async () => {
      const client = this.clients.forConnection(await this.connections.credentials(connectionId));
      const report = await this.readRange(client, connectionId, { from, to }, 'backfill');
      return { read: report.read, changes: report.changes, lookedUp: 0 };
    });
  }

  /** A notification's hint: look the transaction up and record what it says. */
  fetchTransaction(tenantId: string, connectionId: string, transactionId: number): Promise<number> {
    return TenantContext.run({ tenantId }, async () => {
      const client = this.clients.forConnection(await this.connections.credentials(connectionId));
      const outcome = await client.exportTransactionById({ transactionId });
      if (outcome.kind !== 'Ok') throw await this.unavailable(connectionId, outcome, 'notification lookup');
      return outcome.value ? this.record(connectionId, [outcome.value], 'notification') : 0;
    });
  }

  /** A payment Settle made itself: its change is known at once, before any export shows it. */
  recordOwnPayment(connectionId: string, row: ExportedTransaction): Promise<number> {
    return this.record(connectionId, [row], 'settle');
  }

  private async readRange(client: PayTraceClient, connectionId: string, window: { from: Date; to: Date }, source: ChangeSource) {
    const outcome = await client.exportTransactionsByDateRange({ startDate: window.from, endDate: window.to });
    if (outcome.kind !== 'Ok') throw await this.unavailable(connectionId, outcome, source);
    const changes = await this.record(connectionId, outcome.value, source);
    return { read: outcome.value.length, changes, seen: new Set(outcome.value.map((row) => row.transactionId)) };
  }

  /** PayTrace did not answer as asked; a refused login also raises the connection_auth alert. */
  private async unavailable(connectionId: string, outcome: FailureOutcome, during: string): Promise<PayTraceUnavailable> {
    await this.authAlerts.check(TenantContext.actor().tenantId!, connectionId, outcome, during);
    return new PayTraceUnavailable(outcome);
  }

  /** Transactions that can still change in place (unsettled approvals) and were not in the window. */
  private async lookUpOpen(client: PayTraceClient, connectionId: string, seen: Set<number>) {
    const open = await this.prisma.inTenant((tx) =>
      tx.payTraceTransaction.findMany({
        where: { connectionId, final: false, transactionId: { notIn: [...seen].map(BigInt) } },
        orderBy: { lastSeenAt: 'asc' },
        take: OPEN_LOOKUPS_PER_POLL,
      }),
    );
    let changes = 0;
    for (const transaction of open) {
      const outcome = await client.exportTransactionById({ transactionId: Number(transaction.transactionId) });
      if (outcome.kind !== 'Ok') throw await this.unavailable(connectionId, outcome, 'poll');
      if (outcome.value) changes += await this.record(connectionId, [outcome.value], 'poll');
    }
    return { count: open.length, changes };
  }

  /**
   * Stores the changes among `rows`, what was last seen of each, and (in the same transaction) each new
   * change as an inbox event for the pipeline; returns how many were new.
   */
  private async record(connectionId: string, rows: ExportedTransaction[], source: ChangeSource): Promise<number> {
    if (!rows.length) return 0;
    const tenantId = TenantContext.actor().tenantId!;
    const inserted = await this.prisma.inTenant(async (tx) => {
      const lastSeen = await this.lastSeenStates(tx, connectionId, rows);
      const observedAt = new Date();
      const records = changedRows(rows, lastSeen).map((row) => toChangeRecord(row, observedAt));
      if (!records.length) return 0;
      const stored = await tx.transactionChange.createManyAndReturn({
        data: records.map((record) => changeRow(tenantId, connectionId, record, source)),
        skipDuplicates: true,
        select: { changeKey: true },
      });
      for (const record of records) await this.remember(tx, tenantId, connectionId, record);
      const fresh = new Set(stored.map((row) => row.changeKey));
      await this.inbox.acceptInTransaction(tx, tenantId, await this.inboxEntries(tx, connectionId, records.filter((r) => fresh.has(r.changeKey))));
      if (stored.length) this.logger.log(`${stored.length} new PayTrace change(s) from ${source} on connection ${connectionId}`);
      return stored.length;
    });
    if (inserted) await this.inbox.signal(tenantId);
    return inserted;
  }

  private async inboxEntries(tx: Tx, connectionId: string, records: TransactionChangeRecord[]): Promise<InboxEntry[]> {
    if (!records.length) return [];
    const integration = await tx.integration.findUnique({ where: { payTraceConnectionId: connectionId }, select: { id: true, referenceField: true } });
    return records.map((record) => ({
      source: 'paytrace',
      externalId: `${connectionId}:${record.changeKey}`,
      integrationId: integration?.id ?? null,
      event: payTraceEvent(record, (integration?.referenceField ?? 'invoice_id') as ReferenceField),
      payload: record.transaction,
    }));
  }

  private async lastSeenStates(tx: Tx, connectionId: string, rows: ExportedTransaction[]): Promise<Map<number, string>> {
    const known = await tx.payTraceTransaction.findMany({
      where: { connectionId, transactionId: { in: rows.map((row) => BigInt(row.transactionId)) } },
      select: { transactionId: true, state: true },
    });
    return new Map(known.map((row) => [Number(row.transactionId), row.state]));
  }

  private remember(tx: Tx, tenantId: string, connectionId: string, record: TransactionChangeRecord) {
    const transactionId = BigInt(record.transactionId);
    const values = { state: record.state, final: record.final, lastSeenAt: new Date() };
    return tx.payTraceTransaction.upsert({
      where: { connectionId_transactionId: { connectionId, transactionId } },
      update: values,
      create: { tenantId, connectionId, transactionId, createdAtPt: record.createdAtPt, ...values },
    });
  }
}

function changeRow(tenantId: string, connectionId: string, record: TransactionChangeRecord, source: ChangeSource): Prisma.TransactionChangeCreateManyInput {
  return {
    tenantId,
    connectionId,
    changeKey: record.changeKey,
    transactionId: BigInt(record.transactionId),
    state: record.state,
    kind: record.kind,
    amountMinor: BigInt(record.amountMinor),
    currency: record.currency,
    occurredAt: record.occurredAt,
    source,
    transaction: record.transaction as Prisma.InputJsonValue,
  };
}
