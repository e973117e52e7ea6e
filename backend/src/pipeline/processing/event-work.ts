import type { ClaimedEvent, DeadLetterRecord, DisputeRecord, EffectRecord, EventResult } from './event-result.js';
import { Timeline } from './timeline.js';

export type ReviewReason = 'invoice_not_found' | 'potential_overpayment' | 'original_payment_not_found' | 'ambiguous_original';

/** One event's attempt while a drain works on it: its timeline, its effects so far, and how it ends. */
export class EventWork {
  readonly timeline = new Timeline();
  readonly effects: EffectRecord[] = [];
  result?: EventResult;

  constructor(readonly claimed: ClaimedEvent) {}

  get finished(): boolean {
    return this.result !== undefined;
  }

  done(outcome: Record<string, unknown>, dispute?: DisputeRecord): void {
    this.end({ state: 'done', outcome, dispute });
  }

  ignore(why: string): void {
    this.end({ state: 'ignored', outcome: { ignored: why } });
  }

  review(reason: ReviewReason, detail: Record<string, unknown>): void {
    this.end({ state: 'manual_review', outcome: { review: reason, ...detail }, review: { reason, detail } });
  }

  dead(deadLetter: DeadLetterRecord): void {
    this.end({ state: 'dead', outcome: { deadLetter: deadLetter.errorCode }, deadLetter });
  }

  retry(retryAt: Date, error: string): void {
    this.end({ state: 'queued', retryAt, error });
  }

  wait(retryAt: Date, why: string): void {
    this.end({ state: 'waiting', retryAt, why });
  }

  /** Held while its integration is paused; resuming the integration queues it again, in its place. */
  pause(why: string): void {
    this.end({ state: 'paused', why });
  }

  private end(result: DistributiveOmit<EventResult, 'event' | 'steps' | 'effects'>): void {
    this.result = { ...result, event: this.claimed, steps: this.timeline.steps, effects: this.effects } as EventResult;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
