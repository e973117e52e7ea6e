import { useEffect, useState } from 'react';

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": a whole number of seconds, for people. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} d${s % 86_400 >= 3600 ? ` ${Math.floor((s % 86_400) / 3600)} h` : ''}`;
}

export const ago = (iso: string, now: number) => `${duration((now - Date.parse(iso)) / 1000)} ago`;

export const dateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/** The current time, re-rendering every `intervalMs`, for "x s ago" labels. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Integer minor units → exact decimal string, e.g. (-12345, 2) → "-123.45", ("-5", 2) → "-0.05".
 * Works on the digits as text (a string keeps any size exact): no floating point.
 */
export function minorToDecimal(minor: number | string, digits: number): string {
  const text = typeof minor === 'number' ? Math.trunc(minor).toFixed(0) : minor.trim();
  const match = /^([+-]?)0*(\d+)$/.exec(text);
  if (!match) throw new RangeError(`Not an integer amount: "${text}"`);
  const sign = match[1] === '-' && /[1-9]/.test(match[2]) ? '-' : '';
  const abs = match[2].padStart(digits + 1, '0');
  return digits > 0 ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

// ES2023 Intl: format("123.45") takes the decimal string as is; lib ES2022 only types number | bigint.
const formatDecimal = (format: Intl.NumberFormat, decimal: string) =>
  (format.format as unknown as (value: string) => string)(decimal);

/**
 * Formats an amount kept in integer minor units (cents) with Intl.NumberFormat. The decimal is built as
 * a string and handed to format() as such (exact in current engines: no float rounding on the way).
 */
export function formatMinor(amountMinor: number | string, currency: string, locale?: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    return `${minorToDecimal(amountMinor, 2)} ${currency}`; // unknown currency code
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return formatDecimal(format, minorToDecimal(amountMinor, digits));
}

/**
 * Cents as text (Sage Pro money, always hundredths whatever the currency) → "$1,234.50", or "1,234.50"
 * without a currency. At least two decimals are shown, so that a currency with fewer (JPY) rounds nothing.
 */
export function formatCents(cents: string, currency?: string | null, locale?: string): string {
  const decimal = minorToDecimal(cents, 2);
  const code = currency?.trim().toUpperCase();
  if (code && /^[A-Z]{3}$/.test(code)) {
    try {
      const usual = new Intl.NumberFormat(locale, { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
      const digits = Math.max(usual, 2);
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
      return formatDecimal(format, decimal);
    } catch {
      // not a currency Intl knows: plain number below
    }
  }
  return formatDecimal(new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), decimal);
}
