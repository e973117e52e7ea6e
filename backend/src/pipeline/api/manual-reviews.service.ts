import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { InboxEvent, ManualReview as ReviewRow } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { Conflict, InvalidInput, NotFound } from '../../platform/errors.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { InboxService } from '../inbox/inbox.service.js';
import type { ReviewOverride } from '../processing/event-result.js';
import { actionMisfit, describeDecision, mayPostReviewedPayment, type ReversalOfPayment, type ReviewDecision, sameDecision } from '../workflows/review-rules.js';
import { ignoreReviewedEvent, requeueEvents } from './event-transitions.js';
import type { ManualReview, ResolveManualReviewInput } from './pipeline.types.js';
import { toSyncEvent } from './sync-events.service.js';

const sageKey = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).transform((v) => v.toUpperCase());
const resolveInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('match_invoice'), invno: sageKey(10) }),
  z.object({ action: z.literal('post_on_account'), custno: sageKey(6) }),
  z.object({ action: z.literal('reverse_receipt'), receiptReference: sageKey(20) }),
  z.object({ action: z.literal('dismiss') }),
]);

const RESOLUTION: Record<ReviewDecision['action'], string> = { match_invoice: 'matched', post_on_account: 'on_account', reverse_receipt: 'receipt_chosen', dismiss: 'dismissed' };

interface LockedReview {
  event_id: string;
  resolution: string | null;
  decision: ReviewDecision | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  event_state: string;
  event_type: string;
  amount_minor: bigint | null;
  payment_key: string | null;
  transaction_id: string | null;
}

/**
 * Payments a person places: matched to an invoice or posted on account (the event goes back through
 * the pipeline with that decision, so the write is the same idempotent one), or dismissed.
 *
 * A resolution is one transaction: the review row is locked, then resolved and its event moved out of
 * manual review together, each only if still open, with the audit entry; the drain is signalled after
 * the commit. Of two operators at once, the second finds the review resolved: the same decision is
 * answered as the first was (nothing is requeued twice), any other is a CONFLICT naming the review.
 */
@Injectable()
export class ManualReviewsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
  ) {}

  async list(page: Page, open = true): Promise<Connection<ManualReview>> {
    const query = keysetQuery(page);
    const rows = await this.prisma.inTenant((tx) => tx.manualReview.findMany({ ...query, where: { ...query.where, ...(open ? { resolution: null } : {}) } }));
    const events = await this.prisma.inTenant((tx) => tx.inboxEvent.findMany({ where: { id: { in: rows.map((row) => row.eventId) } } }));
    const byId = new Map(events.map((event) => [event.id, event]));
    return toConnection(rows, page, (row) => toManualReview(row, byId.get(row.eventId)!));
  }

  async resolve(id: string, input: ResolveManualReviewInput): Promise<ManualReview> {
    parseInput(z.uuid(), id, 'id');
    const decision: ReviewDecision = parseInput(resolveInput, input);
    const actor = TenantContext.actor();
    const requeued = await this.prisma.inTenant(async (tx) => {
      const review = await lockReview(tx, id);
      if (review.resolution !== null) {
        if (sameDecision(review.decision, decision)) return false;
        throw new Conflict(id, `manual review ${id} was already resolved (${await this.howResolved(review)})`);
      }
      if (review.event_state !== 'manual_review') throw new Conflict(id, `manual review ${id} no longer waits: its event is ${review.event_state}`);
      const misfit = actionMisfit(review.event_type, decision.action);
      if (misfit) throw new InvalidInput('action', misfit);
      if (decision.action !== 'dismiss') await refuseIfNothingToPost(tx, id, review);
      const resolved = await tx.$executeRaw`UPDATE manual_reviews
           SET resolution = ${RESOLUTION[decision.action]}, decision = ${JSON.stringify(decision)}::jsonb, resolved_at = now(), resolved_by = ${actor.userId ?? null}::uuid
         WHERE id = ${id}::uuid AND resolution IS NULL`;
      const moved = decision.action === 'dismiss' ? await ignoreReviewedEvent(tx, review.event_id) : await requeueEvents(tx, [review.event_id], 'manual_review', { override: overrideOf(decision) });
      // Both or neither: throwing rolls the resolution back with the event.
      if (resolved !== 1 || moved !== 1) throw new Conflict(id, `manual review ${id} changed while it was being resolved; nothing was done`);
      await this.audit.record({ action: 'manual_review.resolved', targetType: 'sync_event', targetId: review.event_id, details: { reviewId: id, ...decision } }, tx);
      return decision.action !== 'dismiss';
    });
    // After the commit: a lost signal only delays the event (the sweeper finds it queued).
    if (requeued) await this.inbox.signal(actor.tenantId!);
    return this.one(id);
  }

  private async one(id: string): Promise<ManualReview> {
    const found = await this.prisma.inTenant(async (tx) => {
      const row = await tx.manualReview.findUnique({ where: { id } });
      return row && { row, event: (await tx.inboxEvent.findUnique({ where: { id: row.eventId } }))! };
    });
    if (!found) throw new NotFound('Manual review');
    return toManualReview(found.row, found.event);
  }

  /** 'matched to invoice 1042 by ops@example.com at 2026-12-07T10:00:00.000Z' */
  private async howResolved(review: LockedReview): Promise<string> {
    const user = review.resolved_by ? await this.prisma.client.user.findUnique({ where: { id: review.resolved_by }, select: { email: true } }) : null;
    return [describeDecision(review.decision, review.resolution!), user ? `by ${user.email}` : '', review.resolved_at ? `at ${review.resolved_at.toISOString()}` : ''].filter(Boolean).join(' ');
  }
}

