/** Settle's requests → PayTrace's JSON field names (snake_case, dollars as "12.34" strings). */
import { centsToPayTrace } from './money.js';
import { frequencyToPayTrace, INDEFINITE_TOTAL_COUNT } from './recurrence-frequency.js';
import type {
  Address,
  BankAccount,
  CreateRecurrenceRequest,
  CustomerContact,
  LevelThreeLineItem,
  LevelThreeRequest,
  OrderDetails,
  UpdateRecurrenceRequest,
} from './types.js';

export type JsonBody = Record<string, unknown>;

/** Drops undefined fields, so that PayTrace only sees what the caller gave. */
export function compact(body: JsonBody): JsonBody {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

const money = (cents: number | undefined) => (cents === undefined ? undefined : centsToPayTrace(cents));

export function addressBody(address: Address | undefined): JsonBody | undefined {
  if (!address) return undefined;
  return compact({
    name: address.name,
    street_address: address.streetAddress,
    street_address2: address.streetAddress2,
    city: address.city,
    county: address.county,
    state: address.state,
    zip: address.zip,
    country: address.country,
  });
}

export function orderBody(order: OrderDetails): JsonBody {
  return compact({
    invoice_id: order.invoiceId,
    description: order.description,
    customer_reference_id: order.customerReferenceId,
    tax_amount: money(order.taxAmountMinor),
    email: order.email,
    billing_address: addressBody(order.billingAddress),
    shipping_address: addressBody(order.shippingAddress),
  });
}

export function contactBody(contact: CustomerContact): JsonBody {
  return compact({
    billing_address: addressBody(contact.billingAddress),
    shipping_address: addressBody(contact.shippingAddress),
    email: contact.email,
    phone: contact.phone,
    fax: contact.fax,
  });
}

export function checkBody(account: BankAccount | undefined): JsonBody | undefined {
  return account ? { account_number: account.accountNumber, routing_number: account.routingNumber } : undefined;
}

export function amountBody(amountMinor: number | undefined): JsonBody {
  return compact({ amount: money(amountMinor) });
}

const totalCount = (count: number | 'indefinite' | undefined) => (count === 'indefinite' ? INDEFINITE_TOTAL_COUNT : count);

/** `{customer_id, recurrence:{amount, frequency, start_date, total_count, transaction_type, ...}}`. */
export function createRecurrenceBody(request: CreateRecurrenceRequest, formatDate: (day: string) => string): JsonBody {
  return {
    customer_id: request.customerId,
    recurrence: compact({
      amount: centsToPayTrace(request.amountMinor),
      frequency: frequencyToPayTrace(request.frequency),
      start_date: formatDate(request.startDate),
      total_count: totalCount(request.totalCount),
      transaction_type: request.transactionType ?? 'Sale',
      description: request.description,
      invoice_id: request.invoiceId,
    }),
  };
}

/** The recurrence id goes inside `recurrence`, where create answers it (recurrence.id). */
export function updateRecurrenceBody(request: UpdateRecurrenceRequest, formatDate: (day: string) => string): JsonBody {
  return {
    recurrence: compact({
      id: request.recurrenceId,
      amount: money(request.amountMinor),
      frequency: request.frequency && frequencyToPayTrace(request.frequency),
      next_date: request.nextDate && formatDate(request.nextDate),
      total_count: totalCount(request.totalCount),
      transaction_type: request.transactionType,
      description: request.description,
      invoice_id: request.invoiceId,
    }),
  };
}

export function levelThreeBody(request: LevelThreeRequest): JsonBody {
  return compact({
    transaction_id: request.transactionId,
    invoice_id: request.invoiceId,
    customer_reference_id: request.customerReferenceId,
    tax_amount: money(request.taxAmountMinor),
    national_tax_amount: money(request.nationalTaxAmountMinor),
    merchant_tax_id: request.merchantTaxId,
    customer_tax_id: request.customerTaxId,
    commodity_code: request.commodityCode,
    discount_amount: money(request.discountAmountMinor),
    freight_amount: money(request.freightAmountMinor),
    duty_amount: money(request.dutyAmountMinor),
    additional_tax_amount: money(request.additionalTaxAmountMinor),
    additional_tax_rate: request.additionalTaxRate,
    additional_tax_included: request.additionalTaxIncluded,
    source_address: request.sourceZip ? { zip: request.sourceZip } : undefined,
    shipping_address: addressBody(request.shippingAddress),
    line_items: request.lineItems?.map(lineItemBody),
  });
}

function lineItemBody(item: LevelThreeLineItem): JsonBody {
  return compact({
    product_id: item.productId,
    description: item.description,
    commodity_code: item.commodityCode,
    quantity: item.quantity,
    unit_of_measure: item.unitOfMeasure,
    unit_cost: money(item.unitCostMinor),
    amount: money(item.amountMinor),
    discount_amount: money(item.discountAmountMinor),
    discount_rate: item.discountRate,
    discount_included: item.discountIncluded,
    tax_included: item.taxIncluded,
    additional_tax_amount: money(item.additionalTaxAmountMinor),
    additional_tax_rate: item.additionalTaxRate,
    additional_tax_included: item.additionalTaxIncluded,
    merchant_tax_id: item.merchantTaxId,
    debit_or_credit: item.debitOrCredit,
  });
}
