/**
 * Which results are worth telling a person about, as alert signals. Group keys name the problem (the
 * error code, the kind of event), never the single event, so a burst becomes one grouped alert.
 */
import type { AlertSignal } from '../../monitoring/alerts/alert-signal.js';
import type { EventResult } from './event-result.js';

export function alertSignalsFor(result: EventResult): AlertSignal[] {
  const sample = { eventId: result.event.id, detail: result.event.documentNumber ?? result.event.paymentKey ?? undefined };
  const signals: AlertSignal[] = [];
  if (result.state === 'dead') {
    const { cause, errorCode, reason, field } = result.deadLetter;
    const summary =
      cause === 'worker_crashed'
        ? `Events stopped the worker processing them on every attempt (out of memory or a crash); they were set aside as dead letters so other payments go on: ${reason}`
        : `Events could not be synced to Sage Pro (${errorCode}): ${reason}`;
    signals.push({ kind: 'dead_letter', groupKey: `${cause}:${errorCode}`, summary, sample });
    if (cause === 'validation') {
      // A posting account (gl.cash, …) is a setting nobody chose yet, not a value Sage Pro refused; its reason says where to choose it.
      const what = field?.startsWith('gl.') ? `Settle has no ${field.slice(3)} account to post to` : `Sage Pro refused ${field ?? 'a field'}`;
      signals.push({ kind: 'validation_failure', groupKey: `field:${field ?? 'unknown'}`, summary: `${what}: ${reason}`, sample });
    }
  }
  // The flow's notify steps say which of these a person hears about (by default both).
  const notifies = (trigger: string) => !result.notifyOn || result.notifyOn.includes(trigger);
  if (result.state === 'done' && result.event.type === 'payment.declined' && notifies('declined')) {
    signals.push({ kind: 'payment_declined', groupKey: 'declined', summary: 'Payments were declined; the invoices are marked Payment Failed', sample });
  }
  if (result.state === 'done' && result.dispute && notifies('charged_back')) {
    signals.push({ kind: 'chargeback', groupKey: 'chargeback', summary: 'A chargeback was recorded and its receipt reversed', sample });
  }
  return signals;
}

/** A Sage Pro login refused for this event: the connection's credentials, not the event, are wrong. */
export interface SageProLoginFailure {
  eventId: string;
  integrationId: string;
  reason: string;
}

/**
 * The results whose Sage Pro write failed because the server refused the login (errors.ts
 * `login_failed`). They become `connection_auth` alerts per Sage Pro connection, which only the
 * caller can name: a result knows its integration, not the connection behind it.
 */
export function sageProLoginFailures(results: EventResult[]): SageProLoginFailure[] {
  return results.flatMap((result) =>
    result.state === 'dead' && result.deadLetter.errorCode === 'login_failed' && result.event.integrationId
      ? [{ eventId: result.event.id, integrationId: result.event.integrationId, reason: result.deadLetter.reason }]
      : [],
  );
}
