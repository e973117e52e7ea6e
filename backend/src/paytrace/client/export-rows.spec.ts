import { describe, expect, it } from 'vitest';
import { EXPORTED_SALE_ROW } from '../../../../test/paytrace/fact-sheet-examples.js';
import { exportReaders, readProtectClientKey } from './export-rows.js';
import { transactionState } from './transaction-state.js';

const read = exportReaders('America/Los_Angeles');

describe('transaction export rows', () => {
  it('reads the fact sheet sample: cents, UTC times, verbatim texts', () => {
    const [row] = read.transactions({ transactions: [EXPORTED_SALE_ROW] });
    expect(row).toEqual({
      transactionId: 392483066,
      transactionType: 'SALE',
      amountMinor: 11000,
      taxAmountMinor: 810,
      maskedCardNumber: '************5454',
      cardExpirationMonth: '12',
      cardExpirationYear: '17',
      description: 'Widgets',
      invoiceId: 'INV-1001',
      customerReferenceId: 'PO-77',
      customerId: 'customer456',
      receiptEmailedTo: 'steve@example.com',
      approvalCode: 'GB571',
      approvalMessage: '  NO  MATCH - Approved and completed',
      avsResponse: 'No Match',
      cscResponse: 'Match',
      statusCode: 'GB571',
      statusMessage: 'GB571',
      billingAddress: { name: 'Steve Smith', streetAddress: '8320 This Way Lane', city: 'Placeville', state: 'CA', zip: '85284', country: 'US' },
      shippingAddress: { name: 'Steve Smith', streetAddress: '8320 This Way Lane', city: 'Placeville', state: 'CA', zip: '85284', country: 'US' },
      createdAt: new Date('2015-04-10T23:06:30Z'),
      createdThrough: 'API',
      createdBy: 'apiuser',
      settledAt: new Date('2015-04-11T03:13:45Z'),
    });
    expect(transactionState(row)).toBe('settled');
  });

  it('reads an unsettled row (settled "") and a missing tax amount', () => {
    const [row] = read.transactions({ transactions: [{ ...EXPORTED_SALE_ROW, settled: '', tax_amount: '', amount: 19.99 }] });
    expect(row).toMatchObject({ settledAt: null, taxAmountMinor: null, amountMinor: 1999 });
    expect(transactionState(row)).toBe('approved');
  });

  it('scrubs a card number someone typed into a free-text field', () => {
    const [row] = read.transactions({ transactions: [{ ...EXPORTED_SALE_ROW, description: 'card 4111111111111111' }] });
    expect(row.description).toBe('card [card number redacted]');
  });

  it.each([
    ['an amount it cannot read', { amount: '12.345' }],
    ['no amount', { amount: undefined }],
    ['no transaction id', { transaction_id: undefined }],
    ['a created time it cannot read', { created: { at: '2015-04-10T16:06:30' } }],
  ])('refuses a row with %s', (_what, change) => {
    expect(() => read.transactions({ transactions: [{ ...EXPORTED_SALE_ROW, ...change }] })).toThrow();
  });
});

describe('other exports', () => {
  it('reads batches with per-brand totals in cents', () => {
    const totals = { sales_count: 2, sales_amount: 30.5, refund_count: 1, refund_amount: 5 };
    const [batch] = read.batches({
      batches: [{ batch_number: 7, when: '11/3/2024 1:30:00 AM', transaction_count: 3, net_amount: 25.5, ...totals, visa: totals, amex: { ...totals, sales_count: 0, sales_amount: 0, refund_count: 0, refund_amount: 0 } }],
    });
    expect(batch).toEqual({
      batchNumber: 7,
      settledAt: new Date('2024-11-03T08:30:00Z'),
      transactionCount: 3,
      netAmountMinor: 2550,
      salesCount: 2,
      salesAmountMinor: 3050,
      refundCount: 1,
      refundAmountMinor: 500,
      byCardBrand: {
        visa: { salesCount: 2, salesAmountMinor: 3050, refundCount: 1, refundAmountMinor: 500 },
        amex: { salesCount: 0, salesAmountMinor: 0, refundCount: 0, refundAmountMinor: 0 },
      },
    });
  });

  it('reads recurrences, their frequency code and MM/DD/YYYY dates', () => {
    const [recurrence] = read.recurrences({
      recurrences: [{ id: 12, customer_id: 'c1', amount: 9.99, frequency: '3', start_date: '01/31/2025', next_date: '', total_count: 999, current_count: 2, transaction_type: 'Sale', description: 'Plan', invoice_id: '' }],
    });
    expect(recurrence).toEqual({
      id: 12,
      customerId: 'c1',
      amountMinor: 999,
      frequency: 'monthly',
      frequencyCode: '3',
      startDate: '2025-01-31',
      nextDate: null,
      totalCount: 999,
      currentCount: 2,
      transactionType: 'Sale',
      description: 'Plan',
      invoiceId: '',
    });
  });

  it('reads customers with a card or a bank account', () => {
    const [customer] = read.customers({
      customers: [{ customer_id: 'c1', credit_card: { masked_number: '************1111', expiration_month: '12', expiration_year: '35' }, billing_address: { name: 'Steve Smith' }, email: 'a@b.c', created: '1/2/2025 3:04:05 PM' }],
    });
    expect(customer).toMatchObject({ customerId: 'c1', maskedCardNumber: '************1111', maskedAccountNumber: '', billingAddress: { name: 'Steve Smith' }, createdAt: new Date('2025-01-02T23:04:05Z') });
  });

  it('reads the Protect.js client key under either spelling', () => {
    expect(readProtectClientKey({ clientKey: 'k1' })).toEqual({ clientKey: 'k1' });
    expect(readProtectClientKey({ client_key: 'k2' })).toEqual({ clientKey: 'k2' });
    expect(() => readProtectClientKey({})).toThrow();
  });
});
