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

/** Integer minor units → exact decimal string, e.g. (-12345, 2) → "-123.45". No floating point. */
export function minorToDecimal(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  return digits > 0 ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

/**
 * Formats an amount kept in integer minor units (cents) with Intl.NumberFormat. The decimal is built as
 * a string and handed to format() as such (exact in current engines: no float rounding on the way).
 */
export function formatMinor(amountMinor: number, currency: string, locale?: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    return `${minorToDecimal(amountMinor, 2)} ${currency}`; // unknown currency code
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // ES2023 Intl: format("123.45") takes the decimal string as is; lib ES2022 only types number | bigint.
  return (format.format as unknown as (value: string) => string)(minorToDecimal(amountMinor, digits));
}
