import { z } from 'zod';
import { MAX_FIELD_TEXT, MAX_METADATA_ENTRIES, METADATA_KEY, payerFields } from '../../pipeline/events/payment-fields.js';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '../../pipeline/events/settle-event.js';
import { containsCardNumber } from '../../platform/card-data/card-numbers.js';
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { invalidEvent, type Normalised, utcInstant } from './normalised.js';

/**
 * Settle's partner event format (documented in ../README.md): one payment event per delivery, signed
 * with Standard Webhooks. The `webhook-id` header names the delivery, so a redelivery is a duplicate.
 */
const digits = z.string().regex(/^\d{1,19}$/, 'must be a string of digits (the PayTrace transaction id)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Names a flow's match rule cannot read (compilePath refuses them as path steps). */
const RESERVED_KEYS = new Set(['constructor', 'prototype']);

/**
 * A partner's own values, read by match rules as `fields.metadata.<key>`. A key is checked before it is
 * ever echoed in an answer (a key holding a card number is refused without naming it).
 */
const metadata = z.unknown().superRefine((values, ctx) => {
  // Read as sent (a parsed record would have dropped a "__proto__" key without a word).
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return void ctx.addIssue({ code: 'custom', message: 'must be an object of text values' });
  const entries = Object.entries(values);
  if (entries.length > MAX_METADATA_ENTRIES) ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_METADATA_ENTRIES} entries` });
  for (const [key, value] of entries) {
    if (!METADATA_KEY.test(key) || containsCardNumber(key)) {
      ctx.addIssue({ code: 'custom', message: 'keys must be a letter followed by at most 39 letters, digits or underscores' });
    } else if (RESERVED_KEYS.has(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'is a reserved name' });
    } else if (typeof value !== 'string') {
      ctx.addIssue({ code: 'custom', path: [key], message: 'must be text' });
    } else if (value.length > MAX_FIELD_TEXT) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must be at most ${MAX_FIELD_TEXT} characters` });
    }
  }
}) as z.ZodType<Record<string, string>>;

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
    description: z.string().max(MAX_FIELD_TEXT, `must be at most ${MAX_FIELD_TEXT} characters`).optional(),
    metadata: metadata.optional(),
  }),
});

export function normaliseSettleEvent(body: unknown, webhookId: string): Normalised {
  const parsed = settleEventRules.safeParse(body);
  if (!parsed.success) return invalidEvent(parsed.error);
  const { type, data } = parsed.data;
  const fields = payerFields({ invoice_number: data.invoice_number, order_number: data.order_number, description: data.description, metadata: data.metadata });
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
    ...(fields ? { fields } : {}),
  };
  return { ok: true, source: 'partner', externalId: webhookId, correlationId: webhookId, event };
}
