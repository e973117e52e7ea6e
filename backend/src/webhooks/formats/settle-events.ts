import { z } from 'zod';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '../../pipeline/events/settle-event.js';
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { invalidEvent, type Normalised, utcInstant } from './normalised.js';

/**
 * Settle's partner event format (documented in ../README.md): one payment event per delivery, signed
 * with Standard Webhooks. The `webhook-id` header names the delivery, so a redelivery is a duplicate.
 */
const digits = z.string().regex(/^\d{1,19}$/, 'must be a string of digits (the PayTrace transaction id)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const settleEventRules = z.object({
  type: z.enum(PAYMENT_EVENT_TYPES, `must be one of ${PAYMENT_EVENT_TYPES.join(', ')}`),
  data: z.object({
    transaction_id: digits,
    original_transaction_id: digits.optional(),
    amount: z.object({
      minor: z.number().int('must be an integer number of minor units').min(0, 'must be at least 0').max(Number.MAX_SAFE_INTEGER),
      currency: z
        .string()
        .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as USD')
        .transform((code) => code.toUpperCase())
        .refine(isIsoCurrency, 'is not an ISO 4217 currency'),
    }),
    occurred_at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with a time zone, e.g. 2026-03-01T12:00:00Z' }),
    method: z.enum(['card', 'ach'], 'must be card or ach').default('card'),
    invoice_number: text(40).optional(),
    order_number: text(40).optional(),
    customer: z
      .object({ number: text(40).optional(), email: text(254).optional(), company: text(100).optional() })
      .optional(),
    reason: z.string().max(500, 'must be at most 500 characters').optional(),
  }),
});

export function normaliseSettleEvent(body: unknown, webhookId: string): Normalised {
  const parsed = settleEventRules.safeParse(body);
  if (!parsed.success) return invalidEvent(parsed.error);
  const { type, data } = parsed.data;
  const event: PaymentEvent = {
    type,
    transactionId: data.transaction_id,
    amountMinor: data.amount.minor,
    currency: data.amount.currency,
    occurredAt: utcInstant(data.occurred_at),
    method: data.method,
    ...(data.original_transaction_id ? { originalTransactionId: data.original_transaction_id } : {}),
    ...(data.invoice_number || data.order_number ? { documentNumber: data.invoice_number ?? data.order_number } : {}),
    ...(data.customer ? { customer: data.customer } : {}),
    ...(data.reason ? { reason: data.reason } : {}),
  };
  return { ok: true, source: 'partner', externalId: webhookId, correlationId: webhookId, event };
}
