import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import type { SettleEvent } from '../events/settle-event.js';
import type { ClaimedEvent, EventResult } from '../processing/event-result.js';

// The CTE is materialised so the LIMIT is applied once; as `id IN (SELECT … LIMIT)` the planner may
// re-run the subquery per row and claim far more than a batch.
const CLAIM = `
WITH picked AS MATERIALIZED (
  SELECT id FROM inbox_events
  WHERE (state IN ('queued', 'waiting') AND next_attempt_at <= now()) OR (state = 'processing' AND lease_until < now())
  ORDER BY next_attempt_at, received_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED)
UPDATE inbox_events e SET state = 'processing', attempts = e.attempts + 1, lease_until = now() + make_interval(secs => $2)
FROM picked WHERE e.id = picked.id
RETURNING e.id, e.integration_id, e.source, e.type, e.payment_key, e.document_number, e.correlation_id, e.event, e.attempts,
  e.received_at, e.outcome->'override' AS override`;

/**
 * The inbox as the pipeline's work list. A drain claims due events with a lease (a worker that dies
 * loses its claim when the lease runs out) and finishes each attempt in one transaction: the event's
 * new state, its timeline, its Sage Pro effects and any dead letter, review or dispute, together.
 */
@Injectable()
export class EventStore {
  constructor(private readonly prisma: PrismaService) {}

  async claim(tenantId: string, limit: number, leaseSeconds: number): Promise<ClaimedEvent[]> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const { rows } = await client.query(CLAIM, [limit, leaseSeconds]);
      await client.query('COMMIT');
      return rows.map((row) => ({
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
      }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Records every result of a batch at once. */
  finish(tenantId: string, results: EventResult[]): Promise<void> {
    if (!results.length) return Promise.resolve();
    return this.prisma.inScope({ tenantId }, async (tx) => {
      await this.recordSteps(tx, tenantId, results);
      await this.recordEffects(tx, tenantId, results);
      for (const result of results) await this.recordState(tx, tenantId, result);
    });
  }

  /** Reversals waiting for their sale are looked at again now (a receipt just landed). */
  async wakeWaiting(tenantId: string): Promise<number> {
    return this.prisma.inScope({ tenantId }, (tx) =>
      tx.inboxEvent.updateMany({ where: { state: 'waiting', nextAttemptAt: { gt: new Date() } }, data: { nextAttemptAt: new Date() } }).then((r) => r.count),
    );
  }

  private async recordSteps(tx: Tx, tenantId: string, results: EventResult[]) {
    const data = results.flatMap((result) =>
      result.steps.map((step) => ({
        tenantId,
        eventId: result.event.id,
        attempt: result.event.attempt,
        step: step.step,
        outcome: step.outcome,
        startedAt: step.startedAt,
        durationMs: step.durationMs,
        rule: step.rule ?? null,
        detail: (step.detail ?? {}) as Prisma.InputJsonValue,
      })),
    );
    if (data.length) await tx.eventStep.createMany({ data });
  }

  private async recordEffects(tx: Tx, tenantId: string, results: EventResult[]) {
    const data = results.flatMap((result) =>
      result.effects.map((effect) => ({
        tenantId,
        eventId: result.event.id,
        sageProConnectionId: effect.sageProConnectionId,
        kind: effect.kind,
        reference: effect.reference,
        paymentKey: effect.paymentKey ?? null,
        invno: effect.invno ?? null,
        sono: effect.sono ?? null,
        custno: effect.custno ?? null,
        amountMinor: effect.amountMinor == null ? null : BigInt(effect.amountMinor),
        currency: effect.currency ?? null,
        writeOutcome: effect.writeOutcome,
        records: JSON.parse(JSON.stringify(effect.records ?? {})) as Prisma.InputJsonValue,
      })),
    );
    // A retry that finds its write already in Sage Pro records it once: the key is the reference.
    if (data.length) await tx.syncEffect.createMany({ data, skipDuplicates: true });
  }

  private async recordState(tx: Tx, tenantId: string, result: EventResult) {
    const id = result.event.id;
    if (result.state === 'queued' || result.state === 'waiting') {
      await tx.inboxEvent.update({
        where: { id },
        data: {
          state: result.state,
          nextAttemptAt: result.retryAt,
          leaseUntil: null,
          lastError: result.state === 'queued' ? result.error.slice(0, 1000) : null,
          // Waiting for a sale is not a failed attempt.
          ...(result.state === 'waiting' ? { attempts: { decrement: 1 } } : {}),
          outcome: result.state === 'waiting' ? { waiting: result.why } : Prisma.DbNull,
        },
      });
      return;
    }
    await tx.inboxEvent.update({
      where: { id },
      data: {
        state: result.state,
        leaseUntil: null,
        completedAt: new Date(),
        outcome: result.outcome as Prisma.InputJsonValue,
        lastError: result.state === 'dead' ? result.deadLetter.reason.slice(0, 1000) : null,
      },
    });
    if (result.state === 'dead') {
      await tx.deadLetter.create({ data: { tenantId, eventId: id, attempts: result.event.attempt, ...result.deadLetter, field: result.deadLetter.field ?? null } });
    }
    if (result.state === 'manual_review') {
      const open = await tx.manualReview.findFirst({ where: { eventId: id, resolution: null } });
      if (!open) await tx.manualReview.create({ data: { tenantId, eventId: id, reason: result.review.reason, detail: result.review.detail as Prisma.InputJsonValue } });
    }
    if ((result.state === 'done' || result.state === 'ignored') && result.dispute) {
      const d = result.dispute;
      await tx.dispute.upsert({
        where: { eventId: id },
        update: {},
        create: { tenantId, eventId: id, paymentKey: d.paymentKey, originalPaymentKey: d.originalPaymentKey, invno: d.invno, amountMinor: BigInt(d.amountMinor), currency: d.currency, reason: d.reason },
      });
    }
  }
}
