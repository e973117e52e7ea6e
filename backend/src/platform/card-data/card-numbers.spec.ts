import { describe, expect, it } from 'vitest';
import { passesLuhn, REDACTED_CARD_NUMBER, scrubCardNumbers, withLuhnCheckDigit } from './card-numbers.js';

describe('scrubCardNumbers', () => {
  it.each(['4111111111111111', '4012 0000 9876 5439'.replaceAll(' ', ''), '5499 7400 0000 0057'.replaceAll(' ', ''), '3714 496353 92376'.replaceAll(' ', ''), '6011 0009 9302 6909'.replaceAll(' ', ''), '4222 2222 2222 2'.replaceAll(' ', ''), '6011 0009 9013 9424 124'.replaceAll(' ', '')])(
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
    expect(scrubCardNumbers(`x 00${'4111111111111111'} y`)).toBe(`x ${REDACTED_CARD_NUMBER} y`);
  });

  it('leaves text without digits, leading spaces included, untouched', () => {
    expect(scrubCardNumbers('    DECLINE - Do not honor')).toBe('    DECLINE - Do not honor');
  });
});

describe('withLuhnCheckDigit', () => {
  it('appends the digit that makes the number pass Luhn, and only that one', () => {
    expect(withLuhnCheckDigit('411111111111111')).toBe('4111111111111111');
    const built = withLuhnCheckDigit('567890123456');
    expect(passesLuhn(built)).toBe(true);
    expect(passesLuhn(`${built.slice(0, -1)}${(Number(built.at(-1)) + 1) % 10}`)).toBe(false);
  });
});
