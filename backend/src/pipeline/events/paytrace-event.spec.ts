import { describe, expect, it } from 'vitest';
import type { TransactionState } from '../../paytrace/client/transaction-state.js';
import type { Address, ExportedTransaction } from '../../paytrace/client/types.js';
import { toChangeRecord } from '../../paytrace/change-feed/transaction-changes.js';
import { REDACTED_CARD_NUMBER, withLuhnCheckDigit } from '../../platform/card-data/card-numbers.js';
import { MAX_FIELD_TEXT } from './payment-fields.js';
import { payTraceEvent } from './paytrace-event.js';

const OBSERVED = new Date('2026-10-16T09:00:00.000Z');
const CREATED = new Date('2026-10-15T17:20:00.000Z');
const nowhere = {} as Address;

/** An export row as the PayTrace client parses it; the change feed turns it into the record the event is read from. */
const row = (extra: Partial<ExportedTransaction> = {}): ExportedTransaction => ({
  transactionId: 123456789,
  transactionType: 'SALE',
  amountMinor: 12_550,
  taxAmountMinor: null,
  maskedCardNumber: 'xxxxxxxxxxxx1111',
  cardExpirationMonth: '12',
  cardExpirationYear: '2028',
  description: ' Consulting, October ',
  invoiceId: ' INV-1001 ',
  customerReferenceId: 'PO-77',
  customerId: ' ACM100 ',
  receiptEmailedTo: 'ap@acme.example',
  approvalCode: 'TAS610',
  approvalMessage: 'APPROVAL TAS610  - Approved and completed',
  avsResponse: 'Full Exact Match',
  cscResponse: 'Match',
  statusCode: '101',
  statusMessage: 'Your transaction was successfully approved.',
  billingAddress: nowhere,
  shippingAddress: nowhere,
  createdAt: CREATED,
  createdThrough: 'API',
  createdBy: 'settle',
  settledAt: null,
  ...extra,
});

const change = (extra: Partial<ExportedTransaction> = {}) => toChangeRecord(row(extra), OBSERVED);

