/**
 * A tenant's dated exchange-rate table (typed in by hand or imported from an ECB-style CSV) and the one
 * question the pipeline asks it: what converts `from` into `to` on the transaction's date.
 *
 * - A row says 1 `base` = `rate` `quote` on `date` (ECB: 1 EUR = 1.0845 USD). The rate is decimal TEXT
 *   with at most 10 significant digits and is read into an exact fraction of BigInts; no float ever
 *   holds a rate, so an inverse (1 / 1.0845) or a cross rate (EUR→JPY ÷ EUR→USD) is exact too.
 * - Date rule: the rate published for the transaction date, or else the latest one published at most
 *   RATE_LOOKBACK_DAYS (4) calendar days earlier. ECB publishes on TARGET business days only, so a
 *   Saturday or Sunday takes Friday's rate and the Easter Monday after a Good Friday takes Thursday's
 *   (4 days back, the longest TARGET closure); a gap longer than that means the table is not kept up to
 *   date, and the answer is `no_rate`, never an old rate or a guess. A later rate is never used.
 * - Path rule, on the chosen date: the direct row, else the inverse of the opposite row, else a cross
 *   through one base currency of the table (alphabetical order, so the answer is stable) whose two legs
 *   are published on that same date. The latest date wins over the path: a Friday cross rate is
 *   preferred to a Thursday direct one, because the issue asks for the rate of the transaction date.
 */
import { addDays } from '../../pipeline/workflows/posting-rules.js';
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { isIsoDate } from '../../sagepro/dates.js';

export interface ExchangeRate {
  /** 1 unit of this currency… */
  base: string;
  /** …is `rate` units of this one. */
  quote: string;
  /** 'YYYY-MM-DD': the business day the rate was published for. */
  date: string;
  /** Positive decimal text, e.g. '1.0845' or '0.92345'; at most 10 significant digits. */
  rate: string;
}

/** An exact positive rational, reduced: numerator / denominator. */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

export const RATE_LOOKBACK_DAYS = 4;
export const MAX_RATE_SIGNIFICANT_DIGITS = 10;

/** The rate found, and how: `ratio` is what conversions use; `rate` is its decimal text, for people. */
export interface FoundRate {
  kind: 'rate';
  from: string;
  to: string;
  /** The transaction date asked for. */
  forDate: string;
  /** The date of the published rate(s) used: forDate, or up to RATE_LOOKBACK_DAYS before it. */
  date: string;
  /** The published text for a direct pair; a derived rate rounded half-even to 10 significant digits. */
  rate: string;
  ratio: Ratio;
  /** Absent for a direct row; otherwise how the rate was derived and the published rows it came from. */
  derivedFrom?: { kind: 'inverse' | 'cross' | 'same_currency'; via?: string; legs: ExchangeRate[] };
}

/** No published rate within the window: the pipeline dead-letters the event naming currency and date. */
export interface NoRate {
  kind: 'no_rate';
  from: string;
  to: string;
  date: string;
}

/** The rate as an effect stores it (JSON: no BigInt). `exact` is the fraction when `rate` is rounded. */
export type RecordedRate = Omit<FoundRate, 'kind' | 'ratio'> & { exact?: string };

// ---- exact decimal arithmetic ----

const RATE_TEXT = /^(\d{1,20})(?:\.(\d{1,20}))?$/;

/** Why `text` is not a rate, or undefined when it is one. */
export function rateProblem(text: string): string | undefined {
  const match = RATE_TEXT.exec(text);
  if (!match) return 'must be a decimal number such as 1.0845 (digits, one point, no sign or exponent)';
  const significant = `${match[1]}${match[2] ?? ''}`.replace(/^0+/, '').replace(/0+$/, '');
  if (significant === '') return 'must be greater than zero';
  if (significant.length > MAX_RATE_SIGNIFICANT_DIGITS) return `must have at most ${MAX_RATE_SIGNIFICANT_DIGITS} significant digits`;
  return undefined;
}

