import { describe, expect, it } from 'vitest';
import { payTraceReference } from './references.js';

describe('payTraceReference', () => {
  it('prefixes the transaction id and tells voids and chargebacks apart from the receipt', () => {
    expect(payTraceReference(123456789)).toBe('PT123456789');
    expect(payTraceReference('987654321', 'refund')).toBe('PT987654321');
    expect(payTraceReference(123456789, 'void')).toBe('PT123456789-V');
    expect(payTraceReference(123456789, 'chargeback')).toBe('PT123456789-CB');
  });

  it('fits arcash.refno (char(20)) for any id PayTrace can send', () => {
    expect(payTraceReference('9'.repeat(15), 'chargeback').length).toBeLessThanOrEqual(20);
  });

  it.each(['', 'abc', '12.5', '1'.repeat(16)])('refuses %j', (id) => {
    expect(() => payTraceReference(id)).toThrow(RangeError);
  });
});
