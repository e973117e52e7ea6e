/**
 * PayTrace speaks local time: exports show `M/D/YYYY h:mm:ss AM/PM` and take `MM/DD/YYYY` date
 * ranges, both in the merchant's time zone. Plain Intl, no time-zone library.
 */

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, timeZone: string): LocalParts {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `4/10/2015 4:06:30 PM`: no leading zeros on month, day and hour; no zone. */
export function formatTimestamp(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const hour = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.month}/${p.day}/${p.year} ${hour}:${pad(p.minute)}:${pad(p.second)} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

/** The merchant's calendar date at `instant`. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  const p = localParts(instant, timeZone);
  return isoDate(p.year, p.month, p.day);
}

/** The instant at which local wall-clock time `date` + `minutes` after midnight occurs (DST-aware). */
export function localInstant(date: IsoDate, timeZone: string, minutes = 0): Date {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const offsetAt = (t: number) => {
    const p = localParts(new Date(t), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t;
  };
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

/** `MM/DD/YYYY` (single-digit month/day tolerated) as an ISO date; undefined if not a real date. */
export function parseUsDate(value: unknown): IsoDate | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(value ?? '').trim());
  if (!match) return undefined;
  const [month, day, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day ? isoDate(year, month, day) : undefined;
}

/** `MM/DD/YYYY`, how recurrence dates go back to clients. */
export function formatUsDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${month}/${day}/${year}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, day + days));
  return isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