/** '1.0845' → 2169/2000. Throws a RangeError for text that is not a rate. */
export function rateRatio(text: string): Ratio {
  const problem = rateProblem(text);
  if (problem) throw new RangeError(`Exchange rate ${JSON.stringify(text)} ${problem}`);
  const [whole, fraction = ''] = text.split('.');
  return reduced(BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length));
}

export function reduced(numerator: bigint, denominator: bigint): Ratio {
  if (denominator <= 0n || numerator <= 0n) throw new RangeError('A rate is a positive fraction');
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor }; // bigint division: exact
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export const invert = (r: Ratio): Ratio => ({ numerator: r.denominator, denominator: r.numerator });
export const multiply = (a: Ratio, b: Ratio): Ratio => reduced(a.numerator * b.numerator, a.denominator * b.denominator);

/** numerator / denominator rounded to the nearest integer, a tie to the even one (either sign). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divideHalfEven needs a positive denominator');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator; // bigint division: truncates, the remainder decides below
  const twiceRemainder = 2n * (magnitude % denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** The ratio as decimal text rounded half-even to `significant` digits: 2000/2169 → '0.9220839096'. */
export function ratioText(ratio: Ratio, significant = MAX_RATE_SIGNIFICANT_DIGITS): string {
  // Find the power of ten that puts `significant` digits before the point, then round once.
  const floor = 10n ** BigInt(significant - 1);
  let shift = significant - String(ratio.numerator / ratio.denominator).length; // bigint division: digit count only
  if (ratio.numerator < ratio.denominator) {
    shift = significant;
    while (ratio.numerator * 10n ** BigInt(shift) < floor * ratio.denominator) shift += 1;
  }
  const digits =
    shift >= 0
      ? divideHalfEven(ratio.numerator * 10n ** BigInt(shift), ratio.denominator)
      : divideHalfEven(ratio.numerator, ratio.denominator * 10n ** BigInt(-shift)) * 10n ** BigInt(-shift);
  return decimalText(digits, shift > 0 ? shift : 0);
}

/** (108450n, 5) → '1.0845': the integer with `decimals` digits after the point, trailing zeros dropped. */
function decimalText(digits: bigint, decimals: number): string {
  const text = digits.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

// ---- the table ----

interface Published {
  row: ExchangeRate;
  ratio: Ratio;
}

/** A checked table, indexed by pair and date. Build it once per table version with rateTable(). */
export interface RateTable {
  /** 'EUR/USD' → date → the published row. */
  readonly pairs: ReadonlyMap<string, ReadonlyMap<string, Published>>;
  /** The table's base currencies, sorted: the pivots a cross rate may go through. */
  readonly bases: readonly string[];
}

export interface RateRowProblem {
  /** Index of the row in the list given. */
  index: number;
  field: keyof ExchangeRate;
  message: string;
}

/** Every reason a list of rows is not a rate table (unknown codes, bad dates and rates, duplicates). */
export function rateTableProblems(rows: readonly ExchangeRate[]): RateRowProblem[] {
  const problems: RateRowProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const add = (field: keyof ExchangeRate, message: string) => problems.push({ index, field, message });
    if (!isIsoCurrency(row.base)) add('base', `${JSON.stringify(row.base)} is not an ISO 4217 currency code`);
    if (!isIsoCurrency(row.quote)) add('quote', `${JSON.stringify(row.quote)} is not an ISO 4217 currency code`);
    if (row.base === row.quote) add('quote', 'must differ from base');
    if (!isIsoDate(row.date)) add('date', `${JSON.stringify(row.date)} is not a calendar date YYYY-MM-DD`);
    const rateIssue = rateProblem(row.rate);
    if (rateIssue) add('rate', `${JSON.stringify(row.rate)} ${rateIssue}`);
    const key = `${row.base}/${row.quote}@${row.date}`;
    if (seen.has(key)) add('date', `a second ${row.base}→${row.quote} rate for ${row.date}`);
    seen.add(key);
  });
  return problems;
}

