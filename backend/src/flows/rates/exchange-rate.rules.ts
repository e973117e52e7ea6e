/**
 * The rules of a tenant's stored rate table, apart from the maths (../transformations/exchange-rates.ts):
 * what may be stored (the column is numeric(20,10), so a rate must fit it exactly), how a page of
 * rates is positioned, how big an import may be, and how an import is told back to a person.
 */
import { z } from 'zod';
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { addDays } from '../../pipeline/workflows/posting-rules.js';
import { isIsoDate } from '../../sagepro/dates.js';
import { type ExchangeRate, type FoundRate, type NoRate, RATE_LOOKBACK_DAYS, rateProblem } from '../transformations/exchange-rates.js';

export const RATE_SOURCES = ['manual', 'csv'] as const;
export type RateSource = (typeof RATE_SOURCES)[number];

/** numeric(20,10): ten digits before the point and ten after. */
export const STORED_WHOLE_DIGITS = 10;
export const STORED_FRACTION_DIGITS = 10;

/** An import larger than this is refused before it is read: one request, one transaction. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

/** Why `text` cannot be stored as a rate, or undefined when it can (exactly, as typed). */
export function storedRateProblem(text: string): string | undefined {
  const problem = rateProblem(text);
  if (problem) return problem;
  const [whole, fraction = ''] = text.split('.');
  if (whole.replace(/^0+/, '').length > STORED_WHOLE_DIGITS) return `must have at most ${STORED_WHOLE_DIGITS} digits before the point`;
  if (fraction.replace(/0+$/, '').length > STORED_FRACTION_DIGITS) return `must have at most ${STORED_FRACTION_DIGITS} digits after the point`;
  return undefined;
}

/** '001.084500' → '1.0845': the text PostgreSQL gives back for what was stored. */
export function canonicalRate(text: string): string {
  const [whole, fraction = ''] = text.split('.');
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  const fractionDigits = fraction.replace(/0+$/, '');
  return fractionDigits ? `${wholeDigits}.${fractionDigits}` : wholeDigits;
}

