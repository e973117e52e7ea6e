/**
 * ISO 4217: every active currency code with its minor-unit exponent (the digits after the decimal
 * point: JPY 0, USD 2, KWD 3, CLF 4). Settle keeps money as integer minor units + this code, so the
 * one table here decides how every amount is read and written (webhooks, PayTrace, Sage Pro, tenants).
 *
 * Codes ISO lists without a minor unit (gold XAU, SDR XDR, the test code XTS, …) are not money Settle
 * can count in minor units, so they are refused like any unknown code, never taken as 2 decimals.
 */

/** List One of ISO 4217 (the 2025 amendments included: XCG beside ANG, ZWG beside ZWL, SLE beside SLL). */
const EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  ...codes(0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'),
  ...codes(2, [
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD',
    'CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL',
    'GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD',
    'LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN',
    'PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL',
    'THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL',
  ].join(' ')),
  ...codes(3, 'BHD IQD JOD KWD LYD OMR TND'),
  ...codes(4, 'CLF UYW'),
});

function codes(exponent: number, list: string): Record<string, number> {
  return Object.fromEntries(list.split(' ').map((code) => [code, exponent]));
}

/** A code that is not an active ISO 4217 currency with a minor unit. */
export class UnknownCurrency extends RangeError {
  constructor(readonly code: unknown) {
    super(`${JSON.stringify(code)} is not an ISO 4217 currency code`);
    this.name = 'UnknownCurrency';
  }
}

/** Every code of the table, sorted. */
export const ISO_4217_CODES: readonly string[] = Object.freeze(Object.keys(EXPONENTS).sort());

/** Whether `code` is an active ISO 4217 code (exactly, upper case). */
export function isIsoCurrency(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(EXPONENTS, code);
}

/** Digits after the decimal point of `code` (JPY 0, USD 2, KWD 3); an unknown code throws UnknownCurrency. */
export function minorUnitExponent(code: string): number {
  if (!isIsoCurrency(code)) throw new UnknownCurrency(code);
  return EXPONENTS[code];
}

/** As people read an amount: (12345, 'USD') → '123.45 USD'; (1200, 'JPY') → '1200 JPY'; (-5, 'KWD') → '-0.005 KWD'. */
export function moneyText(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Money must be a whole number of minor units, got ${minor}`);
  const exponent = minorUnitExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${minor < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}
