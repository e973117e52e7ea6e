import type { EventSource, SettleEvent } from '../events/settle-event.js';

/** One delivery to accept into the inbox; `payload` is what arrived, redacted before it is stored. */
export interface InboxEntry {
  source: EventSource;
  /** Unique per (tenant, source): a PayTrace change key, a webhook-id, a Shopify order id. */
  externalId: string;
  integrationId: string | null;
  event: SettleEvent;
  payload: unknown;
  /** Carried into every log line and the event's timeline; generated when absent. */
  correlationId?: string;
}

export interface AcceptResult {
  /** Newly stored events (ids), in the order given. */
  accepted: string[];
  /** Entries already in the inbox: answered, not processed again. */
  duplicates: number;
}