export class InvalidRateTable extends RangeError {
  constructor(readonly problems: RateRowProblem[]) {
    super(`Invalid exchange-rate table: ${problems.map((p) => `row ${p.index + 1} ${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidRateTable';
  }
}

/** Checks and indexes the rows; throws InvalidRateTable naming every bad row. */
export function rateTable(rows: readonly ExchangeRate[]): RateTable {
  const problems = rateTableProblems(rows);
  if (problems.length) throw new InvalidRateTable(problems);
  const pairs = new Map<string, Map<string, Published>>();
  for (const row of rows) {
    const key = `${row.base}/${row.quote}`;
    let byDate = pairs.get(key);
    if (!byDate) pairs.set(key, (byDate = new Map()));
    byDate.set(row.date, { row: { ...row }, ratio: rateRatio(row.rate) });
  }
  return { pairs, bases: [...new Set(rows.map((row) => row.base))].sort() };
}

type Leg = { ratio: Ratio; row: ExchangeRate; inverse: boolean };

/** from→to on exactly `date`: the direct row, else the inverse of the opposite one. */
function legOn(table: RateTable, from: string, to: string, date: string): Leg | undefined {
  const direct = table.pairs.get(`${from}/${to}`)?.get(date);
  if (direct) return { ratio: direct.ratio, row: direct.row, inverse: false };
  const opposite = table.pairs.get(`${to}/${from}`)?.get(date);
  return opposite && { ratio: invert(opposite.ratio), row: opposite.row, inverse: true };
}

/** The rate converting `from` into `to` for a transaction on `date`, by the rules in the header comment. */
export function rateFor(
  table: RateTable,
  from: string,
  to: string,
  date: string,
  { maxDaysBack = RATE_LOOKBACK_DAYS }: { maxDaysBack?: number } = {},
): FoundRate | NoRate {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  if (from === to) return { kind: 'rate', from, to, forDate: date, date, rate: '1', ratio: { numerator: 1n, denominator: 1n }, derivedFrom: { kind: 'same_currency', legs: [] } };
  for (let back = 0; back <= maxDaysBack; back += 1) {
    const published = addDays(date, -back);
    const found = rateOn(table, from, to, published);
    if (found) return { kind: 'rate', from, to, forDate: date, date: published, ...found };
  }
  return { kind: 'no_rate', from, to, date };
}

function rateOn(table: RateTable, from: string, to: string, date: string): Pick<FoundRate, 'rate' | 'ratio' | 'derivedFrom'> | undefined {
  const leg = legOn(table, from, to, date);
  if (leg && !leg.inverse) return { rate: leg.row.rate, ratio: leg.ratio };
  if (leg) return { rate: ratioText(leg.ratio), ratio: leg.ratio, derivedFrom: { kind: 'inverse', legs: [leg.row] } };
  for (const via of table.bases) {
    if (via === from || via === to) continue;
    const first = legOn(table, from, via, date);
    const second = first && legOn(table, via, to, date);
    if (!first || !second) continue;
    const ratio = multiply(first.ratio, second.ratio);
    return { rate: ratioText(ratio), ratio, derivedFrom: { kind: 'cross', via, legs: [first.row, second.row] } };
  }
  return undefined;
}

/** What an effect stores about the rate: JSON-safe, with the exact fraction when `rate` had to be rounded. */
export function recordedRate(found: FoundRate): RecordedRate {
  const { kind: _kind, ratio, ...rest } = found;
  const exact = `${ratio.numerator}/${ratio.denominator}`;
  const isExact = rateProblem(found.rate) === undefined && sameRatio(rateRatio(found.rate), ratio);
  return isExact ? rest : { ...rest, exact };
}

const sameRatio = (a: Ratio, b: Ratio) => a.numerator === b.numerator && a.denominator === b.denominator;