const currency = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine(isIsoCurrency, 'must be an ISO 4217 currency code such as USD');
const date = z.string().trim().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');
const rate = z
  .string()
  .trim()
  .superRefine((text, context) => {
    const problem = storedRateProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform(canonicalRate);

/** One rate typed in by hand: 1 base = rate quote on date. */
export const exchangeRateRules = z
  .object({ base: currency, quote: currency, date, rate })
  .refine((row) => row.base !== row.quote, { path: ['quote'], message: 'must differ from base' });

/** A stored row by its key (delete). */
export const exchangeRateKeyRules = z
  .object({ base: currency, quote: currency, date })
  .refine((row) => row.base !== row.quote, { path: ['quote'], message: 'must differ from base' });

/** A question to the table: from → to on a transaction date. */
export const rateQuestionRules = z.object({ from: currency, to: currency, date });

/** The filter of a list of rates: a pair, either side, and a range of dates. */
export const rateFilterRules = z
  .object({ base: currency.optional(), quote: currency.optional(), from: date.optional(), to: date.optional() })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { path: ['to'], message: 'must not be before from' });

export type RateFilter = z.infer<typeof rateFilterRules>;

// ---- pages: newest date first, then base and quote ----

export interface RateCursor {
  date: string;
  base: string;
  quote: string;
}

export function encodeRateCursor(row: RateCursor): string {
  return Buffer.from(`${row.date}|${row.base}|${row.quote}`).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one of ours. */
export function decodeRateCursor(text: string): RateCursor | undefined {
  const [date, base, quote, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length || !date || !isIsoDate(date) || !isIsoCurrency(base) || !isIsoCurrency(quote)) return undefined;
  return { date, base, quote };
}

/** Whether `row` comes after `cursor` in the list's order (date descending, then base, then quote). */
export function isAfterCursor(row: RateCursor, cursor: RateCursor): boolean {
  if (row.date !== cursor.date) return row.date < cursor.date;
  if (row.base !== cursor.base) return row.base > cursor.base;
  return row.quote > cursor.quote;
}

// ---- the window the pipeline reads ----

export interface RateWindow {
  /** First and last transaction date of the events in hand, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** Only rates touching these currencies (either side): enough for direct, inverse and cross rates. */
  currencies?: readonly string[];
}

/**
 * The published dates rateFor may use for transactions dated from..to: back to RATE_LOOKBACK_DAYS
 * before the first (a Saturday takes Friday's rate), never after the last (a later rate is never used).
 */
export function publishedDatesFor(window: RateWindow): { from: string; to: string } {
  if (!isIsoDate(window.from) || !isIsoDate(window.to)) throw new RangeError(`Not a YYYY-MM-DD date range: ${window.from}..${window.to}`);
  if (window.from > window.to) throw new RangeError(`The range ${window.from}..${window.to} ends before it starts`);
  return { from: addDays(window.from, -RATE_LOOKBACK_DAYS), to: window.to };
}

// ---- imports ----

/** Why a CSV is too big to import, or undefined. */
export function importSizeProblem(csv: string): string | undefined {
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes > MAX_IMPORT_BYTES) return `is ${bytes} bytes; at most ${MAX_IMPORT_BYTES} bytes (2 MB) are imported at once: split the file by date`;
  return undefined;
}

export function importRowsProblem(count: number): string | undefined {
  if (count === 0) return 'holds no rates';
  if (count > MAX_IMPORT_ROWS) return `holds ${count} rates; at most ${MAX_IMPORT_ROWS} are imported at once: split the file by date`;
  return undefined;
}

export interface CsvLineError {
  line: number;
  column?: number;
  message: string;
}

/** 'line 4, column 3: …; line 9: …' (the first `shown`), and how many more, for one error message. */
export function csvErrorsText(errors: readonly CsvLineError[], moreErrors = 0, shown = 20): string {
  const listed = errors.slice(0, shown).map((error) => `line ${error.line}${error.column ? `, column ${error.column}` : ''}: ${error.message}`);
  const more = errors.length - listed.length + moreErrors;
  return `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** Rates a CSV holds that the table cannot store exactly (more decimals than numeric(20,10) keeps). */
export function unstorableRates(rates: readonly ExchangeRate[]): string[] {
  return rates.flatMap((row) => {
    const problem = storedRateProblem(row.rate);
    return problem ? [`${row.base}→${row.quote} on ${row.date}: ${JSON.stringify(row.rate)} ${problem}`] : [];
  });
}

/** The first and last date of the rates. */
export function dateRange(rates: readonly Pick<ExchangeRate, 'date'>[]): { from: string; to: string } | undefined {
  if (!rates.length) return undefined;
  let from = rates[0].date;
  let to = from;
  for (const { date: day } of rates) {
    if (day < from) from = day;
    if (day > to) to = day;
  }
  return { from, to };
}

// ---- what the pipeline would use, told to a person ----

export interface RateCheck {
  from: string;
  to: string;
  forDate: string;
  found: boolean;
  rate: string | null;
  rateDate: string | null;
  path: 'direct' | 'inverse' | 'cross' | 'same_currency' | null;
  via: string | null;
  legs: ExchangeRate[];
  reason: string;
}

/** rateFor's answer in words: which rate, from which rows, or why there is none. */
export function describeRate(answer: FoundRate | NoRate, forDate: string): RateCheck {
  const { from, to } = answer;
  if (answer.kind === 'no_rate') {
    const earliest = addDays(forDate, -RATE_LOOKBACK_DAYS);
    return {
      from, to, forDate, found: false, rate: null, rateDate: null, path: null, via: null, legs: [],
      reason:
        `no_rate: no ${from}→${to} rate (direct, inverse or cross) published from ${earliest} to ${forDate}; ` +
        `a payment in ${from} dated ${forDate} would become a dead letter until one is added`,
    };
  }
  const path = answer.derivedFrom?.kind ?? 'direct';
  const legs = answer.derivedFrom?.legs ?? [];
  const published = answer.date === forDate ? `published for ${forDate}` : `published for ${answer.date}, the latest at most ${RATE_LOOKBACK_DAYS} days before ${forDate}`;
  const how = {
    direct: `the ${from}→${to} rate`,
    inverse: `the inverse of the ${to}→${from} rate`,
    cross: `a cross rate through ${answer.derivedFrom?.via}`,
    same_currency: 'the same currency',
  }[path];
  return {
    from, to, forDate, found: true, rate: answer.rate, rateDate: answer.date, path, via: answer.derivedFrom?.via ?? null, legs,
    reason: path === 'same_currency' ? 'the same currency: rate 1' : `${how}, ${published}`,
  };
}