/**
 * Locks the review row first (a second resolver waits here), then reads it and its event afresh: a
 * new statement sees what the first resolver committed.
 */
async function lockReview(tx: Tx, id: string): Promise<LockedReview> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM manual_reviews WHERE id = ${id}::uuid FOR UPDATE`;
  if (!locked.length) throw new NotFound('Manual review');
  const [review] = await tx.$queryRaw<LockedReview[]>`
    SELECT r.event_id, r.resolution, r.decision, r.resolved_at, r.resolved_by, e.state::text AS event_state, e.type AS event_type,
           e.amount_minor, e.payment_key, e.event ->> 'transactionId' AS transaction_id
      FROM manual_reviews r JOIN inbox_events e ON e.id = r.event_id
     WHERE r.id = ${id}::uuid`;
  return review;
}

/** Posting a payment whose known history leaves nothing to post (voided, reversed in full) is refused. */
async function refuseIfNothingToPost(tx: Tx, reviewId: string, review: LockedReview): Promise<void> {
  if (review.event_type !== 'payment.approved' || review.amount_minor === null) return;
  const reversals = await tx.$queryRaw<ReversalOfPayment[]>`
    SELECT type, amount_minor AS "amountMinor", coalesce(occurred_at, received_at) AS at FROM inbox_events
     WHERE id <> ${review.event_id}::uuid
       AND ((payment_key = ${review.payment_key} AND type = 'payment.voided')
         OR (type IN ('payment.refunded', 'payment.charged_back') AND (event ->> 'originalTransactionId') = ${review.transaction_id}))`;
  const verdict = mayPostReviewedPayment({ type: review.event_type, amountMinor: review.amount_minor }, reversals);
  if (!verdict.mayPost) throw new InvalidInput('action', `${verdict.reason} (dismiss manual review ${reviewId} instead)`);
}

function overrideOf(decision: Exclude<ReviewDecision, { action: 'dismiss' }>): ReviewOverride {
  if (decision.action === 'reverse_receipt') return { kind: 'receipt', reference: decision.receiptReference };
  return decision.action === 'match_invoice' ? { kind: 'invoice', invno: decision.invno } : { kind: 'on_account', custno: decision.custno };
}

function toManualReview(row: ReviewRow, event: InboxEvent): ManualReview {
  return { ...row, detail: JSON.stringify(row.detail), event: toSyncEvent(event) };
}
