import type { z } from 'zod';
import type { EventSource, SettleEvent } from '../../pipeline/events/settle-event.js';

/** What a format makes of a verified, parsed delivery: an event for the inbox, or the field that is wrong. */
export type Normalised =
  | { ok: true; source: EventSource; externalId: string; correlationId?: string; event: SettleEvent }
  | { ok: false; field: string; message: string };

/** The first problem zod found, named by its path in the body ('data.amount.minor'). */
export function invalidEvent(error: z.ZodError): Normalised {
  const issue = error.issues[0];
  return { ok: false, field: issue.path.map(String).join('.') || 'body', message: issue.message };
}

/** Instants are stored as ISO-8601 in UTC, whatever offset the sender used. */
export function utcInstant(value: string): string {
  return new Date(value).toISOString();
}
