import { describe, expect, it } from 'vitest';
import { normaliseSettleEvent } from './settle-events.js';

const refund = {
  type: 'payment.refunded',
  data: {
    transaction_id: '120000456',
    original_transaction_id: '120000123',
    amount: { minor: 2500, currency: 'usd' },
    occurred_at: '2026-03-02T08:00:00+01:00',
    method: 'ach',
    order_number: 'SO-1042',
    customer: { number: 'CUST01', email: 'ap@granite.test' },
    reason: 'customer request',
  },
};

describe('Settle partner events', () => {
  it('makes a payment event keyed and correlated by the webhook-id', () => {
    expect(normaliseSettleEvent(refund, 'msg_2Kq8')).toEqual({
      ok: true,
      source: 'partner',
      externalId: 'msg_2Kq8',
      correlationId: 'msg_2Kq8',
      event: {
        type: 'payment.refunded',
        transactionId: '120000456',
        originalTransactionId: '120000123',
        amountMinor: 2500,
        currency: 'USD',
        occurredAt: '2026-03-02T07:00:00.000Z',
        method: 'ach',
        documentNumber: 'SO-1042',
        customer: { number: 'CUST01', email: 'ap@granite.test' },
        reason: 'customer request',
      },
    });
  });

  it('prefers the invoice number and defaults the method to card', () => {
    const sale = { type: 'payment.approved', data: { transaction_id: '7', amount: { minor: 0, currency: 'USD' }, occurred_at: '2026-03-02T07:00:00Z', invoice_number: '1042', order_number: 'SO-1' } };
    const result = normaliseSettleEvent(sale, 'msg_1');
    expect(result.ok && result.event).toEqual({ type: 'payment.approved', transactionId: '7', amountMinor: 0, currency: 'USD', occurredAt: '2026-03-02T07:00:00.000Z', method: 'card', documentNumber: '1042' });
  });

  it('names the field that is wrong', () => {
    const fieldOf = (change: (body: typeof refund) => unknown) => {
      const result = normaliseSettleEvent(change(structuredClone(refund)), 'msg_1');
      return result.ok ? null : result.field;
    };
    expect(fieldOf((b) => ({ ...b, type: 'payment.lost' }))).toBe('type');
    expect(fieldOf((b) => ({ ...b, data: { ...b.data, transaction_id: 120000456 } }))).toBe('data.transaction_id');
    expect(fieldOf((b) => ({ ...b, data: { ...b.data, amount: { minor: 25.5, currency: 'USD' } } }))).toBe('data.amount.minor');
    expect(fieldOf((b) => ({ ...b, data: { ...b.data, amount: { minor: 2500, currency: 'dollars' } } }))).toBe('data.amount.currency');
    expect(fieldOf((b) => ({ ...b, data: { ...b.data, occurred_at: '2026-03-02 08:00' } }))).toBe('data.occurred_at');
    expect(fieldOf((b) => ({ ...b, data: { ...b.data, method: 'cash' } }))).toBe('data.method');
    expect(fieldOf(() => [])).toBe('body');
  });
});
