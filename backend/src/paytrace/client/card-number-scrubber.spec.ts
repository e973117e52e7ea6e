import { describe, expect, it } from 'vitest';
import { REDACTED_CARD_NUMBER, scrubCardNumbers } from './card-number-scrubber.js';

describe('scrubCardNumbers', () => {
  it.each(['4111111111111111', '4012000098765439', '5499740000000057', '371449635392376', '6011000993026909', '4222222222222', '6011000990139424124'])(
    'redacts the Luhn-valid card number %s',
    (pan) => {
      expect(scrubCardNumbers(`Card ${pan} was declined`)).toBe(`Card ${REDACTED_CARD_NUMBER} was declined`);
    },
  );

  it('redacts numbers written with spaces or dashes', () => {
    expect(scrubCardNumbers('4111 1111 1111 1111')).toBe(REDACTED_CARD_NUMBER);
    expect(scrubCardNumbers('4111-1111-1111-1111.')).toBe(`${REDACTED_CARD_NUMBER}.`);
  });

  it('keeps ids, amounts, short and non-Luhn numbers', () => {
    const text = 'Transaction ID 392483066 for 1005.10 on 4/10/2015; ref 4111111111111112; batch 123456789012';
    expect(scrubCardNumbers(text)).toBe(text);
  });

  it('redacts a card number hidden inside a longer digit run', () => {
    expect(scrubCardNumbers('x 004111111111111111 y')).toBe(`x ${REDACTED_CARD_NUMBER} y`);
  });

  it('leaves text without digits, leading spaces included, untouched', () => {
    expect(scrubCardNumbers('    DECLINE - Do not honor')).toBe('    DECLINE - Do not honor');
  });
});
