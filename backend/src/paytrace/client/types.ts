/**
 * Request and result types of the PayTrace client, in Settle's terms: camelCase, money as integer
 * cents (`...Minor`), times as Dates, calendar days as `YYYY-MM-DD`. No raw card number appears
 * anywhere: cards arrive as Protect.js tokens or vault customer ids.
 */
import type { CalendarDate } from './time.js';

export type { CalendarDate } from './time.js';

export interface Address {
  name?: string;
  streetAddress?: string;
  streetAddress2?: string;
  city?: string;
  /** Shipping addresses only. */
  county?: string;
  state?: string;
  zip?: string;
  country?: string;
}

/** What a sale, authorization or refund may carry and exports give back. */
export interface OrderDetails {
  invoiceId?: string;
  description?: string;
  customerReferenceId?: string;
  taxAmountMinor?: number;
  /** The cardholder's email (receipts). */
  email?: string;
  billingAddress?: Address;
  shippingAddress?: Address;
}

/** The single-use pair Protect.js hands the browser for a card it tokenized. */
export interface ProtectToken {
  hpfToken: string;
  encKey: string;
}

// ---- card transactions ------------------------------------------------------------------------

export interface ProtectChargeRequest extends OrderDetails, ProtectToken {
  amountMinor: number;
}

export interface CustomerChargeRequest extends OrderDetails {
  amountMinor: number;
  customerId: string;
}

export interface CaptureRequest {
  transactionId: number;
  /** Less than authorized for a partial capture; the whole authorization when absent. */
  amountMinor?: number;
}

export interface VoidRequest {
  transactionId: number;
}

export interface RefundTransactionRequest {
  transactionId: number;
  /** A partial refund; whatever is left of the transaction when absent. */
  amountMinor?: number;
}

export interface RefundToCustomerRequest extends OrderDetails {
  customerId: string;
  amountMinor: number;
}

export interface EmailReceiptRequest {
  transactionId: number;
  email: string;
}

// ---- checks (ACH) -----------------------------------------------------------------------------

export interface BankAccount {
  accountNumber: string;
  routingNumber: string;
}

export interface CheckByAccountRequest extends OrderDetails {
  amountMinor: number;
  check: BankAccount;
}

export interface CheckByCustomerRequest extends OrderDetails {
  amountMinor: number;
  customerId: string;
}

export interface FundCheckRequest {
  checkTransactionId: number;
  amountMinor?: number;
}

export interface VoidCheckRequest {
  checkTransactionId: number;
}

export interface RefundCheckRequest {
  checkTransactionId: number;
  amountMinor?: number;
}

// ---- customer vault ---------------------------------------------------------------------------

export interface CustomerContact {
  billingAddress?: Address;
  shippingAddress?: Address;
  email?: string;
  phone?: string;
  fax?: string;
}

export interface CreateCustomerByProtectRequest extends CustomerContact, ProtectToken {
  customerId: string;
}

export interface CreateCustomerFromTransactionRequest extends CustomerContact {
  customerId: string;
  transactionId: number;
}

/** A check-only profile (bank account, no card). */
export interface CreateCustomerByBankAccountRequest extends CustomerContact {
  customerId: string;
  check: BankAccount;
}

export interface UpdateCustomerRequest extends CustomerContact {
  customerId: string;
  /** Renames the profile. */
  newCustomerId?: string;
  check?: BankAccount;
}

export interface DeleteCustomerRequest {
  customerId: string;
}

export interface ExportCustomersRequest {
  customerId?: string;
  email?: string;
}

/** What create/update/delete of a profile answer. */
export interface CustomerProfileResult {
  customerId: string;
  maskedCardNumber: string;
}

export interface ExportedCustomer {
  customerId: string;
  maskedCardNumber: string;
  cardExpirationMonth: string;
  cardExpirationYear: string;
  maskedAccountNumber: string;
  routingNumber: string;
  billingAddress: Address;
  shippingAddress: Address;
  email: string;
  phone: string;
  fax: string;
  createdAt: Date | null;
}

// ---- recurring payments -----------------------------------------------------------------------

/** PayTrace's frequency codes are unconfirmed for v1; these map to the legacy API's codes (see recurrence-frequency.ts). */
export type RecurrenceFrequency =
  | 'annually'
  | 'semi_annually'
  | 'trimesterly'
  | 'quarterly'
  | 'bi_monthly'
  | 'monthly'
  | 'bi_weekly'
  | 'first_and_fifteenth'
  | 'weekly'
  | 'daily';

export type RecurringTransactionType = 'Sale' | 'Authorization';

export interface CreateRecurrenceRequest {
  customerId: string;
  amountMinor: number;
  frequency: RecurrenceFrequency;
  /** The first payment's day, in the merchant's time zone. */
  startDate: CalendarDate;
  /** How many payments; 'indefinite' until deleted (PayTrace's 999). */
  totalCount: number | 'indefinite';
  transactionType?: RecurringTransactionType;
  description?: string;
  invoiceId?: string;
}

