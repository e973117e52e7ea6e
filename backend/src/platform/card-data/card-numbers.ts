/**
 * Settle never keeps a card number: not in stored events, logs, alerts, dead letters or Sage Pro. A card
 * number is a 13–19 digit run that starts with a card brand's prefix, has a length that brand issues,
 * and passes the Luhn check. It is found wherever it hides:
 * - inside text and between other words (`qty 1 4111111111111111`),
 * - with any mix of spaces, dots and dashes between its digit groups (`4111.1111  1111-1111`),
 * - glued to letters or to other digits (`x04111111111111111`): every window of a digit run is checked.
 * Numbers without a brand prefix, of another length, or failing Luhn (transaction ids, amounts, dates,
 * Shopify's 13-digit order ids) stay readable.
 *
 * One pass over the text, then at most 7 windows of at most 19 digits per digit: linear in the length of the text.
 */
export const REDACTED_CARD_NUMBER = '[card number redacted]';

/** Characters allowed between two digit groups of one card number, and how many in a row. */
const isSeparator = (code: number) => code === 32 || code === 9 || code === 0xa0 || code === 46 || code === 45 || (code >= 0x2010 && code <= 0x2015);
const MAX_GAP = 3;
const MIN_LENGTH = 13;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const NONE: readonly number[] = [];
const VISA = [13, 16, 19];
const L15 = [15];
const L16 = [16];
const L16_19 = range(16, 19);
const L14_19 = range(14, 19);
const L13_19 = range(13, 19);

/** The lengths a brand issues at digits[i…], [] when no brand's prefix starts there. */
export function cardLengthsAt(digits: string, i: number): readonly number[] {
  const d = (k: number) => digits.charCodeAt(i + k) - 48;
  const p1 = d(0);
  if (p1 === 4) return VISA; // Visa
  if (p1 < 2 || p1 > 6) return NONE;
  const p2 = p1 * 10 + d(1);
  const p3 = p2 * 10 + d(2);
  const p4 = p3 * 10 + d(3);
  if (p2 >= 51 && p2 <= 55) return L16; // Mastercard
  if (p4 >= 2221 && p4 <= 2720) return L16; // Mastercard 2-series
  if (p4 >= 2200 && p4 <= 2204) return L16_19; // Mir
  if (p2 === 34 || p2 === 37) return L15; // American Express
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || p2 === 62) return L16_19; // Discover, UnionPay (622126–622925 too)
  if (p4 >= 3528 && p4 <= 3589) return L16_19; // JCB
  if ((p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39) return L14_19; // Diners Club
  if (MAESTRO.has(p4)) return L13_19; // Maestro (12-digit ones are too short to tell from ids)
  return NONE;
}
const MAESTRO = new Set([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763]);

/** Whether `digits` as a whole is a card number (brand prefix, brand length, Luhn). */
export function looksLikeCardNumber(digits: string): boolean {
  return /^\d{13,19}$/.test(digits) && cardLengthsAt(digits, 0).includes(digits.length) && passesLuhn(digits);
}

export function passesLuhn(digits: string, start = 0, end = digits.length): boolean {
  let sum = 0;
  for (let i = 0; i < end - start; i++) {
    let digit = digits.charCodeAt(end - 1 - i) - 48;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** `digits` with the one check digit appended that makes the whole pass Luhn (tests build ids with it). */
export function withLuhnCheckDigit(digits: string): string {
  for (let check = 0; check <= 9; check++) if (passesLuhn(`${digits}${check}`)) return `${digits}${check}`;
  throw new Error(`not digits: ${digits}`);
}

/** What replaces a card number found in text; gets its digits (tokens are made of them). */
export type CardReplacement = (digits: string) => string;

/** Every card number in `text` replaced with REDACTED_CARD_NUMBER. */
export function scrubCardNumbers(text: string): string {
  return replaceCardNumbers(text, () => REDACTED_CARD_NUMBER);
}

/** The digits of each card number in `text` (overlapping ones merged), for scans that report them masked. */
export function findCardNumbers(text: string): string[] {
  const found: string[] = [];
  forEachCardSpan(text, (_from, _to, digits) => found.push(digits));
  return found;
}

/** How a report shows a card number it found: its length and last four digits only. */
export function maskCardNumber(digits: string): string {
  return `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function containsCardNumber(text: string): boolean {
  let found = false;
  forEachCardSpan(text, () => {
    found = true;
  });
  return found;
}

/**
 * Every card number in `text` replaced with what `replacement` makes of its digits. Overlapping or
 * adjacent card numbers (a digit run may hold several candidates) become one replacement, so no digit
 * of any of them is left.
 */
export function replaceCardNumbers(text: string, replacement: CardReplacement): string {
  let out = '';
  let copied = 0;
  forEachCardSpan(text, (from, to, digits) => {
    out += text.slice(copied, from) + replacement(digits);
    copied = to;
  });
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Card numbers that make up a whole digit run (separators allowed), for scans of data at rest. A
 * card inside a longer run is redacted on the way in, but at rest it cannot be told from ids and
 * timestamps glued together: about one `user-4-<Date.now()>` in twenty-five holds a 13-digit Visa.
 */
export function findWholeCardNumbers(text: string): string[] {
  const found: string[] = [];
  forEachDigitChunk(text, (digits) => {
    if (looksLikeCardNumber(digits)) found.push(digits);
  });
  return found;
}

/** Calls `found(from, to, digits)` for each text span [from, to) covering card numbers, in order. */
function forEachCardSpan(text: string, found: (from: number, to: number, digits: string) => void): void {
  forEachDigitChunk(text, (digits, positions) => reportChunk(digits, positions, found));
}

/** Each run of at least MIN_LENGTH digits joined by short gaps of separators, with each digit's position. */
function forEachDigitChunk(text: string, chunk: (digits: string, positions: number[]) => void): void {
  if (text.length < MIN_LENGTH) return;
  const positions: number[] = [];
  let digits = '';
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    positions.length = 0;
    digits = '';
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (isDigit(code)) {
        positions.push(i);
        digits += text[i];
        i++;
        continue;
      }
      let gap = 0;
      while (gap < MAX_GAP && i + gap < text.length && isSeparator(text.charCodeAt(i + gap))) gap++;
      if (gap === 0 || i + gap >= text.length || !isDigit(text.charCodeAt(i + gap))) break;
      i += gap;
    }
    if (digits.length >= MIN_LENGTH) chunk(digits, positions);
  }
}

function reportChunk(digits: string, positions: number[], found: (from: number, to: number, digits: string) => void): void {
  // Card numbers that overlap or touch are merged into one span of digits [spanStart, spanEnd).
  let spanStart = -1;
  let spanEnd = -1;
  for (let start = 0; start + MIN_LENGTH <= digits.length; start++) {
    let end = -1;
    for (const length of cardLengthsAt(digits, start)) {
      if (start + length <= digits.length && passesLuhn(digits, start, start + length)) end = Math.max(end, start + length);
    }
    if (end < 0) continue;
    if (spanStart >= 0 && start <= spanEnd) {
      spanEnd = Math.max(spanEnd, end);
      continue;
    }
    if (spanStart >= 0) found(positions[spanStart], positions[spanEnd - 1] + 1, digits.slice(spanStart, spanEnd));
    spanStart = start;
    spanEnd = end;
  }
  if (spanStart >= 0) found(positions[spanStart], positions[spanEnd - 1] + 1, digits.slice(spanStart, spanEnd));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
