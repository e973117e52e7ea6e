import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConnectionEvents } from '../../connections/connection-events.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { CARD_ID_TOKEN_PURPOSE, type CardIdTokenKey, cardIdTokenKey, tokeniseCardNumbers } from '../../platform/card-data/card-id-tokens.js';
import { redactCardData } from '../../platform/card-data/redact-card-data.js';
import { SecretVault } from '../../platform/secrets/secret-vault.service.js';
import { storableJsonText } from '../../platform/database/storable-json.js';
import { isPaymentEvent, paymentKey, type SettleEvent } from '../events/settle-event.js';
import { PipelineQueue } from '../dispatch/pipeline-queue.js';
import { DrainSignals } from './drain-signals.js';
import type { AcceptResult, InboxEntry } from './inbox-entry.js';

/** Runs one statement: a pg pool's query, or a Prisma transaction's raw query. */
type Run = (sql: string, params: unknown[]) => Promise<{ id: string }[]>;

/**
 * The inbox: every event is stored here first, once per (tenant, source, external id), with card
 * numbers redacted (ids that look like one replaced by keyed tokens, see toRow) and NUL characters
 * (which PostgreSQL cannot store) replaced; only then is the tenant's drain signalled. When Redis is down the event is still accepted (the sweeper signals it
 * later), so nothing accepted is ever lost.
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger('Inbox');
  private readonly signals = new DrainSignals((tenantId) => this.signal(tenantId));

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: PipelineQueue,
    private readonly vault: SecretVault,
    connections: ConnectionEvents,
  ) {
    // A resumed integration's held events were queued again: its tenant's drain takes them now.
    connections.onResumed(({ tenantId }) => this.signal(tenantId));
  }

  /** Stores the entries in their own transaction, then signals the tenant's drain. */
  async accept(tenantId: string, entries: InboxEntry[]): Promise<AcceptResult> {
    const result = await this.store(tenantId, entries);
    if (result.accepted.length) await this.signal(tenantId);
    return result;
  }

  /**
   * Stores the entries in one round trip: a single autocommitted statement that sets the tenant scope
   * itself (see SCOPED_INSERT). Committed when it answers; signalling is the caller's (`signalSoon`).
   */
  async store(tenantId: string, entries: InboxEntry[]): Promise<AcceptResult> {
    const run: Run = (text, values) => this.prisma.pool.query<{ id: string }>({ name: 'inbox-store', text, values }).then((r) => r.rows);
    return insertEntries(run, SCOPED_INSERT, tenantId, entries, await this.tokenKey(tenantId));
  }

  /** Stores the entries inside the caller's tenant transaction; call `signal` after it commits. */
  async acceptInTransaction(tx: Tx, tenantId: string, entries: InboxEntry[]): Promise<AcceptResult> {
    return insertEntries((sql, params) => tx.$queryRawUnsafe(sql, ...params), INSERT, tenantId, entries, await this.tokenKey(tenantId));
  }

  /** The tenant's key for card-like id tokens (cached by the vault with its data key). */
  private async tokenKey(tenantId: string): Promise<CardIdTokenKey> {
    return cardIdTokenKey(await this.vault.derivedKey(tenantId, CARD_ID_TOKEN_PURPOSE));
  }

  /** Tells a worker the tenant has work; a failure is logged, the sweeper will signal it again. */
  async signal(tenantId: string): Promise<void> {
    await this.queue.drainSoon(tenantId).catch((error: Error) => this.logger.warn(`drain for tenant ${tenantId} not signalled (the sweeper will): ${error.message}`));
  }

  /** `signal` without waiting for it; a busy tenant's stores share one signal per 20 ms (DrainSignals). */
  signalSoon(tenantId: string): void {
    this.signals.request(tenantId);
  }
}

// Rows arrive as one JSON array (cheaper to build than 12 parallel pg arrays), in the order given,
// which RETURNING keeps.
const COLUMNS = `integration_id, source, external_id, type, payment_key, document_number, amount_minor, currency, correlation_id, event, payload, occurred_at`;
const ROWS = `jsonb_to_recordset($2::jsonb) AS r(integration_id uuid, source text, external_id text, type text, payment_key text,
  document_number text, amount_minor bigint, currency text, correlation_id text, event jsonb, payload jsonb, occurred_at timestamptz)`;
const CONFLICT = `ON CONFLICT (tenant_id, source, external_id) DO NOTHING RETURNING id`;

/** Inside a transaction that is already scoped to the tenant. */
const INSERT = `INSERT INTO inbox_events (tenant_id, ${COLUMNS}) SELECT $1::uuid, r.* FROM ${ROWS} ${CONFLICT}`;

/**
 * On its own: the statement is its own transaction and scopes it, so row-level security checks every
 * row against this tenant. Each row's tenant_id *is* set_config's answer, so the scope is set before
 * any row exists (and is local: it ends with the statement's transaction).
 */
const SCOPED_INSERT = `WITH scope AS MATERIALIZED (SELECT set_config('app.tenant_id', $1, true)::uuid AS tenant_id)
INSERT INTO inbox_events (tenant_id, ${COLUMNS}) SELECT scope.tenant_id, r.* FROM scope, ${ROWS} ${CONFLICT}`;

async function insertEntries(run: Run, sql: string, tenantId: string, entries: InboxEntry[], tokenKey: CardIdTokenKey): Promise<AcceptResult> {
  if (!entries.length) return { accepted: [], duplicates: 0 };
  const token = (id: string) => tokeniseCardNumbers(id, tokenKey, tenantId);
  const inserted = await run(sql, [tenantId, storableJsonText(JSON.stringify(entries.map((entry) => toRow(entry, token))))]);
  return { accepted: inserted.map((row) => row.id), duplicates: entries.length - inserted.length };
}

/** The normalised event's ids: the inbox keys on them (external_id, payment_key), so they are tokenised, not redacted. */
const EVENT_IDENTIFIERS = ['transactionId', 'originalTransactionId', 'orderId', 'paymentTransactionId'] as const;

/**
 * The row stored for an entry. Ids that look like card numbers (a 16-digit Visa-like transaction id,
 * a Shopify order id in a brand's range) become keyed tokens, the same on every redelivery, so the
 * inbox still deduplicates on them and everything derived from them (payment keys, Sage Pro
 * references, correlation ids in logs) carries the token. Every other card number is redacted.
 */
function toRow(entry: InboxEntry, token: (id: string) => string) {
  const ids: Record<string, unknown> = { ...entry.event };
  for (const key of EVENT_IDENTIFIERS) if (typeof ids[key] === 'string') ids[key] = token(ids[key] as string);
  const event = redactCardData(ids) as SettleEvent;
  const summary = isPaymentEvent(event)
    ? { paymentKey: paymentKey(event.transactionId), documentNumber: event.documentNumber ?? null, amountMinor: event.amountMinor }
    : { paymentKey: event.paymentTransactionId ? paymentKey(event.paymentTransactionId) : null, documentNumber: event.orderNumber, amountMinor: event.totalMinor };
  const payload = entry.payload && typeof entry.payload === 'object' ? entry.payload : { value: entry.payload };
  return {
    integration_id: entry.integrationId,
    source: entry.source,
    external_id: token(entry.externalId),
    type: event.type,
    payment_key: summary.paymentKey,
    document_number: summary.documentNumber,
    amount_minor: summary.amountMinor,
    currency: event.currency,
    correlation_id: entry.correlationId ? token(entry.correlationId) : randomUUID(),
    event,
    payload: redactCardData(payload),
    occurred_at: event.occurredAt,
  };
}
