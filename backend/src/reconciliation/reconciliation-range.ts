/** The range a reconciliation covers: the tenant's calendar days, at most a quarter at once. */
import { InvalidInput } from '../platform/errors.js';
import { daysBetween } from './matching/days.js';

export const MAX_RANGE_DAYS = 92;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

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

