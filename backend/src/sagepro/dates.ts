/**
 * Sage Pro dates: D fields are datetime columns holding midnight, and an empty date is 1900-01-01.
 * Settle speaks business dates as 'YYYY-MM-DD'. Written values are text the server converts without
 * any locale: 'YYYYMMDD' on SQL Server (the one datetime literal no DATEFORMAT/LANGUAGE setting
 * reinterprets) and 'YYYY-MM-DD' on PostgreSQL. Read values come back as Date objects built the way
 * each driver builds them: tedious in UTC (its default `useUTC: true`), pg in local time (its default
 * timestamp parser); text is accepted too.
 */
export type SqlDialect = 'mssql' | 'postgres';

export const EMPTY_DATE = '1900-01-01';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return at.toISOString().slice(0, 10) === value;
}

/** '2026-10-31' → the text the dialect's datetime column takes. */
export function toSageDate(date: string, dialect: SqlDialect): string {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return dialect === 'mssql' ? date.replaceAll('-', '') : date;
}

/** A date column as read back → 'YYYY-MM-DD', or null for Sage Pro's empty date. */
export function fromSageDate(value: Date | string | null | undefined, dialect: SqlDialect): string | null {
  if (value === null || value === undefined || value === '') return null;
  const iso = value instanceof Date ? dateOf(value, dialect) : value.slice(0, 10);
  return iso === EMPTY_DATE ? null : iso;
}

function dateOf(value: Date, dialect: SqlDialect): string {
  const [y, m, d] =
    dialect === 'mssql'
      ? [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()]
      : [value.getFullYear(), value.getMonth() + 1, value.getDate()];
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const stampFormats = new Map<string, Intl.DateTimeFormat>();

function stampFormat(timeZone: string): Intl.DateTimeFormat {
  let format = stampFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    stampFormats.set(timeZone, format);
  }
  return format;
}

/** The "entered on / at" stamp Sage Pro keeps beside records (adddate D, addtime C(8)), in the company's zone. */
export function sageStamp(at: Date, timeZone: string): { date: string; time: string } {
  const parts: Record<string, string> = {};
  for (const part of stampFormat(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}
