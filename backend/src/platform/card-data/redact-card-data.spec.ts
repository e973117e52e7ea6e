import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, REDACTED_CARD_NUMBER, withLuhnCheckDigit } from './card-numbers.js';
import { isIdentifierKey, parseRedactedJson, redactCardData, redactCardNumbers, redactCardNumbersInJson } from './redact-card-data.js';

const R = REDACTED_CARD_NUMBER;
const CARD = '4111111111111111';
/** 13 digits and Luhn-valid, as a Shopify order id of today can be: no brand issues 56… numbers. */
const LUHN_VALID_ORDER_ID = Number(withLuhnCheckDigit('567890123456'));
/** 19 digits, Luhn-valid, Discover: beyond 2^53, so JSON.parse rounds it. */
const LONG_CARD = withLuhnCheckDigit(`6011${'0'.repeat(14)}`);

describe('redactCardData', () => {
  it('redacts card numbers in strings under any key, ids included, and in arrays', () => {
    const redacted = redactCardData({ note: `paid by card ${CARD}, call back`, card_number: '4111-1111-1111-1111', order_id: CARD, tags: [`qty 1 ${CARD}`] });
    expect(redacted).toEqual({ note: `paid by card ${R}, call back`, card_number: R, order_id: R, tags: [`qty 1 ${R}`] });
  });

  it('redacts a card number given as a JSON number under any key, id-named ones too', () => {
    const redacted = redactCardData(JSON.parse(`{"account": ${CARD}, "amount": -${CARD}, "reference": [${CARD}, 12], "order_id": ${CARD}}`));
    expect(redacted).toEqual({ account: R, amount: R, reference: [R, 12], order_id: R });
    expect(JSON.parse(JSON.stringify(redacted))).toEqual(redacted);
  });

  it('redacts integers beyond 2^53 whose real digits JSON.parse lost, unless they are ids', () => {
    // An 18-digit id that passes Luhn (no brand issues 82…), built rather than written out.
    const id = withLuhnCheckDigit(`8${'2'.repeat(16)}`);
    const parsed = JSON.parse(`{"pan_hint": ${LONG_CARD}, "id": ${id}, "big": 123456789012345678901}`);
    expect(Number.isSafeInteger(parsed.pan_hint)).toBe(false);
    expect(redactCardData(parsed)).toEqual({ pan_hint: R, id: parsed.id, big: parsed.big });
  });

  it('keeps Shopify ids that are no card number, Luhn-valid or not', () => {
    const order = { id: LUHN_VALID_ORDER_ID, admin_graphql_api_id: `gid://shopify/Order/${LUHN_VALID_ORDER_ID}`, line_items: [{ id: LUHN_VALID_ORDER_ID, quantity: 1 }], note: `card ${CARD}` };
    expect(redactCardData(order)).toEqual({ ...order, note: `card ${R}` });
  });

  it('knows id-named keys', () => {
    expect(['id', 'ids', 'order_id', 'variant_ids', 'customerId', 'orderIDs', 'ID'].every(isIdentifierKey)).toBe(true);
    expect(['paid', 'valid', 'card_id', 'cardId', 'identity', 'number'].some(isIdentifierKey)).toBe(false);
  });

  it('keeps the fields the caller names (ids it has tokenised already)', () => {
    const event = { orderId: 'tok-abc', orderNumber: `#${CARD}`, lines: [{ title: CARD }] };
    expect(redactCardData(event, new Set(['orderId']))).toEqual({ orderId: 'tok-abc', orderNumber: `#${R}`, lines: [{ title: R }] });
  });

  it('keeps short, non-card and fractional numbers, and follows JSON.stringify for dates and undefined', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const value = { amount: 1005.1, txn: 392483066, ref: 4111111111111112, at, gone: undefined, list: [1, null] };
    expect(redactCardNumbers(value)).toEqual({ amount: 1005.1, txn: 392483066, ref: 4111111111111112, at: '2026-03-01T10:00:00.000Z', list: [1, null] });
  });

  it('copies, never changes what it was given', () => {
    const original = { note: CARD, nested: { note: CARD } };
    redactCardData(original);
    expect(original).toEqual({ note: CARD, nested: { note: CARD } });
  });
});

describe('redactCardNumbersInJson', () => {
  it('turns a JSON number holding a card number into a string before JSON.parse can round it', () => {
    const text = `{"a":${LONG_CARD},"b":[1,-${CARD}],"c":${CARD}.5,"d":1e5,"e":"x ${CARD} y","f":12.30}`;
    const redacted = redactCardNumbersInJson(text);
    expect(JSON.parse(redacted)).toEqual({ a: R, b: [1, R], c: R, d: 1e5, e: `x ${R} y`, f: 12.3 });
    expect(redacted).not.toContain(LONG_CARD.slice(0, 15));
  });

  it('leaves escape sequences intact and JSON without card numbers as it is', () => {
    const text = '{"a":"\\u0034111111111111111","b":"tab\\t4111111111111111","c":"\\"quoted\\" 12","n":123456789012345}';
    const redacted = redactCardNumbersInJson(text);
    // The first hides its card number behind an escape: only the parsed pass (parseRedactedJson) sees it.
    expect(JSON.parse(redacted)).toEqual({ a: CARD, b: `tab\t${R}`, c: '"quoted" 12', n: 123456789012345 });
    const clean = '{"amount":{"minor":2500,"currency":"USD"},"id":450789469,"at":"2026-03-01T09:15:00Z"}';
    expect(redactCardNumbersInJson(clean)).toBe(clean);
  });

  it('parseRedactedJson catches what escapes hid from the text', () => {
    const text = '{"a":"\\u0034111111111111111","b":4111111111111111}';
    expect(parseRedactedJson(text)).toEqual({ a: R, b: R });
  });

  it('gives valid JSON without a card number for any value holding card numbers (property)', () => {
    const card = fc
      .constantFrom('4', '51', '34', '6011', '3528', '62')
      .chain((prefix) => fc.stringMatching(/^\d{14}$/).map((body) => withLuhnCheckDigit(`${prefix}${body}`.slice(0, 15))));
    const leaf = fc.oneof(
      card.map((c) => Number(c)),
      card.map((c) => `note ${c} end`),
      fc.integer(),
      fc.string(),
      fc.constant(null),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value);
        const redacted = redactCardNumbersInJson(text);
        const parsed = JSON.parse(redacted);
        expect(containsCardNumber(redacted)).toBe(false);
        expect(containsCardNumber(JSON.stringify(redactCardData(parsed)))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
