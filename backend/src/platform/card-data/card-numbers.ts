/**
 * Settle never keeps a card number, not even one PayTrace echoes back in an error message: any run of
 * 13–19 digits (spaces or dashes allowed between them) that passes the Luhn check is replaced before
 * error text is kept or logged. Shorter or non-Luhn numbers (transaction ids, amounts) stay readable.
 */
export const REDACTED_CARD_NUMBER = '[card number redacted]';

// Digit runs with optional single separators; candidates are then checked for length and Luhn.
const DIGIT_RUN = /\d(?:[ -]?\d){12,}/g;

export function scrubCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => redactRun(run));
}

/** A run longer than 19 digits may still hide a card number inside it: check every window. */
function redactRun(run: string): string {
  const digits = run.replace(/[ -]/g, '');
  if (digits.length <= 19) return looksLikeCardNumber(digits) ? REDACTED_CARD_NUMBER : run;
  for (let length = 19; length >= 13; length--) {
    for (let start = 0; start + length <= digits.length; start++) {
      if (passesLuhn(digits.slice(start, start + length))) return REDACTED_CARD_NUMBER;
    }
  }
  return run;
}

export function looksLikeCardNumber(digits: string): boolean {
  return /^\d{13,19}$/.test(digits) && passesLuhn(digits);
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
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
