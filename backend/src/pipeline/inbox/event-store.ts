import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';
import { redactCardNumbersInJson } from '../../platform/card-data/redact-card-data.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { inTenantTransaction } from '../../platform/database/pg-transaction.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import type { SettleEvent } from '../events/settle-event.js';
import type { ClaimedEvent, EffectRecord, EventResult, FlowStamp } from '../processing/event-result.js';
import { WORKER_CRASHED_REASON } from '../processing/failure-policy.js';
import { effectColumns, stateColumns, stepColumns } from '../processing/result-rows.js';

const CLAIMED_COLUMNS = `e.id, e.integration_id, e.source, e.type, e.payment_key, e.document_number, e.correlation_id, e.event, e.attempts,
  e.received_at, e.outcome->'override' AS override`;

// Fresh work only: due queued and waiting rows. The CTE is materialised so the LIMIT is applied once;
// as `id IN (SELECT … LIMIT)` the planner may re-run the subquery per row and claim far more than a batch.
const CLAIM = `
WITH picked AS MATERIALIZED (
  SELECT id FROM inbox_events
  WHERE state IN ('queued', 'waiting') AND next_attempt_at <= now()
  ORDER BY next_attempt_at, received_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED)
UPDATE inbox_events e SET state = 'processing', attempts = e.attempts + 1, lease_until = now() + make_interval(secs => $2)
FROM picked WHERE e.id = picked.id
RETURNING ${CLAIMED_COLUMNS}`;

// One event whose lease ran out: its worker died (or stalled) while working on it. It may be the
// cause (a payment that runs the process out of memory), so it is claimed alone and never takes a
// batch down with it. The claim is an attempt, as every claim is.
const RECLAIM_ONE = `
WITH picked AS MATERIALIZED (
  SELECT id FROM inbox_events
  WHERE state = 'processing' AND lease_until < now() AND attempts < $1
  ORDER BY lease_until, received_at
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
UPDATE inbox_events e SET attempts = e.attempts + 1, lease_until = now() + make_interval(secs => $2)
FROM picked WHERE e.id = picked.id
RETURNING ${CLAIMED_COLUMNS}`;

// Whether a dead worker's event waits to be taken back (alone in its process, see SuspectIsolation).
const SUSPECT_WAITS = `
SELECT EXISTS (SELECT 1 FROM inbox_events WHERE state = 'processing' AND lease_until < now() AND attempts < $1) AS waits`;

// Events whose every attempt ended with its worker dead (PIPELINE_MAX_ATTEMPTS claims, the last lease
// run out): dead letters with cause worker_crashed, their letter and a timeline step in one statement.
// SKIP LOCKED and the state test fence it: of two drains, one ends each event, the other skips it.
const END_CRASHED = `
WITH crashed AS MATERIALIZED (
  SELECT id FROM inbox_events
  WHERE state = 'processing' AND lease_until < now() AND attempts >= $1
  ORDER BY lease_until
  LIMIT 100
  FOR UPDATE SKIP LOCKED),
ended AS (
  UPDATE inbox_events e SET state = 'dead', lease_until = NULL, completed_at = now(),
    last_error = format($2::text, e.attempts), outcome = jsonb_build_object('deadLetter', 'worker_crashed')
  FROM crashed WHERE e.id = crashed.id
  RETURNING ${CLAIMED_COLUMNS}, e.tenant_id, e.last_error),
letters AS (
  INSERT INTO dead_letters (tenant_id, event_id, attempts, cause, error_code, reason)
  SELECT tenant_id, id, attempts, 'worker_crashed', 'worker_crashed', last_error FROM ended
  ON CONFLICT (event_id) WHERE replayed_at IS NULL DO NOTHING),
steps AS (
  INSERT INTO event_steps (tenant_id, event_id, attempt, step, outcome, started_at, duration_ms, rule, detail)
  SELECT tenant_id, id, attempts, 'worker crashed', 'error', now(), 0, 'worker_crashed', jsonb_build_object('attempts', attempts) FROM ended)
SELECT * FROM ended`;

