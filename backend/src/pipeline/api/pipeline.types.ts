import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf, PageArgs } from '../../platform/graphql/pagination.js';

export const EVENT_STATES = ['queued', 'processing', 'waiting', 'paused', 'done', 'ignored', 'manual_review', 'dead'] as const;
export type EventStateName = (typeof EVENT_STATES)[number];
export const EventStateEnum = Object.fromEntries(EVENT_STATES.map((s) => [s, s])) as { [K in EventStateName]: K };
registerEnumType(EventStateEnum, { name: 'EventState', description: 'queued → processing → done | ignored | manual_review | dead; waiting: a reversal waits for its sale; paused: held while its integration is paused.' });

export const REVIEW_ACTIONS = ['match_invoice', 'post_on_account', 'reverse_receipt', 'dismiss'] as const;
export type ReviewActionName = (typeof REVIEW_ACTIONS)[number];
export const ReviewActionEnum = Object.fromEntries(REVIEW_ACTIONS.map((s) => [s, s])) as { [K in ReviewActionName]: K };
registerEnumType(ReviewActionEnum, { name: 'ReviewAction' });

@ObjectType({ description: 'One step of an event: what happened, how long it took, the rule that decided it.' })
export class EventStep {
  @Field() step: string;
  @Field({ description: 'ok | error | skipped' }) outcome: string;
  @Field(() => Int) attempt: number;
  @Field() startedAt: Date;
  @Field(() => Int) durationMs: number;
  @Field(() => String, { nullable: true }) rule: string | null;
  @Field({ description: 'JSON' }) detail: string;
}

@ObjectType({ description: 'A record the event wrote (or found already written) in Sage Pro.' })
export class SyncEffect {
  @Field() kind: string;
  @Field() reference: string;
  @Field(() => String, { nullable: true }) invno: string | null;
  @Field(() => String, { nullable: true }) sono: string | null;
  @Field(() => String, { nullable: true }) custno: string | null;
  @Field(() => String, { nullable: true, description: 'Integer minor units, as a string (64-bit).' }) amountMinor: string | null;
  @Field(() => String, { nullable: true }) currency: string | null;
  @Field({ description: 'Applied, or AlreadyApplied (found by its reference)' }) writeOutcome: string;
  @Field() createdAt: Date;
}

@ObjectType()
export class SyncEvent {
  @Field(() => ID) id: string;
  @Field() source: string;
  @Field() externalId: string;
  @Field() type: string;
  @Field(() => EventStateEnum) state: EventStateName;
  @Field(() => ID, { nullable: true }) integrationId: string | null;
  @Field(() => String, { nullable: true }) paymentKey: string | null;
  @Field(() => String, { nullable: true }) documentNumber: string | null;
  @Field(() => String, { nullable: true, description: 'Integer minor units, as a string (64-bit).' }) amountMinor: string | null;
  @Field(() => String, { nullable: true }) currency: string | null;
  @Field({ description: 'Also on every log line of its processing.' }) correlationId: string;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => String, { nullable: true, description: 'JSON' }) outcome: string | null;
  @Field() receivedAt: Date;
  @Field(() => Date, { nullable: true }) nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field({ description: 'The normalised event, JSON; card-like numbers redacted.' }) event: string;
  @Field({ description: 'What arrived, JSON; card-like numbers redacted.' }) payload: string;
}

@ObjectType({ description: 'An event with its timeline and the Sage Pro records it wrote.' })
export class SyncEventDetail extends SyncEvent {
  @Field(() => [EventStep]) timeline: EventStep[];
  @Field(() => [SyncEffect]) effects: SyncEffect[];
}

export const SyncEventConnection = ConnectionOf(SyncEvent, 'SyncEvent');

@ArgsType()
export class SyncEventArgs extends PageArgs {
  @Field(() => EventStateEnum, { nullable: true }) state?: EventStateName;
  @Field(() => String, { nullable: true, description: 'e.g. payment.approved' }) type?: string;
  @Field(() => String, { nullable: true, description: 'paytrace | partner | shopify | settle' }) source?: string;
  @Field(() => String, { nullable: true, description: 'A document number, PayTrace transaction id, or correlation id.' }) search?: string;
}

@ObjectType()
export class DeadLetter {
  @Field(() => ID) id: string;
  @Field(() => ID) eventId: string;
  @Field({ description: 'permanent | exhausted | validation' }) cause: string;
  @Field() errorCode: string;
  @Field() reason: string;
  @Field(() => String, { nullable: true, description: 'The Sage Pro field, for validation failures.' }) field: string | null;
  @Field(() => Int) attempts: number;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) replayedAt: Date | null;
  @Field(() => SyncEvent) event: SyncEvent;
}

export const DeadLetterConnection = ConnectionOf(DeadLetter, 'DeadLetter');

@ArgsType()
export class DeadLetterArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only those not replayed yet (default true).' }) open?: boolean;
  @Field(() => ID, { nullable: true }) integrationId?: string;
}

@InputType()
export class ReplayDeadLettersInput {
  @Field(() => [ID], { nullable: true, description: 'These dead letters.' }) ids?: string[];
  @Field(() => ID, { nullable: true, description: 'Every open dead letter of this integration.' }) integrationId?: string;
  @Field(() => Boolean, { nullable: true, description: 'Every open dead letter of the tenant.' }) all?: boolean;
}

@ObjectType()
export class ReplayResult {
  @Field(() => Int, { description: 'Dead letters sent back to the pipeline; already-replayed ones are not counted.' }) replayed: number;
}

@ObjectType()
export class ManualReview {
  @Field(() => ID) id: string;
  @Field(() => ID) eventId: string;
  @Field({ description: 'invoice_not_found | potential_overpayment | original_payment_not_found | ambiguous_original | held_by_flow (a filter step of its flow held it for a person)' }) reason: string;
  @Field({ description: 'JSON' }) detail: string;
  @Field(() => String, { nullable: true, description: 'matched | on_account | receipt_chosen | dismissed; null while open' }) resolution: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
  @Field(() => SyncEvent) event: SyncEvent;
}

export const ManualReviewConnection = ConnectionOf(ManualReview, 'ManualReview');

@ArgsType()
export class ManualReviewArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only open reviews (default true).' }) open?: boolean;
}

@InputType()
export class ResolveManualReviewInput {
  @Field(() => ReviewActionEnum) action: ReviewActionName;
  @Field(() => String, { nullable: true, description: 'match_invoice: the Sage Pro invoice number.' }) invno?: string;
  @Field(() => String, { nullable: true, description: 'post_on_account: the Sage Pro customer number.' }) custno?: string;
  @Field(() => String, { nullable: true, description: "reverse_receipt: the reference of the receipt a refund, void or chargeback takes money back from (one of the review's candidates)." })
  receiptReference?: string;
}
