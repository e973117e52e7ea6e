/**
 * PayTrace takes amounts as decimal dollars ("1.00", "1", 1.5); the sandbox keeps integer cents and
 * converts only at the edges. Currency is USD only.
 */
export function parseAmount(value: unknown): number | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** "8.10": how request-side money fields (tax_amount) come back in exports. */
export function formatDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A JSON number of dollars (110, 1.5), as export `amount` fields show it. */
export function dollars(cents: number): number {
  return Number(formatDollars(cents));
}
