/**
 * The event a preview runs: one of the tenant's own (by id), a pasted payload (Settle's partner event
 * format, or a normalised event as an event's timeline shows it), or a generated example.
 */
import { z } from 'zod';
import { MAX_FIELD_TEXT, MAX_METADATA_ENTRIES, METADATA_KEY, payerFields } from '../../pipeline/events/payment-fields.js';
import { type OrderEvent, PAYMENT_EVENT_TYPES, type PaymentEvent } from '../../pipeline/events/settle-event.js';
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { normaliseSettleEvent } from '../../webhooks/formats/settle-events.js';
import type { PaymentTrigger } from '../definition/flow-definition.js';
import { samplePaymentEvent } from '../mappings/sample-source.js';

const fieldText = z.string().max(MAX_FIELD_TEXT);
/** A normalised event's `fields` (settle-event.ts PaymentFields), as a timeline shows them. */
const fields = z.object({
  invoice_id: fieldText.optional(),
  customer_reference_id: fieldText.optional(),
  description: fieldText.optional(),
  invoice_number: fieldText.optional(),
  order_number: fieldText.optional(),
  metadata: z
    .record(z.string().regex(METADATA_KEY, 'keys must be a letter followed by at most 39 letters, digits or underscores'), fieldText)
    .refine((values) => Object.keys(values).length <= MAX_METADATA_ENTRIES, `must have at most ${MAX_METADATA_ENTRIES} entries`)
    .optional(),
});

const normalised = z.object({
  type: z.enum(PAYMENT_EVENT_TYPES),
  transactionId: z.string().regex(/^\d{1,19}$/, 'must be a string of digits'),
  originalTransactionId: z.string().regex(/^\d{1,19}$/).optional(),
  amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().refine(isIsoCurrency, 'is not an ISO 4217 currency'),
  occurredAt: z.iso.datetime({ offset: true }),
  method: z.enum(['card', 'ach']).default('card'),
  documentNumber: z.string().max(40).optional(),
  customer: z.object({ number: z.string().max(40).optional(), email: z.string().max(254).optional(), company: z.string().max(100).optional() }).optional(),
  reason: z.string().max(500).optional(),
  fields: fields.optional(),
});

export type SampleReading = { ok: true; event: PaymentEvent } | { ok: false; field: string; message: string };

/** A pasted payload: the partner format (with `data`) or a normalised payment event. */
export function readPastedPayment(payload: unknown): SampleReading {
  if (payload && typeof payload === 'object' && 'data' in payload) {
    const read = normaliseSettleEvent(payload, 'preview');
    return read.ok ? { ok: true, event: read.event as PaymentEvent } : { ok: false, field: read.field, message: read.message };
  }
  const parsed = normalised.safeParse(payload);
  if (parsed.success) {
    const { fields: texts, ...event } = parsed.data;
    const kept = texts && payerFields(texts);
    return { ok: true, event: { ...event, ...(kept ? { fields: kept } : {}) } as PaymentEvent };
  }
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue.path.map(String).join('.') || 'event', message: issue.message };
}

const address = z.object({ line1: z.string().max(100), line2: z.string().max(100), city: z.string().max(60), state: z.string().max(40), zip: z.string().max(20), country: z.string().max(40) });
const order = z.object({
  type: z.literal('order.created'),
  orderId: z.string().min(1).max(40),
  orderNumber: z.string().min(1).max(40),
  occurredAt: z.iso.datetime({ offset: true }),
  currency: z.string().refine(isIsoCurrency, 'is not an ISO 4217 currency'),
  totalMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  customer: z.object({ email: z.string().max(254), firstName: z.string().max(60), lastName: z.string().max(60), company: z.string().max(100), phone: z.string().max(40) }),
  billingAddress: address.nullable(),
  shippingAddress: address.nullable(),
  lines: z.array(z.object({ sku: z.string().min(1).max(40), title: z.string().max(200), quantity: z.number().positive(), priceMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })).min(1).max(500),
  paymentTransactionId: z.string().regex(/^\d{1,19}$/).optional(),
});

/** A pasted shop order, normalised as an order event's timeline shows it. */
export function readPastedOrder(payload: unknown): { ok: true; event: OrderEvent } | { ok: false; field: string; message: string } {
  const parsed = order.safeParse(payload);
  if (parsed.success) return { ok: true, event: parsed.data as OrderEvent };
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue.path.map(String).join('.') || 'event', message: issue.message };
}

export function examplePayment(trigger: PaymentTrigger = 'approved'): PaymentEvent {
  return samplePaymentEvent(trigger);
}