// Fenced by the claim: a row another drain took again since (attempts moved on) or that is no longer
// `processing` keeps what it has. A wait gives its attempt back: waiting for a sale is not a failure.
const RECORD_STATES = `
UPDATE inbox_events e SET state = r.state::event_state, attempts = e.attempts - r.uncount, lease_until = NULL,
  next_attempt_at = coalesce(r.retry_at, e.next_attempt_at), completed_at = CASE WHEN r.final THEN now() ELSE e.completed_at END,
  last_error = r.last_error, outcome = r.outcome::jsonb,
  flow_version_id = CASE WHEN r.flow_version IS NULL THEN e.flow_version_id ELSE r.flow_version_id END,
  flow_version = coalesce(r.flow_version, e.flow_version)
FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::int[], $6::boolean[], $7::text[], $8::text[], $9::uuid[], $10::int[])
  AS r(id, attempt, state, retry_at, uncount, final, last_error, outcome, flow_version_id, flow_version)
WHERE e.id = r.id AND e.state = 'processing' AND e.attempts = r.attempt
RETURNING e.id`;

const RECORD_STEPS = `
INSERT INTO event_steps (tenant_id, event_id, attempt, step, outcome, started_at, duration_ms, rule, detail)
SELECT $1, s.event_id, s.attempt, s.step, s.outcome, s.started_at, s.duration_ms, s.rule, s.detail::jsonb
FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::int[], $8::text[], $9::text[])
  AS s(event_id, attempt, step, outcome, started_at, duration_ms, rule, detail)`;

/** Waiting events (reversals waiting for their sale) of the scoped tenant are due now. */
export const WAKE_WAITING = "UPDATE inbox_events SET next_attempt_at = now() WHERE state = 'waiting' AND next_attempt_at > now()";

// A retry that finds its write already in Sage Pro records it once: the key is the reference.
const RECORD_EFFECTS = `
INSERT INTO sync_effects (tenant_id, event_id, sagepro_connection_id, kind, reference, payment_key, invno, sono, custno, amount_minor, currency, write_outcome, records, reverses, flow_version_id, flow_version)
SELECT $1, f.event_id, f.connection_id, f.kind, f.reference, f.payment_key, f.invno, f.sono, f.custno, f.amount_minor, f.currency, f.write_outcome, f.records::jsonb, f.reverses, f.flow_version_id, f.flow_version
FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[], $15::uuid[], $16::int[])
  AS f(event_id, connection_id, kind, reference, payment_key, invno, sono, custno, amount_minor, currency, write_outcome, records, reverses, flow_version_id, flow_version)
ON CONFLICT (sagepro_connection_id, kind, reference) DO NOTHING`;

/** A drain's claim: the events it works on, and the ones it ended because their workers kept dying. */
export interface Claim {
  events: ClaimedEvent[];
  /** One event whose lease ran out, claimed alone; or a batch of fresh ones. */
  reclaimed: boolean;
  /** Ended as dead letters (worker_crashed) by this claim, already recorded: to alert and count. */
  ended: ClaimedEvent[];
  /** A claim that shares its process took nothing: a dead worker's event waits, to be claimed alone. */
  suspectWaits: boolean;
}

/** `alone`: this drain runs by itself in its process, and may take back a dead worker's event. */
export type ClaimMode = 'alone' | 'shared';

function toClaimed(row: Record<string, any>): ClaimedEvent {
  return {
    id: row.id,
    integrationId: row.integration_id,
    source: row.source,
    type: row.type,
    paymentKey: row.payment_key,
    documentNumber: row.document_number,
    correlationId: row.correlation_id,
    event: row.event as SettleEvent,
    attempt: row.attempts,
    receivedAt: row.received_at,
    override: row.override ?? undefined,
  };
}

