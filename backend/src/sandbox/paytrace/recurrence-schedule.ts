/**
 * When recurring payments run. PayTrace's `frequency` codes are not confirmed for v1; the sandbox uses
 * the legacy API's codes (README.md) and also accepts the Virtual Terminal's names ("Monthly").
 */
import { addDays, type IsoDate, isoDate } from './time.js';

type Step = { months: number } | { days: number } | { semiMonthly: true };

export const FREQUENCIES: Readonly<Record<string, { name: string; step: Step }>> = {
  '1': { name: 'Annually', step: { months: 12 } },
  '8': { name: 'Semi-Annually', step: { months: 6 } },
  A: { name: 'Trimesterly', step: { months: 4 } },
  '2': { name: 'Quarterly', step: { months: 3 } },
  '9': { name: 'Bi-Monthly', step: { months: 2 } },
  '3': { name: 'Monthly', step: { months: 1 } },
  '4': { name: 'Bi-Weekly', step: { days: 14 } },
  '7': { name: '1st and 15th', step: { semiMonthly: true } },
  '5': { name: 'Weekly', step: { days: 7 } },
  '6': { name: 'Daily', step: { days: 1 } },
};

/** `total_count` 999 means "until deleted". */
export const INDEFINITE_COUNT = 999;

/** Recurring charges run at about 12:30 AM merchant time on their date. */
export const RUN_MINUTES_AFTER_MIDNIGHT = 30;

/** The frequency code for a code or a name; undefined if unknown. */
export function frequencyCode(value: string): string | undefined {
  const wanted = value.trim().toLowerCase();
  return Object.entries(FREQUENCIES).find(([code, f]) => code.toLowerCase() === wanted || f.name.toLowerCase() === wanted)?.[0];
}

/** The first payment date: the start date, or for 1st-and-15th the next 1st or 15th. */
export function firstRunDate(start: IsoDate, frequency: string): IsoDate {
  const day = Number(start.slice(8));
  return 'semiMonthly' in FREQUENCIES[frequency].step && day !== 1 && day !== 15 ? nextSemiMonthly(start) : start;
}

/**
 * The payment date after `current`. Monthly steps keep the start date's day of month (Jan 31 →
 * Feb 28 → Mar 31), so that short months do not make the schedule drift.
 */
export function nextRunDate(current: IsoDate, frequency: string, start: IsoDate): IsoDate {
  const step = FREQUENCIES[frequency].step;
  if ('days' in step) return addDays(current, step.days);
  if ('semiMonthly' in step) return nextSemiMonthly(current);
  const [year, month] = current.split('-').map(Number);
  const index = year * 12 + (month - 1) + step.months;
  const [nextYear, nextMonth] = [Math.floor(index / 12), (index % 12) + 1];
  const lastDay = new Date(Date.UTC(nextYear, nextMonth, 0)).getUTCDate();
  return isoDate(nextYear, nextMonth, Math.min(Number(start.slice(8)), lastDay));
}

function nextSemiMonthly(date: IsoDate): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  if (day < 15) return isoDate(year, month, 15);
  return month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1);
}
