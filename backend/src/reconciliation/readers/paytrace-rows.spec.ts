import { describe, expect, it } from 'vitest';
import type { ExportedTransaction } from '../../paytrace/client/types.js';
import { payTraceTransaction } from './paytrace-rows.js';

const address = { name: '', streetAddress: '', streetAddress2: '', city: '', county: '', state: '', zip: '', country: '' };
const row = (overrides: Partial<ExportedTransaction>): ExportedTransaction =>
  ({
    transactionId: 120_045,
    transactionType: 'SALE',
    amountMinor: 11_000,
    taxAmountMinor: null,
    maskedCardNumber: '************5454',
    cardExpirationMonth: '12',
    cardExpirationYear: '29',
    description: '',
    invoiceId: ' 1042 ',
    customerReferenceId: '',
    customerId: '',
    receiptEmailedTo: '',
    approvalCode: 'TAS610',
    approvalMessage: 'APPROVAL TAS610  - Approved and completed',
    avsResponse: '',
    cscResponse: '',
    statusCode: '',
    statusMessage: '',
    billingAddress: address,
    shippingAddress: address,
    // 02:30 UTC on the 3rd is still the 2nd in Chicago: the tenant's day, as Settle dates the receipt.
    createdAt: new Date('2026-11-03T02:30:00Z'),
    createdThrough: 'API',
    createdBy: 'api',
    settledAt: null,
    ...overrides,
  }) as ExportedTransaction;
const context = { currency: 'USD', timeZone: 'America/Chicago' };

describe('payTraceTransaction', () => {
  it("reads a sale on the tenant's day, with its invoice number, unsettled until PayTrace settles it", () => {
    expect(payTraceTransaction(row({}), context)).toEqual({ transactionId: '120045', kind: 'sale', approved: true, amountMinor: 11_000, currency: 'USD', date: '2026-11-02', settled: false, invoiceNumber: '1042' });
    expect(payTraceTransaction(row({ settledAt: new Date('2026-11-03T08:00:00Z') }), { ...context, batchNumber: '77' })).toMatchObject({ settled: true, batchNumber: '77' });
  });

  it('reads declines, captures, refunds, voids and chargebacks as the money they moved', () => {
    const kind = (overrides: Partial<ExportedTransaction>) => {
      const read = payTraceTransaction(row(overrides), context)!;
      return [read.kind, read.approved];
    };
    expect(kind({ approvalCode: '', approvalMessage: '    DECLINE - Do not honor' })).toEqual(['sale', false]);
    expect(kind({ transactionType: 'CAPTURE' })).toEqual(['sale', true]);
    expect(kind({ transactionType: 'REFUND' })).toEqual(['refund', true]);
    expect(kind({ transactionType: 'VOID', approvalCode: '' })).toEqual(['void', true]);
    expect(kind({ transactionType: 'CHARGEBACK', approvalCode: '', approvalMessage: '' })).toEqual(['chargeback', true]);
    expect(kind({ transactionType: 'AUTHORIZATION' })).toEqual(['authorization', true]);
  });

  it('leaves out what moves no money or is of no known type', () => {
    expect(payTraceTransaction(row({ transactionType: 'HOLD' }), context)).toBeUndefined();
  });
});
