import { describe, expect, it } from 'vitest';
import type { ExportedTransaction } from '../client/types.js';
import { changedRows, isFinal, redactCardNumbers, toChangeRecord } from './transaction-changes.js';

const created = new Date('2026-11-02T17:00:00Z');
const observed = new Date('2026-11-03T09:00:00Z');

function row(overrides: Partial<ExportedTransaction>): ExportedTransaction {
  return {
    transactionId: 1001,
    transactionType: 'SALE',
    amountMinor: 12_345,
    taxAmountMinor: null,
    maskedCardNumber: '************1111',
    cardExpirationMonth: '12',
    cardExpirationYear: '29',
    description: '',
    invoiceId: 'INV-7',
    customerReferenceId: '',
    customerId: '',
    receiptEmailedTo: '',
    approvalCode: 'TAS123',
    approvalMessage: '  NO  MATCH - Approved and completed',
    avsResponse: '',
    cscResponse: '',
    statusCode: '',
    statusMessage: '',
    billingAddress: {},
    shippingAddress: {},
    createdAt: created,
    createdThrough: 'API',
    createdBy: 'api-user',
    settledAt: null,
    ...overrides,
  } as ExportedTransaction;
}

describe('transaction changes', () => {
  it('keys a change by transaction and state, in cents', () => {
    const change = toChangeRecord(row({}), observed);
    expect(change).toMatchObject({ changeKey: '1001:approved', state: 'approved', kind: 'sale', amountMinor: 12_345, final: false, occurredAt: created });
  });

  it('dates a settlement by its settlement time and a void by when it was seen', () => {
    const settledAt = new Date('2026-11-03T04:00:00Z');
    expect(toChangeRecord(row({ settledAt }), observed)).toMatchObject({ changeKey: '1001:settled', occurredAt: settledAt, final: true });
    expect(toChangeRecord(row({ transactionType: 'VOID' }), observed)).toMatchObject({ changeKey: '1001:voided', occurredAt: observed, final: true });
  });

  it('treats declines and chargebacks as final, unsettled approvals and refunds as open', () => {
    expect(isFinal('declined', null)).toBe(true);
    expect(isFinal('charged_back', null)).toBe(true);
    expect(isFinal('approved', null)).toBe(false);
    expect(isFinal('refunded', null)).toBe(false);
    expect(isFinal('refunded', created)).toBe(true);
  });

  it('keeps only rows whose state differs from the last one seen', () => {
    const rows = [row({ transactionId: 1 }), row({ transactionId: 2, settledAt: created }), row({ transactionId: 3 })];
    const seen = new Map([
      [1, 'approved'],
      [2, 'approved'],
    ]);
    expect(changedRows(rows, seen).map((r) => r.transactionId)).toEqual([2, 3]);
  });

  it('redacts a card number hiding in any field before it is stored', () => {
    const stored = redactCardNumbers(row({ description: 'card 4111 1111 1111 1111 per phone' }));
    expect(JSON.stringify(stored)).not.toMatch(/4111.?1111.?1111.?1111/);
    expect(stored.invoiceId).toBe('INV-7');
  });

  it('redacts card numbers in every hiding place of the stored row, keeping its ids', () => {
    const { transaction } = toChangeRecord(row({ description: 'qty 1 4111.1111.1111.1111', invoiceId: `x9${'4111  1111  1111  1111'}` }), new Date());
    expect(JSON.stringify(transaction)).not.toMatch(/4111.{0,2}1111.{0,2}1111.{0,2}1111/);
    expect(transaction.description).toBe('qty 1 [card number redacted]');
    expect(transaction.transactionId).toBe(row({}).transactionId);
  });

  it('keeps the row storable when a field carries a NUL character', () => {
    const { transaction } = toChangeRecord(row({ description: 'gift\u0000wrap' }), new Date());
    expect(transaction.description).toBe('gift\uFFFDwrap');
    expect(transaction.invoiceId).toBe('INV-7');
  });
});
