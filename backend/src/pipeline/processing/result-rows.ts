import type { EffectRecord, EventResult, FlowStamp } from './event-result.js';

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
  /** 1 for a wait or a hold (waiting for a sale or a resume is not a failed attempt), else 0. */
  uncount: number[];
  /** Finished: completed_at is set. */
  final: boolean[];
  lastError: (string | null)[];
  /** JSON text, or null for no outcome. */
  outcome: (string | null)[];
  /** The flow version the attempt ran; null number: none was reached (the row keeps its own). */
  flowVersionId: (string | null)[];
  flowVersion: (number | null)[];
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
  reverses: (string | null)[];
  flowVersionId: (string | null)[];
  flowVersion: (number | null)[];
}

const ERROR_TEXT = 1000;

/**
 * `integrations` says, for the integrations of the paused results, whether each is enabled now (read
 * under a lock in the recording transaction): one resumed while its event was being worked on must not
 * leave that event held (the resume moved only the events held before it), so it is queued again in its
 * place; one deleted meanwhile leaves nothing to post it with, as for an event no integration connects.
 */
export function stateColumns(results: EventResult[], integrations: ReadonlyMap<string, boolean> = new Map()): StateColumns {
  const out: StateColumns = { id: [], attempt: [], state: [], retryAt: [], uncount: [], final: [], lastError: [], outcome: [], flowVersionId: [], flowVersion: [] };
  for (const result of results) {
    out.id.push(result.event.id);
    out.attempt.push(result.event.attempt);
    out.flowVersionId.push(result.flow?.versionId ?? null);
    out.flowVersion.push(result.flow?.number ?? null);
    if (result.state === 'paused') {
      const enabled = result.event.integrationId ? integrations.get(result.event.integrationId) : undefined;
      const held = enabled === false;
      const gone = enabled === undefined;
      // Not an attempt either way; next_attempt_at is kept, so a resumed event keeps its place in line.
      out.state.push(held ? 'paused' : gone ? 'ignored' : 'queued');
      out.retryAt.push(null);
      out.uncount.push(gone ? 0 : 1);
      out.final.push(gone);
      out.lastError.push(null);
      out.outcome.push(held ? JSON.stringify({ paused: result.why }) : gone ? JSON.stringify({ ignored: 'its integration was deleted while it was held' }) : null);
      continue;
    }
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

export function effectColumns(results: readonly { event: { id: string }; effects: readonly EffectRecord[]; flow?: FlowStamp }[]): EffectColumns {
  const out: EffectColumns = {
    eventId: [], connectionId: [], kind: [], reference: [], paymentKey: [], invno: [], sono: [], custno: [], amountMinor: [], currency: [], writeOutcome: [], records: [], reverses: [],
    flowVersionId: [], flowVersion: [],
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
      out.reverses.push(effect.reverses ?? null);
      out.flowVersionId.push(result.flow?.versionId ?? null);
      out.flowVersion.push(result.flow?.number ?? null);
    }
  }
  return out;
}