export interface UpdateRecurrenceRequest {
  recurrenceId: number;
  amountMinor?: number;
  frequency?: RecurrenceFrequency;
  nextDate?: CalendarDate;
  totalCount?: number | 'indefinite';
  transactionType?: RecurringTransactionType;
  description?: string;
  invoiceId?: string;
}

export interface RecurrenceRef {
  recurrenceId: number;
}

export interface ExportRecurrencesRequest {
  recurrenceId?: number;
  customerId?: string;
}

export interface ExportApprovedRecurrenceRequest {
  customerId?: string;
  recurrenceId?: number;
}

export interface Recurrence {
  id: number;
  customerId: string;
  amountMinor: number;
  /** Undefined when PayTrace answers a code Settle does not know (kept in frequencyCode). */
  frequency: RecurrenceFrequency | undefined;
  frequencyCode: string;
  startDate: CalendarDate | null;
  nextDate: CalendarDate | null;
  totalCount: number;
  currentCount: number;
  transactionType: string;
  description: string;
  invoiceId: string;
}

// ---- exports ----------------------------------------------------------------------------------

export interface ExportTransactionByIdRequest {
  transactionId: number;
}

export interface DateRange {
  /** A merchant calendar day, or an instant taken as the day it falls on in the merchant's zone. */
  startDate: CalendarDate | Date;
  endDate: CalendarDate | Date;
}

export interface ExportTransactionsByDateRangeRequest extends DateRange {
  /** PayTrace's `transaction_type` filter, e.g. "SALE". */
  transactionType?: string;
  customerId?: string;
}

/** One row of a transaction export, with money in cents and times in UTC. */
export interface ExportedTransaction {
  transactionId: number;
  /** "SALE" (confirmed), "AUTHORIZATION", "CAPTURE", "REFUND", "VOID", "CHARGEBACK"... as PayTrace writes it. */
  transactionType: string;
  amountMinor: number;
  taxAmountMinor: number | null;
  maskedCardNumber: string;
  cardExpirationMonth: string;
  cardExpirationYear: string;
  description: string;
  invoiceId: string;
  customerReferenceId: string;
  customerId: string;
  receiptEmailedTo: string;
  approvalCode: string;
  /** Verbatim, leading spaces included. */
  approvalMessage: string;
  avsResponse: string;
  cscResponse: string;
  statusCode: string;
  statusMessage: string;
  billingAddress: Address;
  shippingAddress: Address;
  createdAt: Date;
  createdThrough: string;
  createdBy: string;
  /** Null while unsettled. */
  settledAt: Date | null;
}

export interface BatchRequest {
  /** The latest batch when absent. */
  batchNumber?: number;
}

export interface BatchTotals {
  salesCount: number;
  salesAmountMinor: number;
  refundCount: number;
  refundAmountMinor: number;
}

export type CardBrandKey = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb';

export interface BatchSummary extends BatchTotals {
  batchNumber: number;
  settledAt: Date | null;
  transactionCount: number;
  netAmountMinor: number;
  byCardBrand: Partial<Record<CardBrandKey, BatchTotals>>;
}

// ---- level 3 ----------------------------------------------------------------------------------

export interface LevelThreeLineItem {
  productId?: string;
  description?: string;
  commodityCode?: string;
  quantity?: number;
  unitOfMeasure?: string;
  unitCostMinor?: number;
  amountMinor?: number;
  discountAmountMinor?: number;
  /** A rate as PayTrace takes it, e.g. "0.08". */
  discountRate?: string;
  discountIncluded?: boolean;
  taxIncluded?: boolean;
  additionalTaxAmountMinor?: number;
  additionalTaxRate?: string;
  additionalTaxIncluded?: boolean;
  merchantTaxId?: string;
  /** Mastercard only: "D" debit or "C" credit. */
  debitOrCredit?: 'D' | 'C';
}

export interface LevelThreeRequest {
  transactionId: number;
  invoiceId?: string;
  customerReferenceId?: string;
  taxAmountMinor?: number;
  nationalTaxAmountMinor?: number;
  merchantTaxId?: string;
  customerTaxId?: string;
  commodityCode?: string;
  discountAmountMinor?: number;
  freightAmountMinor?: number;
  dutyAmountMinor?: number;
  additionalTaxAmountMinor?: number;
  additionalTaxRate?: string;
  /** Mastercard only. */
  additionalTaxIncluded?: boolean;
  sourceZip?: string;
  shippingAddress?: Address;
  lineItems?: LevelThreeLineItem[];
}

// ---- Protect.js -------------------------------------------------------------------------------

export interface ProtectClientKey {
  clientKey: string;
}
