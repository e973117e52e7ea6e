import type { EventResult } from './event-result.js';

/**
 * A drain's results as the columns EventStore.finish sends in one statement per table (unnest of
 * arrays): the new state of each event, its timeline steps and its Sage Pro effects. Pure.
 */

/** The inbox row's new state; `attempt` is the claim's, so a row claimed again since is left alone. */
export interface StateColumns {
  id: string[];
  attempt: number[];
  state: string[];
  /** Retries and waits: when to look again; null keeps the row's. */
  retryAt: (Date | null)[];
  /** 1 for a wait (waiting for a sale is not a failed attempt), else 0. */
  uncount: number[];
  /** Finished: completed_at is set. */
  final: boolean[];
  lastError: (string | null)[];
  /** JSON text, or null for no outcome. */
  outcome: (string | null)[];
}

export interface StepColumns {
  eventId: string[];
  attempt: number[];
  step: string[];
  outcome: string[];
  startedAt: Date[];
  durationMs: number[];
  rule: (string | null)[];
  detail: string[];
}

export interface EffectColumns {
  eventId: string[];
  connectionId: string[];
  kind: string[];
  reference: string[];
  paymentKey: (string | null)[];
  invno: (string | null)[];
  sono: (string | null)[];
  custno: (string | null)[];
  amountMinor: (string | null)[];
  currency: (string | null)[];
  writeOutcome: string[];
  records: string[];
}

const ERROR_TEXT = 1000;

export function stateColumns(results: EventResult[]): StateColumns {
  const out: StateColumns = { id: [], attempt: [], state: [], retryAt: [], uncount: [], final: [], lastError: [], outcome: [] };
  for (const result of results) {
    out.id.push(result.event.id);
    out.attempt.push(result.event.attempt);
    out.state.push(result.state);
    if (result.state === 'queued' || result.state === 'waiting') {
      out.retryAt.push(result.retryAt);
      out.uncount.push(result.state === 'waiting' ? 1 : 0);
      out.final.push(false);
      out.lastError.push(result.state === 'queued' ? result.error.slice(0, ERROR_TEXT) : null);
      out.outcome.push(result.state === 'waiting' ? JSON.stringify({ waiting: result.why }) : null);
    } else {
      out.retryAt.push(null);
      out.uncount.push(0);
      out.final.push(true);
      out.lastError.push(result.state === 'dead' ? result.deadLetter.reason.slice(0, ERROR_TEXT) : null);
      out.outcome.push(JSON.stringify(result.outcome));
    }
  }
  return out;
}

export function stepColumns(results: EventResult[]): StepColumns {
  const out: StepColumns = { eventId: [], attempt: [], step: [], outcome: [], startedAt: [], durationMs: [], rule: [], detail: [] };
  for (const result of results) {
    for (const step of result.steps) {
      out.eventId.push(result.event.id);
      out.attempt.push(result.event.attempt);
      out.step.push(step.step);
      out.outcome.push(step.outcome);
      out.startedAt.push(step.startedAt);
      out.durationMs.push(Math.max(0, Math.round(step.durationMs)));
      out.rule.push(step.rule ?? null);
      out.detail.push(JSON.stringify(step.detail ?? {}));
    }
  }
  return out;
}

export function effectColumns(results: EventResult[]): EffectColumns {
  const out: EffectColumns = {
    eventId: [], connectionId: [], kind: [], reference: [], paymentKey: [], invno: [], sono: [], custno: [], amountMinor: [], currency: [], writeOutcome: [], records: [],
  };
  for (const result of results) {
    for (const effect of result.effects) {
      out.eventId.push(result.event.id);
      out.connectionId.push(effect.sageProConnectionId);
      out.kind.push(effect.kind);
      out.reference.push(effect.reference);
      out.paymentKey.push(effect.paymentKey ?? null);
      out.invno.push(effect.invno ?? null);
      out.sono.push(effect.sono ?? null);
      out.custno.push(effect.custno ?? null);
      // bigint column: sent as text, so no integer is ever rounded through a float.
      out.amountMinor.push(effect.amountMinor == null ? null : String(effect.amountMinor));
      out.currency.push(effect.currency ?? null);
      out.writeOutcome.push(effect.writeOutcome);
      out.records.push(JSON.stringify(effect.records ?? {}));
    }
  }
  return out;
}
