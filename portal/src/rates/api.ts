// The exchange-rates screen calls GraphQL itself (as the flows pages do): a rate is keyed by pair and
// date, written by upsert and imported in bulk, which is not the dataProvider's record model.
import { gql } from '../graphql';

export interface ExchangeRate { base: string; quote: string; date: string; rate: string; source: string; updatedAt: string }
export interface RateFilter { base: string; quote: string; from: string; to: string }
export interface RatePage { nodes: ExchangeRate[]; endCursor: string | null; hasNextPage: boolean }
export interface SkippedColumn { column: number; code: string; reason: string }
export interface RateImport {
  rates: number; inserted: number; updated: number; unchanged: number; deleted: number;
  from: string; to: string; shape: string; skippedColumns: SkippedColumn[];
}
export type ImportMode = 'MERGE' | 'REPLACE_RANGE';

const RATE = 'base quote date rate source updatedAt';
/** An empty filter field is no filter (the API would refuse an empty code or date). */
const orNull = (value: string) => value.trim() || null;

/** Newest date first, 100 a page; `after` is the previous page's endCursor. */
export const listRates = (filter: RateFilter, after: string | null) =>
  gql<{ exchangeRates: { nodes: ExchangeRate[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
    `query ExchangeRates($base: String, $quote: String, $from: String, $to: String, $after: String) {
      exchangeRates(base: $base, quote: $quote, from: $from, to: $to, after: $after, first: 100) { nodes { ${RATE} } pageInfo { endCursor hasNextPage } }
    }`,
    { base: orNull(filter.base), quote: orNull(filter.quote), from: orNull(filter.from), to: orNull(filter.to), after },
  ).then(d => ({ nodes: d.exchangeRates.nodes, ...d.exchangeRates.pageInfo }));

/** Adds the rate of a pair and date, or replaces the one there is. */
export const setRate = (input: { base: string; quote: string; date: string; rate: string }) =>
  gql<{ setExchangeRate: ExchangeRate }>(
    `mutation SetExchangeRate($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { ${RATE} } }`,
    { input: { base: input.base.trim(), quote: input.quote.trim(), date: input.date, rate: input.rate.trim() } },
  ).then(d => d.setExchangeRate);

/** All or nothing: a file with a bad line is refused whole, the error naming each line. */
export const importRates = (csv: string, mode: ImportMode, base: string) =>
  gql<{ importExchangeRates: RateImport }>(
    `mutation ImportExchangeRates($csv: String!, $mode: ExchangeRateImportMode!, $base: String!) {
      importExchangeRates(csv: $csv, mode: $mode, base: $base) { rates inserted updated unchanged deleted from to shape skippedColumns { column code reason } }
    }`,
    { csv, mode, base: base.trim() || 'EUR' },
  ).then(d => d.importExchangeRates);

/**
 * A refused import's message as a summary and one reason per line: the API words it
 * "csv: nothing was imported: 2 lines are wrong: line 3, column 2: …; line 7: …; and 4 more".
 */
export function refusedLines(message: string): { summary: string; lines: string[] } {
  const text = message.replace(/^csv: /, '');
  const start = text.search(/\bline \d+(, column \d+)?: /);
  if (start < 0) return { summary: text, lines: [] };
  const summary = text.slice(0, start).replace(/:\s*$/, '');
  const lines = text.slice(start).split(/; (?=line \d+(?:, column \d+)?: |and \d+ more$)/);
  return { summary, lines };
}
