/**
 * Importing an ECB-style CSV into rate-table rows. Two shapes are read, told apart by the header:
 *
 * - ECB's own files, one row per business day and one column per currency, all against EUR (or the
 *   `base` option): eurofxref-hist.csv (`Date,USD,JPY,…,` with `2024-01-05,1.0921,158.2,N/A,…,` and a
 *   trailing empty column) and the daily eurofxref.csv (`Date, USD, …` / `05 January 2024, 1.0921, …`).
 *   `N/A` (or an empty cell) is "not published that day": no row, not an error. Columns of currencies
 *   that were replaced by the euro or redenominated (CYP, EEK, HRK, LTL, LVL, MTL, ROL, SIT, SKK, TRL)
 *   are still in ECB's history file; they are not in the ISO 4217 table, so they are listed in
 *   `skippedColumns`, not imported and not errors, or no one could import ECB's own file.
 * - A long shape, one rate per line: `date,base,quote,rate` (columns in any order).
 *
 * Every bad line is reported with its line number (1 = the header) and column; nothing is dropped
 * silently and nothing is imported half: the caller takes `rates` only when `isCleanImport` says so.
 */
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { isIsoDate } from '../../sagepro/dates.js';
import { type ExchangeRate, rateProblem } from './exchange-rates.js';

export interface CsvImportError {
  /** 1-based line of the file (1 is the header). */
  line: number;
  /** 1-based column, or 0 when the whole line is wrong. */
  column: number;
  message: string;
}

export interface RatesCsvImport {
  shape: 'ecb_wide' | 'long' | 'unknown';
  rates: ExchangeRate[];
  errors: CsvImportError[];
  /** Errors beyond the first MAX_REPORTED_ERRORS, counted only. */
  moreErrors: number;
  /** Wide columns of currencies no longer in ISO 4217, left out on purpose. */
  skippedColumns: { column: number; code: string; reason: string }[];
}

export const MAX_REPORTED_ERRORS = 200;

/** ECB reference currencies since 1999 that ISO 4217 has withdrawn. */
const WITHDRAWN_ECB_CURRENCIES: Readonly<Record<string, string>> = {
  CYP: 'replaced by the euro in 2008', EEK: 'replaced by the euro in 2011', HRK: 'replaced by the euro in 2023',
  LTL: 'replaced by the euro in 2015', LVL: 'replaced by the euro in 2014', MTL: 'replaced by the euro in 2008',
  SIT: 'replaced by the euro in 2007', SKK: 'replaced by the euro in 2009', ROL: 'redenominated as RON in 2005',
  TRL: 'redenominated as TRY in 2005',
};

const LONG_COLUMNS = ['date', 'base', 'quote', 'rate'] as const;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Whether the file can be imported as a whole: not a single error. */
export function isCleanImport(result: RatesCsvImport): boolean {
  return result.errors.length === 0 && result.moreErrors === 0;
}

/** Parses the CSV text; `base` is the currency of a wide file's rates (ECB: EUR). */
export function parseRatesCsv(text: string, { base = 'EUR' }: { base?: string } = {}): RatesCsvImport {
  const result: RatesCsvImport = { shape: 'unknown', rates: [], errors: [], moreErrors: 0, skippedColumns: [] };
  const report = (line: number, column: number, message: string) => {
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line, column, message });
    else result.moreErrors += 1;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) {
    report(1, 0, 'the file is empty: expected a header such as Date,USD,JPY or date,base,quote,rate');
    return result;
  }
  const header = splitCells(lines[headerIndex])?.map((cell) => cell.trim());
  const rows = lines.slice(headerIndex + 1).map((line, index) => ({ number: headerIndex + index + 2, line }));
  const body = rows.filter((row) => row.line.trim() !== '');
  const headerLine = headerIndex + 1;
  const lower = header?.map((cell) => cell.toLowerCase());
  if (lower && LONG_COLUMNS.every((name) => lower.includes(name))) {
    result.shape = 'long';
    readLong(lower, headerLine, body, result, report);
  } else if (lower?.[0] === 'date') {
    result.shape = 'ecb_wide';
    readWide(header!, headerLine, body, base, result, report);
  } else {
    report(headerLine, 0, 'not an ECB-style header: expected Date,USD,JPY,… or date,base,quote,rate');
  }
  return result;
}

type Report = (line: number, column: number, message: string) => void;
type Line = { number: number; line: string };

