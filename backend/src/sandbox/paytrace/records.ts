/** The sandbox's stored state, as the services see it (camelCase, numbers, Dates), mapped from rows. */
import type { CardBrand } from './cards.js';
import { type Faults, parseFaults } from './faults.js';
import type { Address } from './request-fields.js';

export interface Merchant {
  id: number;
  name: string;
  apiUsername: string;
  integratorId: string;
  timeZone: string;
  notificationUrl: string | null;
  faults: Faults;
  clockOffsetMs: number;
}

export type TransactionKind = 'sale' | 'authorization' | 'hold' | 'refund' | 'chargeback';

export interface TransactionRecord {
  id: number;
  merchantId: number;
  method: 'card' | 'check';
  kind: TransactionKind;
  approved: boolean;
  /** What moves: the captured amount once an authorization is captured. */
  amountCents: number;
  authorizedCents: number;
  responseCode: number;
  approvalCode: string;
  approvalMessage: string;
  avsResponse: string;
  cscResponse: string;
  cardBrand: CardBrand | null;
  maskedCardNumber: string | null;
  expirationMonth: number | null;
  expirationYear: number | null;
  checkAccountMasked: string | null;
  checkRoutingNumber: string | null;
  customerId: string;
  invoiceId: string;
  description: string;
  customerReferenceId: string;
  taxAmountCents: number | null;
  receiptEmailedTo: string;
  billingAddress: Address;
  shippingAddress: Address;
  createdThrough: string;
  createdBy: string;
  fromIp: string;
  createdAt: Date;
  capturedAt: Date | null;
  voidedAt: Date | null;
  settledAt: Date | null;
  batchNumber: number | null;
  parentId: number | null;
  recurrenceId: number | null;
  chargebackReason: string;
  levelThree: unknown;
}

export interface CustomerRecord {
  merchantId: number;
  customerId: string;
  vaultToken: string;
  cardBrand: CardBrand | null;
  maskedCardNumber: string | null;
  expirationMonth: number | null;
  expirationYear: number | null;
  checkAccountMasked: string | null;
  checkRoutingNumber: string | null;
  billingAddress: Address;
  shippingAddress: Address;
  email: string;
  phone: string;
  fax: string;
  createdAt: Date;
}

export interface RecurrenceRecord {
  id: number;
  customerId: string;
  amountCents: number;
  frequency: string;
  startDate: string;
  nextDate: string | null;
  totalCount: number;
  currentCount: number;
  transactionType: 'Sale' | 'Authorization';
  description: string;
  invoiceId: string;
}

export interface BatchRecord {
  batchNumber: number;
  settledAt: Date;
}

type Row = Record<string, any>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toMerchant(row: Row): Merchant {
  return {
    id: Number(row.id),
    name: row.name,
    apiUsername: row.api_username,
    integratorId: row.integrator_id,
    timeZone: row.time_zone,
    notificationUrl: row.notification_url,
    faults: parseFaults(row.faults),
    clockOffsetMs: Number(row.clock_offset_ms),
  };
}

export function toTransaction(row: Row): TransactionRecord {
  return {
    id: Number(row.id),
    merchantId: Number(row.merchant_id),
    method: row.method,
    kind: row.kind,
    approved: row.approved,
    amountCents: Number(row.amount_cents),
    authorizedCents: Number(row.authorized_cents),
    responseCode: row.response_code,
    approvalCode: row.approval_code,
    approvalMessage: row.approval_message,
    avsResponse: row.avs_response,
    cscResponse: row.csc_response,
    cardBrand: row.card_brand,
    maskedCardNumber: row.masked_card_number,
    expirationMonth: row.expiration_month,
    expirationYear: row.expiration_year,
    checkAccountMasked: row.check_account_masked,
    checkRoutingNumber: row.check_routing_number,
    customerId: row.customer_id,
    invoiceId: row.invoice_id,
    description: row.description,
    customerReferenceId: row.customer_reference_id,
    taxAmountCents: num(row.tax_amount_cents),
    receiptEmailedTo: row.receipt_emailed_to,
    billingAddress: row.billing_address,
    shippingAddress: row.shipping_address,
    createdThrough: row.created_through,
    createdBy: row.created_by,
    fromIp: row.from_ip,
    createdAt: row.created_at,
    capturedAt: row.captured_at,
    voidedAt: row.voided_at,
    settledAt: row.settled_at,
    batchNumber: row.batch_number,
    parentId: num(row.parent_id),
    recurrenceId: num(row.recurrence_id),
    chargebackReason: row.chargeback_reason,
    levelThree: row.level_three,
  };
}

export function toCustomer(row: Row): CustomerRecord {
  return {
    merchantId: Number(row.merchant_id),
    customerId: row.customer_id,
    vaultToken: row.vault_token,
    cardBrand: row.card_brand,
    maskedCardNumber: row.masked_card_number,
    expirationMonth: row.expiration_month,
    expirationYear: row.expiration_year,
    checkAccountMasked: row.check_account_masked,
    checkRoutingNumber: row.check_routing_number,
    billingAddress: row.billing_address,
    shippingAddress: row.shipping_address,
    email: row.email,
    phone: row.phone,
    fax: row.fax,
    createdAt: row.created_at,
  };
}

/** Expects `start_date` and `next_date` selected as text (YYYY-MM-DD), as recurrences.store.ts does. */
export function toRecurrence(row: Row): RecurrenceRecord {
  return {
    id: Number(row.id),
    customerId: row.customer_id,
    amountCents: Number(row.amount_cents),
    frequency: row.frequency,
    startDate: row.start_date,
    nextDate: row.next_date,
    totalCount: row.total_count,
    currentCount: row.current_count,
    transactionType: row.transaction_type,
    description: row.description,
    invoiceId: row.invoice_id,
  };
}
