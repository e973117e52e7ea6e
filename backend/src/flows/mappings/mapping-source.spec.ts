import { describe, expect, it } from 'vitest';
import { mappingsReadPayload, ruleReadsPayload, withPayload } from './mapping-source.js';

describe('mapping source', () => {
  it('puts the payload as it arrived next to the normalised event, and leaves an event without one as it is', () => {
    const event = { type: 'payment.approved', amountMinor: 1200 };
    expect(withPayload(event, { invoice_id: 'INV1' })).toEqual({ ...event, payload: { invoice_id: 'INV1' } });
    expect(withPayload(event, undefined)).toBe(event);
    expect(withPayload(event, null)).toBe(event);
  });

  it('knows which rules read the payload', () => {
    expect(ruleReadsPayload({ kind: 'path', path: 'payload.invoice_id' })).toBe(true);
    expect(ruleReadsPayload({ kind: 'path', path: 'payload' })).toBe(true);
    expect(ruleReadsPayload({ kind: 'path', path: 'payload[0].id' })).toBe(true);
    expect(ruleReadsPayload({ kind: 'path', path: 'payloads.x' })).toBe(false);
    expect(ruleReadsPayload({ kind: 'path', path: 'fields.invoice_id' })).toBe(false);
    expect(ruleReadsPayload({ kind: 'lookup', path: 'payload.card_type', table: {}, otherwise: null })).toBe(true);
    expect(ruleReadsPayload({ kind: 'expression', expression: "$uppercase(payload.description) & 'x'" })).toBe(true);
    expect(ruleReadsPayload({ kind: 'expression', expression: '$source.payload.line_items[0].sku' })).toBe(true);
    expect(ruleReadsPayload({ kind: 'expression', expression: 'my_payload & $payloads' })).toBe(false);
    expect(ruleReadsPayload({ kind: 'constant', value: 'payload' })).toBe(false);
  });

  it('looks at every rule of every record', () => {
    expect(mappingsReadPayload(undefined)).toBe(false);
    expect(mappingsReadPayload({ cash_receipt: { dtepaid: { kind: 'path', path: 'occurredAt' } } })).toBe(false);
    expect(mappingsReadPayload({ cash_receipt: { dtepaid: { kind: 'path', path: 'occurredAt' } }, gl_distribution: { descrip: { kind: 'path', path: 'payload.description' } } })).toBe(true);
  });
});
