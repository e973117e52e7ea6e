import { describe, expect, it } from 'vitest';
import { cardIdToken, cardIdTokenKey, tokeniseCardNumbers } from './card-id-tokens.js';
import { containsCardNumber, withLuhnCheckDigit } from './card-numbers.js';

const KEY = cardIdTokenKey(Buffer.alloc(32, 7));
const CARD = '4111111111111111';
/** A 13-digit Luhn-valid id without a brand prefix (Shopify's order ids), made here rather than written out. */
const SHOPIFY_LIKE_ID = withLuhnCheckDigit('567890123456');

describe('card-like ids', () => {
  it('become the same token every time, so redeliveries are still recognised', () => {
    const token = tokeniseCardNumbers(CARD, KEY, 'tenant-a');
    expect(token).toMatch(/^tok-[a-z2-7]{16}$/);
    expect(tokeniseCardNumbers(CARD, KEY, 'tenant-a')).toBe(token);
    expect(tokeniseCardNumbers(`order:${CARD}`, KEY, 'tenant-a')).toBe(`order:${token}`);
    expect(containsCardNumber(token)).toBe(false);
  });

  it('differ by card number, tenant and master key', () => {
    const other = '5555555555554444';
    const tokens = new Set([
      cardIdToken(CARD, KEY, 'tenant-a'),
      cardIdToken(other, KEY, 'tenant-a'),
      cardIdToken(CARD, KEY, 'tenant-b'),
      cardIdToken(CARD, cardIdTokenKey(Buffer.alloc(32, 8)), 'tenant-a'),
    ]);
    expect(tokens.size).toBe(4);
  });

  it('leave every other id as it is', () => {
    for (const id of ['120000123', 'order:450789469', 'msg_2Kq8', SHOPIFY_LIKE_ID, 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043']) {
      expect(tokeniseCardNumbers(id, KEY, 'tenant-a')).toBe(id);
    }
  });

  it('fit a Sage Pro reference (letters, digits and dashes, 40 characters with SHOP: and :C)', () => {
    const reference = `SHOP:${tokeniseCardNumbers(CARD, KEY, 'tenant-a')}:C`;
    expect(reference).toMatch(/^[A-Za-z0-9][A-Za-z0-9.:\/#-]{0,39}$/);
  });
});
