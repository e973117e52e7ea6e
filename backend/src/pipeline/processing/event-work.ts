import type { FieldMappings } from '../../flows/definition/flow-definition.js';
import { mappingsReadPayload, withPayload } from '../../flows/mappings/mapping-source.js';
import type { ClaimedEvent, DeadLetterRecord, DisputeRecord, EffectRecord, EventResult, FlowStamp } from './event-result.js';
import { notifiedTriggers, type RunningFlow } from './running-flow.js';
import { Timeline } from './timeline.js';

export type ReviewReason = 'invoice_not_found' | 'potential_overpayment' | 'original_payment_not_found' | 'ambiguous_original' | 'held_by_flow';

/** One event's attempt while a drain works on it: its timeline, its effects so far, and how it ends. */
export class EventWork {
  readonly timeline = new Timeline();
  readonly effects: EffectRecord[] = [];
  result?: EventResult;
  /** The flow version this attempt runs, recorded on the event and on each of its effects. */
  flow?: RunningFlow;

  private payload?: Promise<unknown>;

  /** `readPayload`: the event's payload as it arrived, read only when a mapping names it. */
  constructor(
    readonly claimed: ClaimedEvent,
    private readonly readPayload?: () => Promise<unknown>,
  ) {}

  /** What the flow's mappings read: the event, with the payload as it arrived when a rule names it (mapping-source.ts). */
  async mappingSource<E extends object>(event: E, mappings: FieldMappings | undefined): Promise<E> {
    if (!this.readPayload || !mappingsReadPayload(mappings)) return event;
    this.payload ??= this.readPayload();
    return withPayload(event, await this.payload);
  }

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

  /** The flow version, without its definition: what the event and its effects record. */
  stamp(): FlowStamp | undefined {
    return this.flow && { versionId: this.flow.versionId, number: this.flow.number };
  }

  private end(result: DistributiveOmit<EventResult, 'event' | 'steps' | 'effects'>): void {
    this.result = { ...result, event: this.claimed, steps: this.timeline.steps, effects: this.effects, flow: this.stamp(), notifyOn: this.flow && notifiedTriggers(this.flow) } as EventResult;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