/**
 * The inbox as the pipeline's work list. A drain claims due events with a lease (a worker that dies
 * loses its claim when the lease runs out) and finishes each attempt in one transaction: the event's
 * new state, its timeline, its Sage Pro effects and any dead letter, review or dispute, together.
 * Plain pg on this path: a drain's results are a few set-based statements, not one ORM call per event.
 */
@Injectable()
export class EventStore {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * What a drain works on next, in one transaction: first the events whose workers died on every
   * attempt become dead letters (`ended`); then one event whose lease ran out is claimed alone
   * (`reclaimed`), by a drain running `alone` in its process (a `shared` one takes nothing and says
   * `suspectWaits`); only when there is none, up to `limit` fresh due events.
   */
  async claim(tenantId: string, limit: number, leaseSeconds: number, maxAttempts: number, mode: ClaimMode = 'alone'): Promise<Claim> {
    return inTenantTransaction(this.prisma.pool, tenantId, async (client) => {
      const ended = (await client.query(END_CRASHED, [maxAttempts, WORKER_CRASHED_REASON])).rows.map(toClaimed);
      if (mode === 'shared' && (await client.query(SUSPECT_WAITS, [maxAttempts])).rows[0].waits) {
        return { ended, events: [], reclaimed: false, suspectWaits: true };
      }
      const reclaimed = mode === 'alone' ? (await client.query(RECLAIM_ONE, [maxAttempts, leaseSeconds])).rows : [];
      if (reclaimed.length) return { ended, events: reclaimed.map(toClaimed), reclaimed: true, suspectWaits: false };
      const { rows } = await client.query(CLAIM, [limit, leaseSeconds]);
      return { ended, events: rows.map(toClaimed), reclaimed: false, suspectWaits: false };
    });
  }

  /**
   * Records every result of a drain in one transaction: one statement per table. Fenced: only rows
   * still `processing` at the attempt this drain claimed take the new state (a drain that lost its
   * lease must not overwrite a newer attempt's result), and only those get dead letters, reviews and
   * disputes. Steps and effects are recorded for every result: effects are keyed by their Sage Pro
   * reference, so a write two attempts found is recorded once. Returns the ids whose state was recorded.
   */
  async finish(tenantId: string, results: EventResult[]): Promise<Set<string>> {
    if (!results.length) return new Set();
    // The timeout bounds every statement, lock waits included, so a stuck finish never hangs a drain.
    return inTenantTransaction(
      this.prisma.pool,
      tenantId,
      async (client) => {
        const recorded = await this.recordStates(client, results);
        await this.recordSteps(client, tenantId, results);
        await this.recordEffects(client, tenantId, results);
        await this.recordCases(client, tenantId, results.filter((result) => recorded.has(result.event.id)));
        return recorded;
      },
      { statementTimeoutMs: this.config.PIPELINE_FINISH_TIMEOUT_MS },
    );
  }

  /** Reversals waiting for their sale are looked at again now (a receipt just landed). */
  async wakeWaiting(tenantId: string): Promise<number> {
    const { rowCount } = await inTenantTransaction(this.prisma.pool, tenantId, (client) =>
      client.query(WAKE_WAITING),
    );
    return rowCount ?? 0;
  }

