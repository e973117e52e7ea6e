import type { SettleEvent } from '../events/settle-event.js';

/** An inbox event a drain has claimed (leased) for processing. */
export interface ClaimedEvent {
  id: string;
  integrationId: string | null;
  source: string;
  type: string;
  paymentKey: string | null;
  documentNumber: string | null;
  correlationId: string;
  event: SettleEvent;
  /** This attempt's number (1 on the first try). */
  attempt: number;
  /** What a person decided in manual review: apply to this invoice, or post on account. */
  override?: ReviewOverride;
  receivedAt: Date;
}

/** A sale: the invoice to apply it to, or the customer to post it on account of. A reversal: the receipt it takes money back from. */
export type ReviewOverride = { kind: 'invoice'; invno: string } | { kind: 'on_account'; custno: string } | { kind: 'receipt'; reference: string };

/** One step of an event's timeline. */
export interface StepRecord {
  step: string;
  outcome: 'ok' | 'error' | 'skipped';
  startedAt: Date;
  durationMs: number;
  rule?: string;
  detail?: Record<string, unknown>;
}

/** The flow version an attempt ran: number 0 with no id is the built-in default flow. */
export interface FlowStamp {
  versionId: string | null;
  number: number;
}

/** A Sage Pro effect, recorded with the event's final state; unique per (connection, kind, reference). */
export interface EffectRecord {
  sageProConnectionId: string;
  kind: 'receipt' | 'payment_on_account' | 'reversal' | 'payment_status' | 'customer' | 'sales_order';
  reference: string;
  paymentKey?: string | null;
  invno?: string | null;
  sono?: string | null;
  custno?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  writeOutcome: 'Applied' | 'AlreadyApplied';
  records: unknown;
  /** A reversal's receipt reference. */
  reverses?: string | null;
}

export type FinalState = 'done' | 'ignored' | 'manual_review' | 'dead';

/** How one attempt at an event ended: finished (with what), or to be tried again later. */
export type EventResult = {
  event: ClaimedEvent;
  steps: StepRecord[];
  effects: EffectRecord[];
  /** The flow version the attempt ran, once its integration was known. */
  flow?: FlowStamp;
  /** The triggers the flow's notify steps alert on; none known: Settle's defaults (declines, chargebacks). */
  notifyOn?: readonly string[];
} & (
  | { state: 'done' | 'ignored'; outcome: Record<string, unknown>; dispute?: DisputeRecord }
  | { state: 'manual_review'; outcome: Record<string, unknown>; review: { reason: 'invoice_not_found' | 'potential_overpayment' | 'original_payment_not_found' | 'ambiguous_original' | 'held_by_flow'; detail: Record<string, unknown> } }
  | { state: 'dead'; outcome: Record<string, unknown>; deadLetter: DeadLetterRecord }
  | { state: 'queued'; retryAt: Date; error: string }
  | { state: 'waiting'; retryAt: Date; why: string }
  /** Its integration is paused: held, not an attempt, until the integration is resumed (not due meanwhile). */
  | { state: 'paused'; why: string }
);

export interface DeadLetterRecord {
  /** worker_crashed: every attempt ended with its worker dead (out of memory, a native crash), see EventStore.claim. */
  cause: 'permanent' | 'exhausted' | 'validation' | 'worker_crashed';
  errorCode: string;
  reason: string;
  field?: string;
}

export interface DisputeRecord {
  paymentKey: string;
  originalPaymentKey: string | null;
  invno: string | null;
  amountMinor: number;
  currency: string;
  reason: string;
}
