import { type RateTable, rateFor, recordedRate } from '../../flows/transformations/exchange-rates.js';
import type { BaseRate } from '../../sagepro/company.js';

/** The tenant's rates for one pair of currencies on one date (the drain's read of its rate table). */
export type RateReader = (from: string, to: string, date: string) => Promise<RateTable>;

/**
 * The tenant's rate from `currency` to the company's base on `date`, for Sage Pro's base-currency
 * figures of a document that keeps no rate of its own (an open credit, a reopened invoice, a new sales
 * order); none when they are the same or the table has none (the connector then keeps them at par).
 */
export async function baseRateOn(currency: string, baseCurrency: string, date: string, rates: RateReader): Promise<BaseRate | undefined> {
  if (currency === baseCurrency) return undefined;
  const found = rateFor(await rates(currency, baseCurrency, date), currency, baseCurrency, date);
  if (found.kind === 'no_rate') return undefined;
  const recorded = recordedRate(found);
  return { currency: baseCurrency, rate: recorded.exact ?? recorded.rate };
}
