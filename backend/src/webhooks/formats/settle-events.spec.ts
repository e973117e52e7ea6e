import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { withLuhnCheckDigit } from '../../platform/card-data/card-numbers.js';
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
        fields: { order_number: 'SO-1042' },
      },
    });
  });

  it('prefers the invoice number and defaults the method to card', () => {
    const sale = { type: 'payment.approved', data: { transaction_id: '7', amount: { minor: 0, currency: 'USD' }, occurred_at: '2026-03-02T07:00:00Z', invoice_number: '1042', order_number: 'SO-1' } };
    const result = normaliseSettleEvent(sale, 'msg_1');
    expect(result.ok && result.event).toEqual({
      type: 'payment.approved',
      transactionId: '7',
      amountMinor: 0,
      currency: 'USD',
      occurredAt: '2026-03-02T07:00:00.000Z',
      method: 'card',
      documentNumber: '1042',
      fields: { invoice_number: '1042', order_number: 'SO-1' },
    });
  });

  describe("the payer's texts, as fields a match rule reads", () => {
    const sale = (data: Record<string, unknown>) => ({ type: 'payment.approved', data: { transaction_id: '7', amount: { minor: 100, currency: 'USD' }, occurred_at: '2026-03-02T07:00:00Z', ...data } });
    const eventOf = (data: Record<string, unknown>) => {
      const result = normaliseSettleEvent(sale(data), 'msg_1');
      if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
      return result.event as PaymentEvent;
    };
    const refusal = (data: Record<string, unknown>) => {
      const result = normaliseSettleEvent(sale(data), 'msg_1');
      return result.ok ? null : { field: result.field, message: result.message };
    };

    it('the invoice and order numbers, the description and the metadata, trimmed', () => {
      const event = eventOf({ invoice_number: ' 1042 ', description: ' Payment for INV-1042 ', metadata: { customer_po: ' PO-77 ', region: 'West' } });
      expect(event).toMatchObject({ documentNumber: '1042', fields: { invoice_number: '1042', description: 'Payment for INV-1042', metadata: { customer_po: 'PO-77', region: 'West' } } });
    });

    it('a blank description or metadata value is left out; with nothing there are no fields', () => {
      expect(eventOf({ description: '  ', metadata: { customer_po: '', region: 'West' } })).toMatchObject({ fields: { metadata: { region: 'West' } } });
      expect(eventOf({ description: '', metadata: {} })).not.toHaveProperty('fields');
      expect(eventOf({})).not.toHaveProperty('fields');
    });

    it('up to 20 metadata values of up to 255 characters, and a 255-character description, are taken', () => {
      const metadata = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key_${i}`, 'v'.repeat(255)]));
      expect(Object.keys(eventOf({ metadata, description: 'd'.repeat(255) }).fields?.metadata ?? {})).toHaveLength(20);
    });

    it('refuses metadata it could not keep as sent, naming the field', () => {
      const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
      expect(refusal({ metadata: tooMany })).toEqual({ field: 'data.metadata', message: 'must have at most 20 entries' });
      expect(refusal({ metadata: { po: 'x'.repeat(256) } })).toEqual({ field: 'data.metadata.po', message: 'must be at most 255 characters' });
      expect(refusal({ metadata: { po: 77 } })).toEqual({ field: 'data.metadata.po', message: 'must be text' });
      expect(refusal({ metadata: { constructor: 'x' } })).toEqual({ field: 'data.metadata.constructor', message: 'is a reserved name' });
      expect(refusal({ metadata: ['PO-77'] })).toMatchObject({ field: 'data.metadata' });
      expect(refusal({ metadata: 'PO-77' })).toMatchObject({ field: 'data.metadata' });
      expect(refusal({ description: 'd'.repeat(256) })).toEqual({ field: 'data.description', message: 'must be at most 255 characters' });
    });

    it('refuses a key that is not a letter then up to 39 letters, digits or underscores, without repeating it', () => {
      for (const key of ['', '1st', '_po', 'po-number', 'po number', 'k'.repeat(41), '__proto__']) {
        const body = JSON.parse(`{"type":"payment.approved","data":{"transaction_id":"7","amount":{"minor":1,"currency":"USD"},"occurred_at":"2026-03-02T07:00:00Z","metadata":{${JSON.stringify(key)}:"x"}}}`);
        const result = normaliseSettleEvent(body, 'msg_1');
        expect(result.ok ? null : result.field, key).toBe('data.metadata');
      }
    });

    it('a key that holds a card number is refused and never echoed', () => {
      const card = withLuhnCheckDigit('411111111111111');
      const result = normaliseSettleEvent(sale({ metadata: { [`k${card}`]: 'x' } }), 'msg_1');
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain(card);
    });
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
