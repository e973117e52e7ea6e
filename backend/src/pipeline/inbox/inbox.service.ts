import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { redactCardNumbers } from '../../paytrace/change-feed/transaction-changes.js';
import { isPaymentEvent, paymentKey } from '../events/settle-event.js';
import { PipelineQueue } from '../dispatch/pipeline-queue.js';
import type { AcceptResult, InboxEntry } from './inbox-entry.js';

/** Runs one statement: a pg client's query, or a Prisma transaction's raw query. */
type Run = (sql: string, params: unknown[]) => Promise<{ id: string }[]>;

/**
 * The inbox: every event is stored here first, once per (tenant, source, external id), with card-like
 * numbers redacted; only then is the tenant's drain signalled. When Redis is down the event is still
 * accepted (the sweeper signals it later), so nothing accepted is ever lost.
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: PipelineQueue,
  ) {}

  /** Stores the entries in their own transaction, then signals the tenant's drain. */
  async accept(tenantId: string, entries: InboxEntry[]): Promise<AcceptResult> {
    const client = await this.prisma.pool.connect();
    let result: AcceptResult;
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      result = await insertEntries((sql, params) => client.query(sql, params).then((r) => r.rows), tenantId, entries);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (result.accepted.length) await this.signal(tenantId);
    return result;
  }

  /** Stores the entries inside the caller's tenant transaction; call `signal` after it commits. */
  acceptInTransaction(tx: Tx, tenantId: string, entries: InboxEntry[]): Promise<AcceptResult> {
    return insertEntries((sql, params) => tx.$queryRawUnsafe(sql, ...params), tenantId, entries);
  }

  /** Tells a worker the tenant has work; a failure is logged, the sweeper will signal it again. */
  async signal(tenantId: string): Promise<void> {
    await this.queue.drainSoon(tenantId).catch((error: Error) => this.logger.warn(`drain for tenant ${tenantId} not signalled (the sweeper will): ${error.message}`));
  }
}

const INSERT = `
INSERT INTO inbox_events (tenant_id, integration_id, source, external_id, type, payment_key, document_number,
  amount_minor, currency, correlation_id, event, payload, occurred_at)
SELECT $1::uuid, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
  $9::text[], $10::text[], $11::jsonb[], $12::jsonb[], $13::timestamptz[])
ON CONFLICT (tenant_id, source, external_id) DO NOTHING
RETURNING id`;

async function insertEntries(run: Run, tenantId: string, entries: InboxEntry[]): Promise<AcceptResult> {
  if (!entries.length) return { accepted: [], duplicates: 0 };
  const rows = entries.map(toRow);
  const column = <K extends keyof ReturnType<typeof toRow>>(key: K) => rows.map((row) => row[key]);
  const inserted = await run(INSERT, [
    tenantId,
    column('integrationId'),
    column('source'),
    column('externalId'),
    column('type'),
    column('paymentKey'),
    column('documentNumber'),
    column('amountMinor'),
    column('currency'),
    column('correlationId'),
    column('event'),
    column('payload'),
    column('occurredAt'),
  ]);
  return { accepted: inserted.map((row) => row.id), duplicates: entries.length - inserted.length };
}

function toRow(entry: InboxEntry) {
  const event = entry.event;
  const summary = isPaymentEvent(event)
    ? { paymentKey: paymentKey(event.transactionId), documentNumber: event.documentNumber ?? null, amountMinor: event.amountMinor }
    : {
        paymentKey: event.paymentTransactionId ? paymentKey(event.paymentTransactionId) : null,
        documentNumber: event.orderNumber,
        amountMinor: event.totalMinor,
      };
  const payload = entry.payload && typeof entry.payload === 'object' ? entry.payload : { value: entry.payload };
  return {
    integrationId: entry.integrationId,
    source: entry.source,
    externalId: entry.externalId,
    type: event.type,
    paymentKey: summary.paymentKey,
    documentNumber: summary.documentNumber,
    amountMinor: String(summary.amountMinor),
    currency: event.currency,
    correlationId: entry.correlationId ?? randomUUID(),
    event: JSON.stringify(redactCardNumbers(event)),
    payload: JSON.stringify(redactCardNumbers(payload)),
    occurredAt: event.occurredAt,
  };
}
