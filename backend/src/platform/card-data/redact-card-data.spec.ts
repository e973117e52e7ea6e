import { describe, expect, it } from 'vitest';
import { REDACTED_CARD_NUMBER, withLuhnCheckDigit } from './card-numbers.js';
import { isIdentifierKey, redactCardData, redactCardNumbers } from './redact-card-data.js';

const CARD = '4111111111111111';
/** 13 digits and Luhn-valid, as a Shopify order id of today can be. */
const LUHN_VALID_ORDER_ID = Number(withLuhnCheckDigit('567890123456'));

describe('redactCardData', () => {
  it('redacts card numbers in strings under any key, ids included, and in arrays', () => {
    const redacted = redactCardData({ note: `paid by card ${CARD}, call back`, card_number: '4111-1111-1111-1111', order_id: CARD, tags: [`x ${CARD}`] });
    expect(redacted).toEqual({ note: `paid by card ${REDACTED_CARD_NUMBER}, call back`, card_number: REDACTED_CARD_NUMBER, order_id: REDACTED_CARD_NUMBER, tags: [`x ${REDACTED_CARD_NUMBER}`] });
  });

  it('redacts a Luhn-valid JSON number under a key that is not an identifier, keeping the JSON valid', () => {
    const redacted = redactCardData(JSON.parse(`{"account": ${CARD}, "amount": -${CARD}, "reference": [${CARD}, 12]}`));
    expect(redacted).toEqual({ account: REDACTED_CARD_NUMBER, amount: REDACTED_CARD_NUMBER, reference: [REDACTED_CARD_NUMBER, 12] });
    expect(JSON.parse(JSON.stringify(redacted))).toEqual(redacted);
  });

  it('redacts integers beyond 2^53 whose real digits JSON.parse lost, unless they are ids', () => {
    // A 19-digit Luhn-valid number (Discover's test range); parsed, it is rounded.
    const pan = withLuhnCheckDigit('601100099013942412');
    const parsed = JSON.parse(`{"pan_hint": ${pan}, "id": ${pan}, "big": 123456789012345678901}`);
    expect(Number.isSafeInteger(parsed.pan_hint)).toBe(false);
    expect(redactCardData(parsed)).toEqual({ pan_hint: REDACTED_CARD_NUMBER, id: parsed.id, big: parsed.big });
  });

  it('keeps Shopify ids: JSON numbers under id-named keys and GraphQL global ids', () => {
    const order = {
      id: LUHN_VALID_ORDER_ID,
      admin_graphql_api_id: `gid://shopify/Order/${LUHN_VALID_ORDER_ID}`,
      customer: { id: LUHN_VALID_ORDER_ID, note: `card ${CARD}` },
      line_items: [{ id: LUHN_VALID_ORDER_ID, product_id: LUHN_VALID_ORDER_ID, variant_id: LUHN_VALID_ORDER_ID, quantity: 1 }],
      discount_ids: [LUHN_VALID_ORDER_ID],
      checkoutId: LUHN_VALID_ORDER_ID,
    };
    expect(redactCardData(order)).toEqual({ ...order, customer: { id: LUHN_VALID_ORDER_ID, note: `card ${REDACTED_CARD_NUMBER}` } });
  });

  it('does not take card-named or look-alike keys for identifiers', () => {
    expect(['id', 'ids', 'order_id', 'variant_ids', 'customerId', 'orderIDs', 'ID'].every(isIdentifierKey)).toBe(true);
    expect(['paid', 'valid', 'card_id', 'cardId', 'identity', 'number'].some(isIdentifierKey)).toBe(false);
    expect(redactCardData({ card_id: Number(CARD), valid: Number(CARD) })).toEqual({ card_id: REDACTED_CARD_NUMBER, valid: REDACTED_CARD_NUMBER });
    // A global id is only kept under an id-named key, and only in Shopify's exact form.
    expect(redactCardData({ note: `gid://shopify/Order/${CARD}`, id: `gid://shopify/Order/${CARD} ` })).toEqual({
      note: `gid://shopify/Order/${REDACTED_CARD_NUMBER}`,
      id: `gid://shopify/Order/${REDACTED_CARD_NUMBER} `,
    });
  });

  it('keeps the fields the caller names as identifiers, whatever their value', () => {
    const event = { orderId: String(LUHN_VALID_ORDER_ID), orderNumber: `#${CARD}`, lines: [{ title: CARD }] };
    expect(redactCardData(event, new Set(['orderId']))).toEqual({ orderId: String(LUHN_VALID_ORDER_ID), orderNumber: `#${REDACTED_CARD_NUMBER}`, lines: [{ title: REDACTED_CARD_NUMBER }] });
  });

  it('keeps short, non-Luhn and fractional numbers, and follows JSON.stringify for dates and undefined', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const value = { amount: 1005.1, txn: 392483066, ref: 4111111111111112, fraction: 4111111111111111.5, at, gone: undefined, list: [1, null] };
    expect(redactCardNumbers(value)).toEqual({ amount: 1005.1, txn: 392483066, ref: 4111111111111112, fraction: value.fraction, at: '2026-03-01T10:00:00.000Z', list: [1, null] });
  });

  it('copies, never changes what it was given', () => {
    const original = { note: CARD, nested: { note: CARD } };
    redactCardData(original);
    expect(original).toEqual({ note: CARD, nested: { note: CARD } });
  });
});