describe('payTraceEvent', () => {
  it('an approved sale is payment.approved with its amount, time, document and payer', () => {
    expect(payTraceEvent(change(), 'invoice_id')).toEqual({
      type: 'payment.approved',
      transactionId: '123456789',
      amountMinor: 12_550,
      currency: 'USD',
      occurredAt: '2026-10-15T17:20:00.000Z',
      method: 'card',
      documentNumber: 'INV-1001',
      customer: { number: 'ACM100', email: 'ap@acme.example' },
      fields: { invoice_id: 'INV-1001', customer_reference_id: 'PO-77', description: 'Consulting, October' },
    });
  });

  it.each<[string, Partial<ExportedTransaction>, TransactionState, string]>([
    ['an approved sale', {}, 'approved', 'payment.approved'],
    ['a declined sale', { approvalCode: '', approvalMessage: '    DECLINE - Do not honor' }, 'declined', 'payment.declined'],
    ['a voided sale', { transactionType: 'VOID' }, 'voided', 'payment.voided'],
    ['a refund', { transactionType: 'REFUND', transactionId: 123456800 }, 'refunded', 'payment.refunded'],
    ['a settled sale', { settledAt: new Date('2026-10-16T03:00:00Z') }, 'settled', 'payment.settled'],
    ['a chargeback', { transactionType: 'CHARGEBACK', transactionId: 123456900, statusMessage: 'Fraud - card absent' }, 'charged_back', 'payment.charged_back'],
  ])('%s (%j) is read as its PayTrace state and event type', (_what, extra, state, type) => {
    const record = change(extra);
    expect(record.state).toBe(state);
    expect(payTraceEvent(record, 'invoice_id').type).toBe(type);
  });

  it('the time is when the change happened: settlement time for a settlement, first sight for a void', () => {
    expect(payTraceEvent(change({ settledAt: new Date('2026-10-16T03:00:00Z') }), 'invoice_id').occurredAt).toBe('2026-10-16T03:00:00.000Z');
    expect(payTraceEvent(change({ transactionType: 'VOID' }), 'invoice_id').occurredAt).toBe('2026-10-16T09:00:00.000Z');
  });

  describe('the document number comes from the integration’s reference field', () => {
    it('invoice_id (the default)', () => {
      expect(payTraceEvent(change(), 'invoice_id').documentNumber).toBe('INV-1001');
    });

    it('customer_reference_id', () => {
      expect(payTraceEvent(change(), 'customer_reference_id').documentNumber).toBe('PO-77');
    });

    it('description, trimmed', () => {
      expect(payTraceEvent(change(), 'description').documentNumber).toBe('Consulting, October');
    });

    it('a blank or missing field gives no document number at all', () => {
      const event = payTraceEvent(change({ invoiceId: '   ' }), 'invoice_id');
      expect(event).not.toHaveProperty('documentNumber');
      const { transaction, ...rest } = change();
      const withoutField = { ...rest, transaction: { ...transaction, invoiceId: undefined } };
      expect(payTraceEvent(withoutField, 'invoice_id')).not.toHaveProperty('documentNumber');
    });

    it('a non-text field is ignored rather than stringified', () => {
      const { transaction, ...rest } = change();
      expect(payTraceEvent({ ...rest, transaction: { ...transaction, invoiceId: 1001 } }, 'invoice_id')).not.toHaveProperty('documentNumber');
    });
  });

  describe('the payer', () => {
    it('the vault customer id is the Sage Pro customer number; the receipt email is the email', () => {
      expect(payTraceEvent(change({ receiptEmailedTo: '' }), 'invoice_id').customer).toEqual({ number: 'ACM100' });
      expect(payTraceEvent(change({ customerId: '' }), 'invoice_id').customer).toEqual({ email: 'ap@acme.example' });
    });

    it('with neither there is no customer', () => {
      expect(payTraceEvent(change({ customerId: ' ', receiptEmailedTo: '' }), 'invoice_id')).not.toHaveProperty('customer');
    });
  });

  describe('the reason', () => {
    it('a decline carries the processor’s approval message, trimmed', () => {
      const event = payTraceEvent(change({ approvalCode: '', approvalMessage: '    DECLINE - Insufficient funds' }), 'invoice_id');
      expect(event.reason).toBe('DECLINE - Insufficient funds');
    });

    it('a chargeback carries the status message', () => {
      const event = payTraceEvent(change({ transactionType: 'CHARGEBACK', transactionId: 123456900, statusMessage: ' Fraud - card absent ' }), 'invoice_id');
      expect(event.reason).toBe('Fraud - card absent');
    });

    it('approvals, refunds and voids carry none, though their rows have messages', () => {
      expect(payTraceEvent(change(), 'invoice_id')).not.toHaveProperty('reason');
      expect(payTraceEvent(change({ transactionType: 'REFUND' }), 'invoice_id')).not.toHaveProperty('reason');
      expect(payTraceEvent(change({ transactionType: 'VOID' }), 'invoice_id')).not.toHaveProperty('reason');
    });

    it('a decline without a message has no reason', () => {
      expect(payTraceEvent(change({ approvalCode: '', approvalMessage: '   ' }), 'invoice_id')).not.toHaveProperty('reason');
    });
  });

  it('a card number typed into the invoice field never reaches the event', () => {
    const card = withLuhnCheckDigit('411111111111111');
    const event = payTraceEvent(change({ invoiceId: card }), 'invoice_id');
    expect(JSON.stringify(event)).not.toContain(card);
  });

  describe("the payer's texts, as fields a match rule reads", () => {
    it('all three, trimmed, whichever the integration’s reference field is', () => {
      for (const field of ['invoice_id', 'customer_reference_id', 'description'] as const) {
        expect(payTraceEvent(change(), field).fields).toEqual({ invoice_id: 'INV-1001', customer_reference_id: 'PO-77', description: 'Consulting, October' });
      }
    });

    it('a blank, missing or non-text one is left out; with none there are no fields', () => {
      expect(payTraceEvent(change({ description: '   ', customerReferenceId: '' }), 'invoice_id').fields).toEqual({ invoice_id: 'INV-1001' });
      const { transaction, ...rest } = change({ description: '', customerReferenceId: '' });
      expect(payTraceEvent({ ...rest, transaction: { ...transaction, invoiceId: 1001 } }, 'invoice_id')).not.toHaveProperty('fields');
    });

    it(`a long description is kept to its first ${MAX_FIELD_TEXT} characters`, () => {
      const description = `Payment for INV-10023 ${'and more '.repeat(40)}`;
      const event = payTraceEvent(change({ description }), 'invoice_id');
      expect(event.fields?.description).toBe(description.slice(0, MAX_FIELD_TEXT).trimEnd());
      expect(event.fields?.description?.length).toBeLessThanOrEqual(MAX_FIELD_TEXT);
    });

    it('a card number in the description is redacted before the event is made (the change feed redacts the row)', () => {
      const card = withLuhnCheckDigit('411111111111111');
      const event = payTraceEvent(change({ description: `INV-10023 paid with ${card} by phone` }), 'invoice_id');
      expect(event.fields?.description).toBe(`INV-10023 paid with ${REDACTED_CARD_NUMBER} by phone`);
      expect(JSON.stringify(event)).not.toContain(card);
    });
  });
});
