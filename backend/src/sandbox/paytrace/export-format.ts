/**
 * How stored transactions, batches, customers and recurrences look in PayTrace's export calls. The
 * transaction shape follows PayTrace's published sample; the `transaction_type` values beyond SALE
 * and the batch shape are the sandbox's documented choices (README.md).
 */
import { exportMask } from './cards.js';
import { dollars, formatDollars } from './money.js';
import type { BatchRecord, CustomerRecord, RecurrenceRecord, TransactionRecord } from './records.js';
import { ADDRESS_FIELDS, type Address } from './request-fields.js';
import { formatTimestamp, formatUsDate } from './time.js';

export type ExportType = 'SALE' | 'AUTHORIZATION' | 'CAPTURE' | 'VOID' | 'REFUND' | 'CHARGEBACK' | 'HOLD';

export const EXPORT_OK = { success: true, response_code: 1, status_message: 'Your request has been successfully completed.' } as const;

/** A voided transaction of any kind exports as VOID; a captured authorization as CAPTURE. */
export function exportType(t: Pick<TransactionRecord, 'kind' | 'voidedAt' | 'capturedAt'>): ExportType {
  if (t.voidedAt) return 'VOID';
  if (t.kind === 'authorization') return t.capturedAt ? 'CAPTURE' : 'AUTHORIZATION';
  return t.kind === 'hold' ? 'HOLD' : (t.kind.toUpperCase() as ExportType);
}

export function exportTransaction(t: TransactionRecord, timeZone: string) {
  const processorCode = t.kind === 'chargeback' ? 'CHARGEBACK' : t.approvalCode;
  return {
    transaction_id: t.id,
    credit_card: {
      masked_number: exportMask(t.maskedCardNumber ?? ''),
      expiration_month: t.expirationMonth ? String(t.expirationMonth).padStart(2, '0') : '',
      expiration_year: t.expirationYear ? String(t.expirationYear % 100).padStart(2, '0') : '',
    },
    transaction_type: exportType(t),
    description: t.description,
    amount: dollars(t.amountCents),
    invoice_id: t.invoiceId,
    shipping_address: fullAddress(t.shippingAddress),
    billing_address: fullAddress(t.billingAddress, false),
    receipt_emailed_to: t.receiptEmailedTo,
    tax_amount: t.taxAmountCents === null ? '' : formatDollars(t.taxAmountCents),
    customer_reference_id: t.customerReferenceId,
    approval_code: t.approvalCode,
    approval_message: t.approvalMessage,
    avs_response: t.avsResponse,
    csc_response: t.cscResponse,
    status_code: processorCode,
    status_message: t.kind === 'chargeback' ? t.chargebackReason : processorCode,
    created: { through: t.createdThrough, at: formatTimestamp(t.createdAt, timeZone), by: t.createdBy, from_ip: t.fromIp },
    settled: t.settledAt ? formatTimestamp(t.settledAt, timeZone) : '',
    customer_id: t.customerId,
  };
}

/** Every address field present, empty when unknown (billing addresses have no county). */
function fullAddress(address: Address, withCounty = true): Record<string, string> {
  const fields = ADDRESS_FIELDS.filter((f) => withCounty || f !== 'county');
  return Object.fromEntries(fields.map((f) => [f, address[f] ?? '']));
}

const BRAND_KEYS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'DINERS', 'JCB'] as const;

/** A settlement batch: counts and amounts overall and per card brand (legacy BATCHNUM/WHEN/... in snake_case). */
export function exportBatch(batch: BatchRecord, transactions: TransactionRecord[], timeZone: string) {
  const totals = (items: TransactionRecord[]) => {
    const sales = items.filter((t) => t.kind !== 'refund');
    const refunds = items.filter((t) => t.kind === 'refund');
    const sum = (list: TransactionRecord[]) => list.reduce((cents, t) => cents + t.amountCents, 0);
    return { sales_count: sales.length, sales_amount: dollars(sum(sales)), refund_count: refunds.length, refund_amount: dollars(sum(refunds)) };
  };
  const overall = totals(transactions);
  const net = transactions.reduce((cents, t) => cents + (t.kind === 'refund' ? -t.amountCents : t.amountCents), 0);
  return {
    batch_number: batch.batchNumber,
    when: formatTimestamp(batch.settledAt, timeZone),
    transaction_count: transactions.length,
    net_amount: dollars(net),
    ...overall,
    ...Object.fromEntries(BRAND_KEYS.map((brand) => [brand.toLowerCase(), totals(transactions.filter((t) => t.cardBrand === brand))])),
  };
}

export function exportCustomer(c: CustomerRecord, timeZone: string) {
  return {
    customer_id: c.customerId,
    credit_card: {
      masked_number: exportMask(c.maskedCardNumber ?? ''),
      expiration_month: c.expirationMonth ? String(c.expirationMonth).padStart(2, '0') : '',
      expiration_year: c.expirationYear ? String(c.expirationYear % 100).padStart(2, '0') : '',
    },
    check: { masked_account_number: c.checkAccountMasked ?? '', routing_number: c.checkRoutingNumber ?? '' },
    billing_address: fullAddress(c.billingAddress, false),
    shipping_address: fullAddress(c.shippingAddress),
    email: c.email,
    phone: c.phone,
    fax: c.fax,
    created: formatTimestamp(c.createdAt, timeZone),
  };
}

export function exportRecurrence(r: RecurrenceRecord) {
  return {
    id: r.id,
    customer_id: r.customerId,
    amount: dollars(r.amountCents),
    frequency: r.frequency,
    start_date: formatUsDate(r.startDate),
    next_date: r.nextDate ? formatUsDate(r.nextDate) : '',
    total_count: r.totalCount,
    current_count: r.currentCount,
    transaction_type: r.transactionType,
    description: r.description,
    invoice_id: r.invoiceId,
  };
}
