import { describe, expect, it } from 'vitest';
import { isPayTraceReference, payTraceReference, referenceInText, SETTLE_REFERENCE, settleMarker, settleMarkerPattern } from './references.js';

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

describe('Settle markers', () => {
  it('writes and finds the reference in a text field', () => {
    expect(settleMarker('WEB-10045')).toBe('<Settle WEB-10045>');
    expect(settleMarkerPattern('WEB-10045')).toBe('%<Settle WEB-10045>%');
    expect(referenceInText('Ship to the back door\r\n<Settle WEB-10045>')).toBe('WEB-10045');
    expect(referenceInText('<Settle WEB-1>')).not.toBe('WEB-10045');
    expect(referenceInText('nothing here')).toBeNull();
    expect(referenceInText(null)).toBeNull();
    for (const ok of ['PTC123', 'WEB-10045', 'cust:42', 'A/B#7.1']) expect(SETTLE_REFERENCE.test(ok)).toBe(true);
    // LIKE wildcards and the marker's end never appear in a reference.
    for (const bad of ['', '-LEADING', 'A_B', '50%', '[x]', 'a>b', 'has space', 'X'.repeat(41)]) expect(SETTLE_REFERENCE.test(bad)).toBe(false);
  });
});

describe('isPayTraceReference', () => {
  it("tells Settle's references from what a person typed", () => {
    for (const event of ['payment', 'void', 'chargeback'] as const) expect(isPayTraceReference(payTraceReference(123456789, event))).toBe(true);
    expect(isPayTraceReference(' PT42 ')).toBe(true);
    for (const typed of ['10452', 'PT 4411', 'PT4411-X', 'VISA 4821', '', 'PTC-5001']) expect(isPayTraceReference(typed)).toBe(false);
  });
});
