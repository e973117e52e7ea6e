/**
 * The bodies of successful non-transaction calls → Settle's types, with zod. Money becomes cents,
 * timestamps UTC Dates (in the connection's time zone), free text is scrubbed of card numbers.
 * Fields PayTrace may leave out are optional with empty defaults; what Settle relies on (ids,
 * amounts, created times) is required, so that an unexpected shape fails loudly (a TransientError
 * with reason invalid_body) instead of booking a wrong value.
 */
import { z } from 'zod';
import { payTraceToCents } from './money.js';
import { frequencyFromPayTrace } from './recurrence-frequency.js';
import { textOf } from './response-mapping.js';
import { parsePayTraceDate, parsePayTraceTimestamp } from './time.js';
import type {
  Address,
  BatchSummary,
  BatchTotals,
  CardBrandKey,
  CustomerProfileResult,
  ExportedCustomer,
  ExportedTransaction,
  ProtectClientKey,
  Recurrence,
} from './types.js';

const text = z.unknown().optional().transform((value) => textOf(value));

const id = z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/).transform(Number)]);

const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const cents = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return payTraceToCents(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not an amount: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
});

/** Absent, null or '' → null. */
const optionalCents = z.union([z.literal(''), z.null(), z.undefined(), cents]).optional().transform((value) => (typeof value === 'number' ? value : null));

const object = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

const address = z
  .union([
    object({
      name: text,
      street_address: text,
      street_address2: text,
      city: text,
      county: text,
      state: text,
      zip: text,
      country: text,
    }),
    z.undefined(),
    z.null(),
  ])
  .optional()
  .transform((a): Address => {
    if (!a) return {};
    const out: Address = {
      name: a.name,
      streetAddress: a.street_address,
      streetAddress2: a.street_address2,
      city: a.city,
      county: a.county,
      state: a.state,
      zip: a.zip,
      country: a.country,
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== '')) as Address;
  });

const card = z.union([object({ masked_number: text, expiration_month: text, expiration_year: text }), z.undefined(), z.null()]).optional();

