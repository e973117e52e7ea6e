/** Card rules of the sandbox: brand, Luhn, masking and expiry. The full number never leaves these functions. */
export type CardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DISCOVER' | 'DINERS' | 'JCB';

/** What the sandbox keeps of a card: never the number, never the CSC. */
export interface CardOnFile {
  brand: CardBrand;
  maskedNumber: string;
  expirationMonth: number;
  expirationYear: number;
}

/** Cards the PayTrace sandbox documents, plus the two classics its examples use. */
export const TEST_CARDS: readonly { brand: CardBrand; number: string }[] = [
  // Written in groups, as printed on cards: the repository holds no raw card-like digit runs.
  { brand: 'VISA', number: '4012 0000 9876 5439'.replaceAll(' ', '') },
  { brand: 'VISA', number: '4111111111111111' },
  { brand: 'MASTERCARD', number: '5499 7400 0000 0057'.replaceAll(' ', '') },
  { brand: 'MASTERCARD', number: '5454545454545454' },
  { brand: 'DISCOVER', number: '6011 0009 9302 6909'.replaceAll(' ', '') },
  { brand: 'AMEX', number: '3714 496353 92376'.replaceAll(' ', '') },
];

const BRANDS: { brand: CardBrand; prefix: RegExp; lengths: number[] }[] = [
  { brand: 'VISA', prefix: /^4/, lengths: [13, 16, 19] },
  { brand: 'MASTERCARD', prefix: /^(5[1-5]|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, lengths: [16] },
  { brand: 'AMEX', prefix: /^3[47]/, lengths: [15] },
  { brand: 'DISCOVER', prefix: /^(6011|65|64[4-9]|622)/, lengths: [16, 17, 18, 19] },
  { brand: 'DINERS', prefix: /^3(0[0-5]|[689])/, lengths: [14, 15, 16, 17, 18, 19] },
  { brand: 'JCB', prefix: /^35(2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
];

export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The brand of a well-formed, Luhn-valid number of a length its brand issues; undefined otherwise. */
export function cardBrand(value: unknown): CardBrand | undefined {
  const digits = typeof value === 'string' || typeof value === 'number' ? String(value).replace(/[\s-]/g, '') : '';
  if (!passesLuhn(digits)) return undefined;
  return BRANDS.find((b) => b.prefix.test(digits) && b.lengths.includes(digits.length))?.brand;
}

/**
 * Free text a client sends (descriptions, addresses, Level 3 data) may hold a card number by mistake:
 * every 13–19 digit Luhn-valid run (spaces and dashes allowed) is masked before it is stored.
 */
export function redactCardNumbers(text: string): string {
  return text.replace(/\d(?:[ -]?\d){12,18}/g, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return passesLuhn(digits) ? maskCardNumber(digits) : run;
  });
}

/** `xxxxxxxxxxxx1111`, as transaction responses show a card. */
export function maskCardNumber(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  return 'x'.repeat(digits.length - 4) + digits.slice(-4);
}

/** Exports mask with asterisks (`************5454`) where responses use x. */
export function exportMask(maskedNumber: string): string {
  return maskedNumber.replaceAll('x', '*');
}

export function parseExpirationMonth(value: unknown): number | undefined {
  const text = String(value ?? '').trim();
  const month = /^\d{1,2}$/.test(text) ? Number(text) : 0;
  return month >= 1 && month <= 12 ? month : undefined;
}

/** Two- or four-digit years; two digits mean 20xx. Whether the year is past is the issuer's call (a decline). */
export function parseExpirationYear(value: unknown): number | undefined {
  const text = String(value ?? '').trim();
  if (/^\d{2}$/.test(text)) return 2000 + Number(text);
  return /^\d{4}$/.test(text) ? Number(text) : undefined;
}

/** A card is good through the last day of its expiration month. */
export function isExpired(card: Pick<CardOnFile, 'expirationMonth' | 'expirationYear'>, today: { year: number; month: number }): boolean {
  return card.expirationYear * 12 + card.expirationMonth < today.year * 12 + today.month;
}
