import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatOfPayload, formatOfStoredEvent } from './sample-format.js';

const CASES = join(import.meta.dirname, '../../../../test/fixtures/mapping-eval');

describe('formatOfPayload', () => {
  it('names every sample of the evaluation set as its case does', () => {
    const files = readdirSync(CASES).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const { format, sample } = JSON.parse(readFileSync(join(CASES, file), 'utf8')) as { format: string; sample: unknown };
      expect(formatOfPayload(sample), file).toBe(format);
    }
  });

  it('calls anything else pasted-json', () => {
    expect(formatOfPayload({ hello: 'world' })).toBe('pasted-json');
    expect(formatOfPayload([1, 2])).toBe('pasted-json');
    expect(formatOfPayload('text')).toBe('pasted-json');
  });
});

describe('formatOfStoredEvent', () => {
  it('derives the format from where the event came from', () => {
    expect(formatOfStoredEvent('paytrace', 'payment.approved')).toBe('paytrace-export');
    expect(formatOfStoredEvent('shopify', 'order.created')).toBe('shopify-order');
    expect(formatOfStoredEvent('partner', 'order.created')).toBe('settle-order-event');
    expect(formatOfStoredEvent('settle', 'payment.refunded')).toBe('settle-payment-event');
  });
});