function readWide(header: string[], headerLine: number, body: Line[], base: string, result: RatesCsvImport, report: Report): void {
  if (!isIsoCurrency(base)) report(headerLine, 0, `base ${JSON.stringify(base)} is not an ISO 4217 currency code`);
  const width = withoutTrailingEmpty(header).length;
  const quotes = new Map<number, string>();
  for (let index = 1; index < width; index += 1) {
    const code = header[index];
    if (Object.hasOwn(WITHDRAWN_ECB_CURRENCIES, code)) result.skippedColumns.push({ column: index + 1, code, reason: WITHDRAWN_ECB_CURRENCIES[code] });
    else if (!isIsoCurrency(code)) report(headerLine, index + 1, `${JSON.stringify(code)} is not an ISO 4217 currency code`);
    else if (code === base) report(headerLine, index + 1, `${code} is the base currency of the file`);
    else if ([...quotes.values()].includes(code)) report(headerLine, index + 1, `${code} is named twice`);
    else quotes.set(index, code);
  }
  const seenDates = new Map<string, number>();
  for (const { number, line } of body) {
    const cells = splitCells(line);
    if (!cells) {
      report(number, 0, 'unbalanced double quotes');
      continue;
    }
    const values = withoutTrailingEmpty(cells.map((cell) => cell.trim()));
    if (values.length !== width) {
      report(number, 0, `has ${values.length} values where the header names ${width} columns`);
      continue;
    }
    const date = wideDate(values[0]);
    if (!date) {
      report(number, 1, `${JSON.stringify(values[0])} is not a date (YYYY-MM-DD or 5 January 2024)`);
      continue;
    }
    const earlier = seenDates.get(date);
    if (earlier !== undefined) {
      report(number, 1, `${date} is already on line ${earlier}`);
      continue;
    }
    seenDates.set(date, number);
    for (const [index, quote] of quotes) {
      const value = values[index] ?? '';
      if (value === '' || value.toUpperCase() === 'N/A') continue;
      const problem = rateProblem(value);
      if (problem) report(number, index + 1, `${quote} rate ${JSON.stringify(value)} ${problem}`);
      else result.rates.push({ base, quote, date, rate: value });
    }
  }
}

function readLong(header: string[], headerLine: number, body: Line[], result: RatesCsvImport, report: Report): void {
  const extra = header.findIndex((name) => !(LONG_COLUMNS as readonly string[]).includes(name));
  if (extra >= 0 || header.length !== LONG_COLUMNS.length) {
    report(headerLine, extra + 1, 'the header must name exactly date, base, quote and rate');
    return;
  }
  const at = Object.fromEntries(LONG_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<(typeof LONG_COLUMNS)[number], number>;
  const seen = new Map<string, number>();
  for (const { number, line } of body) {
    const cells = splitCells(line)?.map((cell) => cell.trim());
    if (!cells || cells.length !== LONG_COLUMNS.length) {
      report(number, 0, cells ? `has ${cells.length} values where the header names 4 columns` : 'unbalanced double quotes');
      continue;
    }
    const row: ExchangeRate = { date: cells[at.date], base: cells[at.base], quote: cells[at.quote], rate: cells[at.rate] };
    const problems: [number, string][] = [];
    if (!isIsoDate(row.date)) problems.push([at.date, `${JSON.stringify(row.date)} is not a calendar date YYYY-MM-DD`]);
    if (!isIsoCurrency(row.base)) problems.push([at.base, `${JSON.stringify(row.base)} is not an ISO 4217 currency code`]);
    if (!isIsoCurrency(row.quote)) problems.push([at.quote, `${JSON.stringify(row.quote)} is not an ISO 4217 currency code`]);
    else if (row.quote === row.base) problems.push([at.quote, 'must differ from base']);
    const rateIssue = rateProblem(row.rate);
    if (rateIssue) problems.push([at.rate, `${JSON.stringify(row.rate)} ${rateIssue}`]);
    const key = `${row.base}/${row.quote}@${row.date}`;
    const earlier = seen.get(key);
    if (!problems.length && earlier !== undefined) problems.push([at.date, `a ${row.base}→${row.quote} rate for ${row.date} is already on line ${earlier}`]);
    for (const [index, message] of problems) report(number, index + 1, message);
    if (problems.length) continue;
    seen.set(key, number);
    result.rates.push(row);
  }
}

/** '2024-01-05' or ECB's daily '05 January 2024' → 'YYYY-MM-DD'; undefined for anything else. */
function wideDate(text: string): string | undefined {
  if (isIsoDate(text)) return text;
  const match = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);
  const month = match ? MONTHS.indexOf(match[2].toLowerCase()) + 1 : 0;
  if (!match || month === 0) return undefined;
  const date = `${match[3]}-${String(month).padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return isIsoDate(date) ? date : undefined;
}

const withoutTrailingEmpty = (cells: string[]) => (cells.length > 1 && cells[cells.length - 1] === '' ? cells.slice(0, -1) : cells);

/** One CSV line → its cells (RFC 4180 quotes: "a,b" and "" inside); undefined for an unbalanced quote. */
function splitCells(line: string): string[] | undefined {
  const cells: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let cell = '';
      at += 1;
      for (;;) {
        if (at >= line.length) return undefined;
        if (line[at] === '"' && line[at + 1] !== '"') break;
        cell += line[at];
        at += line[at] === '"' ? 2 : 1;
      }
      cells.push(cell);
      at += 1;
      if (at === line.length) return cells;
      if (line[at] !== ',') return undefined;
      at += 1;
    } else {
      const comma = line.indexOf(',', at);
      if (comma < 0) return [...cells, line.slice(at)];
      cells.push(line.slice(at, comma));
      at = comma + 1;
    }
  }
}
