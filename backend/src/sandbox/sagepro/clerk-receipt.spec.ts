import { describe, expect, it } from 'vitest';
import { checkClerkReceipt, type ClerkReceipt } from './clerk-receipt.js';

const receipt: ClerkReceipt = { invno: '1001', amountCents: 12_345, date: '2026-10-30', refno: 'VISA 4821', card: true };

describe('a receipt a clerk keys by hand', () => {
  it('takes what a clerk types: a check number or a card slip note, whole cents, a date', () => {
    expect(() => checkClerkReceipt(receipt)).not.toThrow();
    expect(() => checkClerkReceipt({ ...receipt, refno: '10452', card: false, user: 'SAM' })).not.toThrow();
  });

  it('refuses a Settle reference, non-cents, a bad date, an over-long note or a bad user', () => {
    for (const bad of [
      { refno: 'PT123456' },
      { refno: 'pt99' },
      { refno: '   ' },
      { refno: 'X'.repeat(21) },
      { amountCents: 0 },
      { amountCents: -5 },
      { amountCents: 10.5 },
      { date: '30/10/2026' },
      { invno: 'ABC' },
      { user: 'klt' },
      { user: 'TOOLONG' },
    ]) {
      expect(() => checkClerkReceipt({ ...receipt, ...bad }), JSON.stringify(bad)).toThrow(RangeError);
    }
  });
});
