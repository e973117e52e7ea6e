import { describe, expect, it } from 'vitest';
import type { ReceiptLineRecord } from '../../sagepro/company.js';
import { sageReceiptLine } from './sage-lines.js';

const record = (overrides: Partial<ReceiptLineRecord>): ReceiptLineRecord => ({
  id: 'arcash:12', reference: 'PT4411', custno: 'ACM100', invno: '1042', paidCents: 2_500, discountCents: 0, date: '2026-11-02', arsess: '313', cashAccount: '1010', currency: 'USD', ...overrides,
});
const CARD = new Set(['1010', '1015']);

describe('sageReceiptLine', () => {
  it("reads Settle's lines as they are, never as keyed by hand", () => {
    expect(sageReceiptLine(record({}), CARD)).toEqual({ id: 'arcash:12', reference: 'PT4411', custno: 'ACM100', invno: '1042', amountMinor: 2_500, currency: 'USD', date: '2026-11-02', handKeyed: false });
    expect(sageReceiptLine(record({ reference: 'PT4411-CB', paidCents: -2_500 }), CARD).handKeyed).toBe(false);
  });

  it('takes a line without a Settle reference to a card account for card money keyed by hand, and a check to another account for none of its business', () => {
    expect(sageReceiptLine(record({ reference: '10452 ', cashAccount: '1015' }), CARD)).toMatchObject({ reference: '10452', handKeyed: true });
    expect(sageReceiptLine(record({ reference: '', cashAccount: '1010' }), CARD).handKeyed).toBe(true);
    expect(sageReceiptLine(record({ reference: '10452', cashAccount: '1000' }), CARD).handKeyed).toBe(false);
    // 'PT' typed by a person with something else after it is not Settle's.
    expect(sageReceiptLine(record({ reference: 'PT 4411', cashAccount: '1010' }), CARD).handKeyed).toBe(true);
  });
});
