/**
 * PayTrace v1 shows times as `M/D/YYYY h:mm:ss AM/PM` with no zone, in the merchant's local time, and
 * takes `MM/DD/YYYY` dates for export ranges. Conversions use the connection's IANA time zone, with
 * Intl only (no time-zone library).
 *
 * Local times that DST makes ambiguous or impossible follow the RFC 5545 / Temporal "compatible" rule:
 * - fall-back overlap (1:30 AM happens twice): the EARLIER instant, i.e. the daylight-time reading;
 * - spring-forward gap (2:30 AM never happens): the wall time is moved forward by the gap (3:30 AM
 *   daylight time), i.e. read with the offset in force before the transition.
 * PayTrace never writes a gap time; the overlap can cost up to one hour of precision, which is why
 * Settle identifies transactions by id and uses timestamps only for ordering and reporting.
 */

/** A calendar day as `YYYY-MM-DD`. */
export type CalendarDate = string;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
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
  return formatter;
}

function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  return asUtc(wallClockAt(instant, timeZone)) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which `wall` reads in `timeZone`, by the rule in the header comment. */
export function instantOfWallClock(wall: WallClock, timeZone: string): Date {
  const target = asUtc(wall);
  const DAY = 86_400_000;
  // Offsets a day either side bracket any transition near this wall time (zones change at most once a day).
  const before = offsetAt(target - DAY, timeZone);
  const after = offsetAt(target + DAY, timeZone);
  const candidates = [...new Set([target - before, target - after])].filter((t) => asUtc(wallClockAt(t, timeZone)) === target).sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]);
  return new Date(target - before);
}

const TIMESTAMP = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])$/;

/**
 * `4/10/2015 4:06:30 PM` in `timeZone` → the UTC instant; undefined when the text is not such a
 * timestamp or names no real date/time. 12 AM is midnight, 12 PM is noon.
 */
export function parsePayTraceTimestamp(text: string, timeZone: string): Date | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [month, day, year, hour12, minute] = match.slice(1, 6).map(Number);
  const second = Number(match[6] ?? 0);
  if (!isRealDate(year, month, day) || hour12 < 1 || hour12 > 12 || minute > 59 || second > 59) return undefined;
  const hour = (hour12 % 12) + (match[7].toUpperCase() === 'PM' ? 12 : 0);
  return instantOfWallClock({ year, month, day, hour, minute, second }, timeZone);
}

/** The instant as PayTrace shows it in `timeZone`, e.g. `4/10/2015 4:06:30 PM`. */
export function formatPayTraceTimestamp(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.month}/${w.day}/${w.year} ${w.hour % 12 || 12}:${pad(w.minute)}:${pad(w.second)} ${w.hour < 12 ? 'AM' : 'PM'}`;
}

/**
 * `MM/DD/YYYY` for an export request: a CalendarDate (`YYYY-MM-DD`, already the merchant's day) as
 * is, or an instant as the day it falls on in `timeZone`.
 */
export function formatPayTraceDate(date: Date | CalendarDate, timeZone: string): string {
  const day = typeof date === 'string' ? date : localCalendarDate(date, timeZone);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) throw new RangeError(`not a calendar date: ${day}`);
  return `${match[2]}/${match[3]}/${match[1]}`;
}

/** `MM/DD/YYYY` (or M/D/YYYY) → CalendarDate; undefined when it is not a real date. */
export function parsePayTraceDate(text: string): CalendarDate | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const [month, day, year] = match.slice(1).map(Number);
  return isRealDate(year, month, day) ? calendarDate(year, month, day) : undefined;
}

/** The merchant's calendar day at `instant`. */
export function localCalendarDate(instant: Date, timeZone: string): CalendarDate {
  const w = wallClockAt(instant.getTime(), timeZone);
  return calendarDate(w.year, w.month, w.day);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
