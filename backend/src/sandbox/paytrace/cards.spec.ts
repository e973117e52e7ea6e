import { describe, expect, it } from 'vitest';
import {
  cardBrand,
  exportMask,
  isExpired,
  maskCardNumber,
  parseExpirationMonth,
  parseExpirationYear,
  passesLuhn,
  redactCardNumbers,
  TEST_CARDS,
} from './cards.js';

describe('cards', () => {
  it('recognises every documented test card', () => {
    for (const card of TEST_CARDS) expect(cardBrand(card.number)).toBe(card.brand);
  });

  it('refuses numbers that fail Luhn or have the wrong length for their brand', () => {
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(cardBrand('4111111111111112')).toBeUndefined();
    expect(cardBrand('54545454545454')).toBeUndefined(); // 14 digits: what AM's remote test sends for error 35
    expect(cardBrand('')).toBeUndefined();
    expect(cardBrand('4111-1111-1111-1111')).toBe('VISA');
    expect(cardBrand('2221 0000 0000 0009'.replaceAll(' ', ''))).toBe('MASTERCARD');
  });

  it('masks with x in responses and * in exports', () => {
    expect(maskCardNumber('4111111111111111')).toBe('xxxxxxxxxxxx1111');
    expect(maskCardNumber('3714 496353 92376'.replaceAll(' ', ''))).toBe('xxxxxxxxxxx2376');
    expect(exportMask('xxxxxxxxxxxx5454')).toBe('************5454');
  });

  it('masks card numbers hidden in free text, and nothing else', () => {
    expect(redactCardNumbers('card 4111 1111 1111 1111 for order 12345')).toBe('card xxxxxxxxxxxx1111 for order 12345');
    expect(redactCardNumbers('PO 1234567890123')).toBe('PO 1234567890123');
  });

  it('reads expiry months and years the way clients send them', () => {
    expect(parseExpirationMonth('9')).toBe(9);
    expect(parseExpirationMonth(12)).toBe(12);
    expect(parseExpirationMonth('14')).toBeUndefined();
    expect(parseExpirationMonth('0')).toBeUndefined();
    expect(parseExpirationYear('2030')).toBe(2030);
    expect(parseExpirationYear(30)).toBe(2030);
    expect(parseExpirationYear('1999')).toBe(1999);
    expect(parseExpirationYear('203')).toBeUndefined();
  });

  it('treats a card as good through its expiration month', () => {
    const today = { year: 2026, month: 11 };
    expect(isExpired({ expirationMonth: 11, expirationYear: 2026 }, today)).toBe(false);
    expect(isExpired({ expirationMonth: 10, expirationYear: 2026 }, today)).toBe(true);
    expect(isExpired({ expirationMonth: 1, expirationYear: 2027 }, today)).toBe(false);
  });
});
