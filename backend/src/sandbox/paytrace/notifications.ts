/**
 * Outbound notifications: a sandbox-only convenience (PayTrace v1 has no webhooks, see README.md).
 * When a merchant has a notification URL, every transaction change is POSTed there once, best effort,
 * after the change has committed. Nothing is retried: clients must still poll the exports.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Merchant } from './records.js';

export type SandboxEventName = 'created' | 'captured' | 'voided' | 'refunded' | 'settled' | 'charged_back';

export interface SandboxEvent {
  transaction_id: number;
  event: SandboxEventName;
  method: 'card' | 'check';
  /** The sale a refund or chargeback applies to. */
  original_transaction_id?: number;
  batch_number?: number;
}

export const NOTIFICATION_TIMEOUT_MS = 2_000;

export type Notify = (merchant: Merchant, events: SandboxEvent[]) => void;

export function createNotifier(fetchImpl: typeof fetch, log: FastifyBaseLogger): Notify {
  return (merchant, events) => {
    const url = merchant.notificationUrl;
    if (!url) return;
    for (const event of events) {
      const body = JSON.stringify({ ...event, merchant: merchant.id });
      fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'PayTrace-Sandbox/1' },
        body,
        signal: AbortSignal.timeout(NOTIFICATION_TIMEOUT_MS),
      })
        .then((response) => response.body?.cancel())
        .catch((error: Error) => log.warn({ url, event: event.event, err: error.message }, 'PayTrace sandbox notification failed'));
    }
  };
}
