/** The tenant's calendar days ('YYYY-MM-DD') as reconciliation counts them: whole days, no zone. */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01: days sort and subtract as numbers. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The day a stored date column holds. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
