/** The range a reconciliation covers: the tenant's calendar days, at most a quarter at once. */
import { InvalidInput } from '../platform/errors.js';

export const MAX_RANGE_DAYS = 92;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function valid(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return DAY.test(day) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

export function checkRange(from: string, to: string): void {
  if (!valid(from)) throw new InvalidInput('from', 'must be a day, YYYY-MM-DD');
  if (!valid(to)) throw new InvalidInput('to', 'must be a day, YYYY-MM-DD');
  if (to < from) throw new InvalidInput('to', 'must not be before from');
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) throw new InvalidInput('to', `a reconciliation covers at most ${MAX_RANGE_DAYS} days`);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The day `by` days from `day`. */
export function dayAround(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
}