/** Schemas that read local timestamps need the connection's time zone. */
export function exportReaders(timeZone: string) {
  const timestamp = z.string().transform((value, ctx) => {
    const instant = parsePayTraceTimestamp(value, timeZone);
    if (!instant) {
      ctx.addIssue({ code: 'custom', message: `not a PayTrace timestamp: ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return instant;
  });
  const optionalTimestamp = z.union([z.literal(''), z.null(), z.undefined(), timestamp]).optional().transform((value) => (value instanceof Date ? value : null));
  const optionalDate = z.unknown().optional().transform((value) => (typeof value === 'string' ? (parsePayTraceDate(value) ?? null) : null));

  const transaction = object({
    transaction_id: id,
    transaction_type: text,
    amount: cents,
    tax_amount: optionalCents,
    credit_card: card,
    description: text,
    invoice_id: text,
    customer_reference_id: text,
    customer_id: text,
    receipt_emailed_to: text,
    approval_code: text,
    approval_message: text,
    avs_response: text,
    csc_response: text,
    status_code: text,
    status_message: text,
    billing_address: address,
    shipping_address: address,
    created: object({ at: timestamp, through: text, by: text }),
    settled: optionalTimestamp,
  }).transform(
    (t): ExportedTransaction => ({
      transactionId: t.transaction_id,
      transactionType: t.transaction_type.trim().toUpperCase(),
      amountMinor: t.amount,
      taxAmountMinor: t.tax_amount,
      maskedCardNumber: t.credit_card?.masked_number ?? '',
      cardExpirationMonth: t.credit_card?.expiration_month ?? '',
      cardExpirationYear: t.credit_card?.expiration_year ?? '',
      description: t.description,
      invoiceId: t.invoice_id,
      customerReferenceId: t.customer_reference_id,
      customerId: t.customer_id,
      receiptEmailedTo: t.receipt_emailed_to,
      approvalCode: t.approval_code,
      approvalMessage: t.approval_message,
      avsResponse: t.avs_response,
      cscResponse: t.csc_response,
      statusCode: t.status_code,
      statusMessage: t.status_message,
      billingAddress: t.billing_address,
      shippingAddress: t.shipping_address,
      createdAt: t.created.at,
      createdThrough: t.created.through,
      createdBy: t.created.by,
      settledAt: t.settled,
    }),
  );

  const totalsShape = { sales_count: count, sales_amount: cents, refund_count: count, refund_amount: cents };
  const toTotals = (b: { sales_count: number; sales_amount: number; refund_count: number; refund_amount: number }): BatchTotals => ({
    salesCount: b.sales_count,
    salesAmountMinor: b.sales_amount,
    refundCount: b.refund_count,
    refundAmountMinor: b.refund_amount,
  });
  const brandTotals = object(totalsShape).transform(toTotals).optional();
  const batch = object({
    batch_number: id,
    when: optionalTimestamp,
    transaction_count: count,
    net_amount: cents,
    ...totalsShape,
    visa: brandTotals,
    mastercard: brandTotals,
    amex: brandTotals,
    discover: brandTotals,
    diners: brandTotals,
    jcb: brandTotals,
  }).transform((b): BatchSummary => {
    const brands: CardBrandKey[] = ['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb'];
    return {
      batchNumber: b.batch_number,
      settledAt: b.when,
      transactionCount: b.transaction_count,
      netAmountMinor: b.net_amount,
      ...toTotals(b),
      byCardBrand: Object.fromEntries(brands.filter((brand) => b[brand]).map((brand) => [brand, b[brand]])),
    };
  });

  const customer = object({
    customer_id: text,
    credit_card: card,
    check: z.union([object({ masked_account_number: text, routing_number: text }), z.undefined(), z.null()]).optional(),
    billing_address: address,
    shipping_address: address,
    email: text,
    phone: text,
    fax: text,
    created: z.union([optionalTimestamp, object({ at: optionalTimestamp })]),
  }).transform(
    (c): ExportedCustomer => ({
      customerId: c.customer_id,
      maskedCardNumber: c.credit_card?.masked_number ?? '',
      cardExpirationMonth: c.credit_card?.expiration_month ?? '',
      cardExpirationYear: c.credit_card?.expiration_year ?? '',
      maskedAccountNumber: c.check?.masked_account_number ?? '',
      routingNumber: c.check?.routing_number ?? '',
      billingAddress: c.billing_address,
      shippingAddress: c.shipping_address,
      email: c.email,
      phone: c.phone,
      fax: c.fax,
      createdAt: c.created instanceof Date || c.created === null ? c.created : c.created.at,
    }),
  );

  const recurrence = object({
    id,
    customer_id: text,
    amount: cents,
    frequency: text,
    start_date: optionalDate,
    next_date: optionalDate,
    total_count: count,
    current_count: count.optional().default(0),
    transaction_type: text,
    description: text,
    invoice_id: text,
  }).transform(
    (r): Recurrence => ({
      id: r.id,
      customerId: r.customer_id,
      amountMinor: r.amount,
      frequency: frequencyFromPayTrace(r.frequency),
      frequencyCode: r.frequency,
      startDate: r.start_date,
      nextDate: r.next_date,
      totalCount: r.total_count,
      currentCount: r.current_count,
      transactionType: r.transaction_type,
      description: r.description,
      invoiceId: r.invoice_id,
    }),
  );

  return {
    transactions: (body: unknown) => object({ transactions: z.array(transaction) }).parse(body).transactions,
    /** export/by_id answers a list; an empty list means PayTrace knows no such transaction. */
    oneTransaction: (body: unknown) => {
      const [first] = object({ transactions: z.array(transaction).min(1, 'no transaction in the export') }).parse(body).transactions;
      return first;
    },
    /** recurrence/export_approved puts the transaction's fields at the top level. */
    topLevelTransaction: (body: unknown) => transaction.parse(body),
    batches: (body: unknown) => object({ batches: z.array(batch) }).parse(body).batches,
    oneBatch: (body: unknown) => object({ batches: z.array(batch).min(1, 'no batch in the export') }).parse(body).batches[0],
    customers: (body: unknown) => object({ customers: z.array(customer) }).parse(body).customers,
    recurrences: (body: unknown) => object({ recurrences: z.array(recurrence) }).parse(body).recurrences,
    recurrence: (body: unknown) => object({ recurrence }).parse(body).recurrence,
  };
}

export type ExportReaders = ReturnType<typeof exportReaders>;

export function readCustomerProfile(fallbackCustomerId: string) {
  return (body: unknown): CustomerProfileResult => {
    const parsed = object({ customer_id: text, masked_card_number: text }).parse(body);
    return { customerId: parsed.customer_id || fallbackCustomerId, maskedCardNumber: parsed.masked_card_number };
  };
}

/** `/v1/payment_fields/token/create`: the v1 field name is unconfirmed, so both spellings are read. */
export function readProtectClientKey(body: unknown): ProtectClientKey {
  const parsed = object({ clientKey: z.string().optional(), client_key: z.string().optional() }).parse(body);
  const clientKey = parsed.clientKey ?? parsed.client_key;
  if (!clientKey) throw new Error('no clientKey in the answer');
  return { clientKey };
}
