/**
 * PayTrace timestamps → the Sage Pro date ('YYYY-MM-DD') of the tenant's time zone.
 *
 * Two zones are involved: the PayTrace account's (PayTrace writes `M/D/YYYY h:mm:ss AM/PM` with no
 * zone, in the merchant's local time: reference paytrace-api.md "Timestamp format") and the one Sage
 * Pro dates are taken in (a flow's transform.timeZone, by default the PayTrace connection's). The
 * calendar arithmetic is the existing one: sageDate (pipeline/workflows/posting-rules.ts) for an
 * instant, instantOfWallClock (paytrace/client/time.ts) for a local time; this file decides which
 * applies and says what happened at a DST change:
 *
 * - An instant (ISO with Z or an offset, or a Date) is exact: its date in the Sage zone.
 * - A local time read in the same zone as the Sage date: the date as written. No DST question
 *   arises, even for a time the spring-forward gap skipped or the fall-back hour repeated.
 * - A local time read in another zone needs its instant first. Fall-back overlap (1:30 AM twice):
 *   the EARLIER instant, the daylight-time reading, because the repeated hour starts in daylight time
 *   and that is also the RFC 5545 / Temporal "compatible" rule the PayTrace client uses, so the two
 *   never disagree about an event. Spring-forward gap (2:30 AM never happened; PayTrace should never
 *   write one): read with the offset in force before the change, i.e. moved forward by the gap (3:30
 *   AM daylight time), the same rule. The reading is returned so a timeline can show it.
 * - A date alone ('YYYY-MM-DD' or 'M/D/YYYY') is already the merchant's calendar day and is kept.
 * - A time without AM/PM, an impossible date or time, or anything else is `invalid_timestamp`: the
 *   reference documents only the AM/PM form, and 4:06 without it could be morning or afternoon.
 */
import { instantOfWallClock } from '../../paytrace/client/time.js';
import { sageDate } from '../../pipeline/workflows/posting-rules.js';
import { isIsoDate, sageStamp } from '../../sagepro/dates.js';

export interface DateZones {
  /** The IANA zone PayTrace's local times are written in (the PayTrace connection's). */
  payTrace: string;
  /** The IANA zone Sage Pro dates are taken in (the flow's, else the PayTrace connection's). */
  sage: string;
}

/** How a timestamp was read: an instant, or a local time that was plain, repeated or skipped by DST. */
export type TimestampReading = 'instant' | 'local_time' | 'local_time_repeated' | 'local_time_skipped' | 'calendar_date';

export type SageDateResult =
  | { kind: 'date'; date: string; reading: TimestampReading; /** The instant taken, ISO; absent for a date alone. */ instant?: string }
  | { kind: 'invalid_timestamp'; value: string };

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const PAYTRACE_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const PAYTRACE_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** The Sage Pro date of a PayTrace timestamp, by the rules in the header comment. */
export function sageDateOf(value: string | Date, zones: DateZones): SageDateResult {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { kind: 'invalid_timestamp', value: String(value) } : ofInstant(value, zones);
  }
  const text = value.trim();
  const instant = INSTANT.exec(text);
  if (instant) {
    const [, day, hour, minute, second = '0', , offsetHours = '0', offsetMinutes = '0'] = instant;
    const valid = isIsoDate(day) && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60 && Number(offsetHours) < 24 && Number(offsetMinutes) < 60;
    return valid ? ofInstant(new Date(text), zones) : { kind: 'invalid_timestamp', value };
  }
  const wall = localTime(text);
  if (wall) return ofLocalTime(wall, zones);
  const day = calendarDay(text);
  return day ? { kind: 'date', date: day, reading: 'calendar_date' } : { kind: 'invalid_timestamp', value };
}

function ofInstant(at: Date, zones: DateZones): SageDateResult {
  return { kind: 'date', date: sageDate(at, zones.sage), reading: 'instant', instant: at.toISOString() };
}

function ofLocalTime(wall: WallClock, zones: DateZones): SageDateResult {
  const at = instantOfWallClock(wall, zones.payTrace);
  const written = `${dayText(wall)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  const reading = readingOf(at, written, zones.payTrace);
  const date = zones.sage === zones.payTrace ? dayText(wall) : sageDate(at, zones.sage);
  return { kind: 'date', date, reading, instant: at.toISOString() };
}

/** Repeated: the same wall time comes back within the largest DST shift any zone uses (2 h, Antarctica/Troll). */
function readingOf(at: Date, written: string, zone: string): TimestampReading {
  const wallAt = (instant: number) => {
    const stamp = sageStamp(new Date(instant), zone);
    return `${stamp.date} ${stamp.time}`;
  };
  if (wallAt(at.getTime()) !== written) return 'local_time_skipped';
  for (let minutes = 15; minutes <= 120; minutes += 15) if (wallAt(at.getTime() + minutes * 60_000) === written) return 'local_time_repeated';
  return 'local_time';
}

/** `4/10/2015 4:06:30 PM` (12 AM is midnight, 12 PM noon) or `2015-04-10T16:06:30`; undefined otherwise. */
function localTime(text: string): WallClock | undefined {
  const paytrace = PAYTRACE_LOCAL.exec(text);
  if (paytrace) {
    const [month, day, year, hour12, minute] = paytrace.slice(1, 6).map(Number);
    if (hour12 < 1 || hour12 > 12) return undefined;
    const hour = (hour12 % 12) + (paytrace[7].toUpperCase() === 'PM' ? 12 : 0);
    return checked({ year, month, day, hour, minute, second: Number(paytrace[6] ?? 0) });
  }
  const iso = ISO_LOCAL.exec(text);
  if (!iso) return undefined;
  const [year, month, day, hour, minute] = iso.slice(1, 6).map(Number);
  return checked({ year, month, day, hour, minute, second: Number(iso[6] ?? 0) });
}

function checked(wall: WallClock): WallClock | undefined {
  return isIsoDate(dayText(wall)) && wall.hour < 24 && wall.minute < 60 && wall.second < 60 ? wall : undefined;
}

function calendarDay(text: string): string | undefined {
  if (ISO_DAY.test(text)) return isIsoDate(text) ? text : undefined;
  const match = PAYTRACE_DAY.exec(text);
  if (!match) return undefined;
  const day = dayText({ year: Number(match[3]), month: Number(match[1]), day: Number(match[2]) });
  return isIsoDate(day) ? day : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (w: Pick<WallClock, 'year' | 'month' | 'day'>) => `${String(w.year).padStart(4, '0')}-${pad(w.month)}-${pad(w.day)}`;
