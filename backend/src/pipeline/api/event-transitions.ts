import type { Tx } from '../../platform/database/prisma.service.js';
import { WAKE_WAITING } from '../inbox/event-store.js';

/**
 * Operator moves of an event, inside the caller's transaction (with the review or dead letter they
 * settle), each conditional on the state the operator saw: they answer how many rows moved, and a
 * caller that expected one and got none rolls back, so a race never leaves half a decision.
 */

/**
 * Back to the pipeline (a dead letter's replay, a review's decision). The event keeps its id and
 * idempotency key; it counts as tried once, so it first asks Sage Pro whether an earlier attempt's
 * write landed.
 */
export function requeueEvents(tx: Tx, eventIds: string[], from: 'dead' | 'manual_review', outcome: Record<string, unknown> | null): Promise<number> {
  const json = outcome === null ? null : JSON.stringify(outcome);
  return tx.$executeRaw`UPDATE inbox_events
       SET state = 'queued', attempts = 1, next_attempt_at = now(), lease_until = NULL, last_error = NULL, completed_at = NULL, outcome = ${json}::jsonb
     WHERE id = ANY(${eventIds}::uuid[]) AND state = ${from}::event_state`;
}

/**
 * A review dismissed: the payment is left out of Sage Pro. Reversals waiting for it (parked: they look
 * again only each minute) look again now, and find their sale finished without a receipt.
 */
export async function ignoreReviewedEvent(tx: Tx, eventId: string): Promise<number> {
  const moved = await tx.$executeRaw`UPDATE inbox_events SET state = 'ignored', completed_at = now(), outcome = '{"ignored":"dismissed in manual review"}'::jsonb
     WHERE id = ${eventId}::uuid AND state = 'manual_review'`;
  if (moved) await tx.$executeRawUnsafe(WAKE_WAITING);
  return moved;
}
