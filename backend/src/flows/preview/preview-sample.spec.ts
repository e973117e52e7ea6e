import { describe, expect, it } from 'vitest';
import { examplePayment, readPastedPayment } from './preview-sample.js';

const normalised = { type: 'payment.approved', transactionId: '880009999', amountMinor: 12_345, currency: 'USD', occurredAt: '2026-12-01T18:00:00Z', method: 'card' };

describe("a preview sample's payer texts", () => {
  it('a generated example carries them', () => {
    expect(examplePayment('approved').fields).toMatchObject({ description: expect.stringContaining('INV-1001'), customer_reference_id: expect.any(String) });
  });

  it('a pasted partner event gives its description and metadata as fields', () => {
    const read = readPastedPayment({
      type: 'payment.approved',
      data: { transaction_id: '7', amount: { minor: 100, currency: 'USD' }, occurred_at: '2026-12-01T18:00:00Z', description: 'Payment for INV-1001', metadata: { customer_po: 'PO-77' } },
    });
    expect(read).toMatchObject({ ok: true, event: { fields: { description: 'Payment for INV-1001', metadata: { customer_po: 'PO-77' } } } });
  });

  it('a pasted normalised event keeps its fields, trimmed, blank ones left out', () => {
    const read = readPastedPayment({ ...normalised, fields: { description: ' Payment for INV-1001 ', invoice_id: ' ', metadata: { customer_po: 'PO-77', blank: '' } } });
    expect(read).toEqual({ ok: true, event: { ...normalised, fields: { description: 'Payment for INV-1001', metadata: { customer_po: 'PO-77' } } } });
    const empty = readPastedPayment({ ...normalised, fields: { description: '' } });
    expect(empty.ok && empty.event).not.toHaveProperty('fields');
  });

  it('refuses fields it could not keep, naming the field', () => {
    expect(readPastedPayment({ ...normalised, fields: { description: 'd'.repeat(256) } })).toMatchObject({ ok: false, field: 'fields.description' });
    expect(readPastedPayment({ ...normalised, fields: { metadata: { customer_po: 77 } } })).toMatchObject({ ok: false, field: 'fields.metadata.customer_po' });
    expect(readPastedPayment({ ...normalised, fields: { metadata: { 'po-number': 'x' } } })).toMatchObject({ ok: false, field: expect.stringMatching(/^fields\.metadata/) });
  });
});
