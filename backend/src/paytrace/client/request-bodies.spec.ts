import { describe, expect, it } from 'vitest';
import { createRecurrenceBody, levelThreeBody, orderBody, updateRecurrenceBody } from './request-bodies.js';
import { formatPayTraceDate } from './time.js';

const usDate = (day: string) => formatPayTraceDate(day, 'America/Los_Angeles');

describe('request bodies', () => {
  it('writes order details in PayTrace field names, dollars as strings, nothing undefined', () => {
    expect(orderBody({ invoiceId: 'INV-1', taxAmountMinor: 810, billingAddress: { name: 'Steve Smith', streetAddress: '8320 This Way Lane', zip: '85284' } })).toEqual({
      invoice_id: 'INV-1',
      tax_amount: '8.10',
      billing_address: { name: 'Steve Smith', street_address: '8320 This Way Lane', zip: '85284' },
    });
  });

  it('writes a recurrence as {customer_id, recurrence:{...}} with MM/DD/YYYY and 999 for indefinite', () => {
    expect(createRecurrenceBody({ customerId: 'c1', amountMinor: 999, frequency: 'monthly', startDate: '2025-01-31', totalCount: 'indefinite', description: 'Plan' }, usDate)).toEqual({
      customer_id: 'c1',
      recurrence: { amount: '9.99', frequency: '3', start_date: '01/31/2025', total_count: 999, transaction_type: 'Sale', description: 'Plan' },
    });
    expect(updateRecurrenceBody({ recurrenceId: 12, nextDate: '2025-03-01', amountMinor: 1000 }, usDate)).toEqual({
      recurrence: { id: 12, amount: '10.00', next_date: '03/01/2025' },
    });
  });

  it('writes Level 3 data with the fact sheet field names', () => {
    const body = levelThreeBody({
      transactionId: 392483066,
      invoiceId: 'INV-1',
      taxAmountMinor: 100,
      nationalTaxAmountMinor: 0,
      sourceZip: '99201',
      shippingAddress: { zip: '85284' },
      additionalTaxIncluded: false,
      lineItems: [{ productId: 'SKU-1', quantity: 2, unitCostMinor: 250, amountMinor: 500, unitOfMeasure: 'EACH', debitOrCredit: 'D' }],
    });
    expect(body).toEqual({
      transaction_id: 392483066,
      invoice_id: 'INV-1',
      tax_amount: '1.00',
      national_tax_amount: '0.00',
      additional_tax_included: false,
      source_address: { zip: '99201' },
      shipping_address: { zip: '85284' },
      line_items: [{ product_id: 'SKU-1', quantity: 2, unit_cost: '2.50', amount: '5.00', unit_of_measure: 'EACH', debit_or_credit: 'D' }],
    });
  });
});