  private async recordStates(client: pg.PoolClient, results: EventResult[]): Promise<Set<string>> {
    const c = stateColumns(results, await this.heldIntegrations(client, results));
    const { rows } = await client.query<{ id: string }>(RECORD_STATES, [c.id, c.attempt, c.state, c.retryAt, c.uncount, c.final, c.lastError.map(scrubbed), c.outcome.map(scrubbedJson), c.flowVersionId, c.flowVersion]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Whether each integration of the held (paused) results is enabled, read under a share lock: a
   * resume (which updates the integration, then queues its held events) either committed before, and
   * is seen here, or waits for this transaction, and then finds these events held and queues them too.
   */
  private async heldIntegrations(client: pg.PoolClient, results: EventResult[]): Promise<Map<string, boolean>> {
    const ids = [...new Set(results.flatMap((result) => (result.state === 'paused' && result.event.integrationId ? [result.event.integrationId] : [])))];
    if (!ids.length) return new Map();
    const { rows } = await client.query<{ id: string; enabled: boolean }>('SELECT id, enabled FROM integrations WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE', [ids]);
    return new Map(rows.map((row) => [row.id, row.enabled]));
  }

  private async recordSteps(client: pg.PoolClient, tenantId: string, results: EventResult[]): Promise<void> {
    const c = stepColumns(results);
    if (!c.eventId.length) return;
    await client.query(RECORD_STEPS, [tenantId, c.eventId, c.attempt, c.step, c.outcome, c.startedAt, c.durationMs, c.rule, c.detail.map((detail) => redactCardNumbersInJson(detail))]);
  }

  /**
   * Effects recorded ahead of their event's result (a reversal, under its company's lock, so the next
   * reversal of the receipt counts it); the result's own insert later adds nothing (one per reference).
   */
  async recordEffectsNow(tenantId: string, eventId: string, effects: EffectRecord[], flow?: FlowStamp): Promise<void> {
    await inTenantTransaction(this.prisma.pool, tenantId, (client) => this.recordEffects(client, tenantId, [{ event: { id: eventId }, effects, flow }]));
  }

  private async recordEffects(client: pg.PoolClient, tenantId: string, results: readonly { event: { id: string }; effects: readonly EffectRecord[]; flow?: FlowStamp }[]): Promise<void> {
    const c = effectColumns(results);
    if (!c.eventId.length) return;
    await client.query(RECORD_EFFECTS, [tenantId, c.eventId, c.connectionId, c.kind, c.reference, c.paymentKey, c.invno, c.sono, c.custno, c.amountMinor, c.currency, c.writeOutcome, c.records, c.reverses, c.flowVersionId, c.flowVersion]);
  }

  /** Dead letters, manual reviews and disputes: rare, one statement each. */
  private async recordCases(client: pg.PoolClient, tenantId: string, results: EventResult[]): Promise<void> {
    for (const result of results) {
      const id = result.event.id;
      if (result.state === 'dead') {
        const d = result.deadLetter;
        await client.query(
          `INSERT INTO dead_letters (tenant_id, event_id, attempts, cause, error_code, reason, field) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (event_id) WHERE replayed_at IS NULL DO NOTHING`,
          [tenantId, id, result.event.attempt, d.cause, d.errorCode, scrubCardNumbers(d.reason), d.field ?? null],
        );
      }
      if (result.state === 'manual_review') {
        await client.query(
          `INSERT INTO manual_reviews (tenant_id, event_id, reason, detail) VALUES ($1, $2, $3, $4::jsonb)
           ON CONFLICT (event_id) WHERE resolution IS NULL DO NOTHING`,
          [tenantId, id, result.review.reason, redactCardNumbersInJson(JSON.stringify(result.review.detail ?? {}))],
        );
      }
      if ((result.state === 'done' || result.state === 'ignored') && result.dispute) {
        const d = result.dispute;
        await client.query(
          `INSERT INTO disputes (tenant_id, event_id, payment_key, original_payment_key, invno, amount_minor, currency, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (event_id) DO NOTHING`,
          [tenantId, id, d.paymentKey, d.originalPaymentKey, d.invno, String(d.amountMinor), d.currency, scrubCardNumbers(d.reason)],
        );
      }
    }
  }
}

/**
 * Errors, outcomes and case texts are built from what arrived (an id, a message a remote system
 * echoed): a last check that no card number reaches the database through them.
 */
function scrubbed(text: string | null): string | null {
  return text === null ? null : scrubCardNumbers(text);
}

function scrubbedJson(text: string | null): string | null {
  return text === null ? null : redactCardNumbersInJson(text);
}
