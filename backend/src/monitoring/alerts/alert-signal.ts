import { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';

/** What can raise an alert; the same names as the alert_rule_kind enum (one rule per kind per tenant). */
export const ALERT_KINDS = [
  'dead_letter',
  'payment_declined',
  'chargeback',
  'validation_failure',
  'connection_auth',
  'failure_rate',
  'manual_review_waiting',
  'reconciliation_difference',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Something worth telling a person about. Signals with the same kind and `groupKey` gather into one
 * alert until it is delivered, so `groupKey` names the problem (e.g. `sagepro:<connection>:unreachable`),
 * never the single event; `summary` says it in words a person acts on.
 */
export interface AlertSignal {
  kind: AlertKind;
  groupKey: string;
  summary: string;
  sample?: { eventId?: string; detail?: string };
}

/** One example kept on an alert (the first ten are kept; later occurrences only add to the count). */
export interface AlertSample {
  eventId?: string;
  detail?: string;
  at: string;
}

export const MAX_SAMPLES = 10;
const MAX_GROUP_KEY = 200;
const MAX_SUMMARY = 500;
const MAX_DETAIL = 1_000;

/** A signal cut to what the alerts table keeps, with its sample stamped; null when there is nothing to say. */
export function normaliseSignal(signal: AlertSignal, at: Date): { groupKey: string; summary: string; samples: AlertSample[] } | null {
  if (!(ALERT_KINDS as readonly string[]).includes(signal.kind)) return null;
  const groupKey = clip(signal.groupKey, MAX_GROUP_KEY);
  const summary = clip(signal.summary, MAX_SUMMARY);
  if (!groupKey || !summary) return null;
  const eventId = settleId(signal.sample?.eventId) ?? clip(signal.sample?.eventId, MAX_GROUP_KEY);
  const detail = clip(signal.sample?.detail, MAX_DETAIL);
  const sample: AlertSample | null = eventId || detail ? { ...(eventId ? { eventId } : {}), ...(detail ? { detail } : {}), at: at.toISOString() } : null;
  return { groupKey, summary, samples: sample ? [sample] : [] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An event's id is Settle's own UUID, kept as it is: about one UUID in a few thousand has groups of
 * digits that, read together, pass for a card number, and scrubbing it would unlink the alert from
 * its event. Anything else given as an id is text like the rest.
 */
function settleId(value: string | undefined): string | undefined {
  return value !== undefined && UUID.test(value) ? value.toLowerCase() : undefined;
}

/** Card numbers are redacted before the cut: a cut one could no longer be recognised. */
function clip(value: string | undefined, max: number): string {
  const text = scrubCardNumbers(value ?? '').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
