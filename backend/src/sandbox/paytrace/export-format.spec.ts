import { describe, expect, it } from 'vitest';
import { exportBatch, exportTransaction, exportType } from './export-format.js';
import type { TransactionRecord } from './records.js';

const sale: TransactionRecord = {
  id: 100000123,
  merchantId: 1,
  method: 'card',
  kind: 'sale',
  approved: true,
  amountCents: 11000,
  authorizedCents: 11000,
  responseCode: 101,
  approvalCode: 'TAS610',
  approvalMessage: 'APPROVAL TAS610  - Approved and completed',
  avsResponse: 'Full Exact Match',
  cscResponse: 'Match',
  cardBrand: 'MASTERCARD',
  maskedCardNumber: 'xxxxxxxxxxxx5454',
  expirationMonth: 4,
  expirationYear: 2030,
  checkAccountMasked: null,
  checkRoutingNumber: null,
  customerId: 'cust-1',
  invoiceId: 'INV-9',
  description: 'Store purchase',
  customerReferenceId: 'PO-1',
  taxAmountCents: 810,
  receiptEmailedTo: '',
  billingAddress: { name: 'Steve Smith', zip: '85284' },
  shippingAddress: {},
  createdThrough: 'API',
  createdBy: 'sandbox-user',
  fromIp: '127.0.0.1',
  createdAt: new Date('2015-04-10T23:06:30Z'),
  capturedAt: null,
  voidedAt: null,
  settledAt: null,
  batchNumber: null,
  parentId: null,
  recurrenceId: null,
  chargebackReason: '',
  levelThree: null,
};

describe('export format', () => {
  it('shows a transaction with every documented field, in merchant time', () => {
    const row = exportTransaction(sale, 'America/Los_Angeles');
    expect(row).toMatchObject({
      transaction_id: 100000123,
      credit_card: { masked_number: '************5454', expiration_month: '04', expiration_year: '30' },
      transaction_type: 'SALE',
      amount: 110,
      tax_amount: '8.10',
      status_code: 'TAS610',
      created: { through: 'API', at: '4/10/2015 4:06:30 PM', by: 'sandbox-user', from_ip: '127.0.0.1' },
      settled: '',
      customer_id: 'cust-1',
    });
    expect(row.billing_address).toEqual({ name: 'Steve Smith', street_address: '', street_address2: '', city: '', state: '', zip: '85284', country: '' });
    expect(row.shipping_address).toHaveProperty('county', '');
    expect(exportTransaction({ ...sale, settledAt: new Date('2015-04-11T03:13:45Z') }, 'America/Los_Angeles').settled).toBe('4/10/2015 8:13:45 PM');
  });

  it('names the state in transaction_type', () => {
    expect(exportType(sale)).toBe('SALE');
    expect(exportType({ ...sale, voidedAt: new Date() })).toBe('VOID');
    expect(exportType({ ...sale, kind: 'authorization' })).toBe('AUTHORIZATION');
    expect(exportType({ ...sale, kind: 'authorization', capturedAt: new Date() })).toBe('CAPTURE');
    expect(exportType({ ...sale, kind: 'refund' })).toBe('REFUND');
    expect(exportType({ ...sale, kind: 'chargeback' })).toBe('CHARGEBACK');
  });

  it('shows a chargeback with its reason as the status', () => {
    const row = exportTransaction({ ...sale, kind: 'chargeback', approvalCode: '', chargebackReason: '10.4 Fraud' }, 'UTC');
    expect(row).toMatchObject({ transaction_type: 'CHARGEBACK', status_code: 'CHARGEBACK', status_message: '10.4 Fraud' });
  });

  it('sums a batch overall and per brand', () => {
    const refund = { ...sale, id: 2, kind: 'refund' as const, amountCents: 1000 };
    const visa = { ...sale, id: 3, cardBrand: 'VISA' as const, amountCents: 250 };
    const batch = exportBatch({ batchNumber: 7, settledAt: new Date('2015-04-11T03:13:45Z') }, [sale, refund, visa], 'America/Los_Angeles');
    expect(batch).toMatchObject({
      batch_number: 7,
      when: '4/10/2015 8:13:45 PM',
      transaction_count: 3,
      net_amount: 102.5,
      sales_count: 2,
      sales_amount: 112.5,
      refund_count: 1,
      refund_amount: 10,
      mastercard: { sales_count: 1, sales_amount: 110, refund_count: 1, refund_amount: 10 },
      visa: { sales_count: 1, sales_amount: 2.5, refund_count: 0, refund_amount: 0 },
    });
  });
});
