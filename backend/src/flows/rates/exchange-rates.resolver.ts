import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { ExchangeRates } from './exchange-rates.service.js';
import {
  ExchangeRate,
  ExchangeRateCheck,
  ExchangeRateConnection,
  ExchangeRateImport,
  ExchangeRateImportMode,
  ExchangeRateKeyInput,
  ExchangeRatesArgs,
  SetExchangeRateInput,
} from './exchange-rates.types.js';
import type { ExchangeRatePath } from './exchange-rates.types.js';

/** The tenant's exchange-rate table: viewers read it; whoever may edit integrations (admin) writes it. */
@Resolver(() => ExchangeRate)
export class ExchangeRatesResolver {
  constructor(private readonly rates: ExchangeRates) {}

  @RequireRole('viewer')
  @Query(() => ExchangeRateConnection, { description: 'The rate table, newest date first (then base, quote); rates are exact decimal text.' })
  exchangeRates(@Args() args: ExchangeRatesArgs) {
    return this.rates.list(args);
  }

  @RequireRole('viewer')
  @Query(() => ExchangeRateCheck, {
    description:
      'The rate the pipeline would use to convert a payment in `from` into `to` dated `date` (direct, inverse, or cross through a base currency; a weekend takes the latest rate at most 4 days earlier), or found: false with the reason.',
  })
  async exchangeRateFor(@Args('from') from: string, @Args('to') to: string, @Args('date', { description: 'YYYY-MM-DD' }) date: string): Promise<ExchangeRateCheck> {
    const check = await this.rates.check(from, to, date);
    return { ...check, path: check.path as ExchangeRatePath | null };
  }

  @RequireRole('admin')
  @Mutation(() => ExchangeRate, { description: 'Adds a rate, or replaces the one of the same pair and date.' })
  setExchangeRate(@Args('input') input: SetExchangeRateInput) {
    return this.rates.set(input);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: 'Deletes the rate of that pair and date (NOT_FOUND when there is none).' })
  deleteExchangeRate(@Args('input') input: ExchangeRateKeyInput) {
    return this.rates.remove(input);
  }

  @RequireRole('admin')
  @Mutation(() => ExchangeRateImport, {
    // Up to 100,000 rows parsed and written in one transaction.
    complexity: 100,
    description:
      'Imports an ECB-style CSV (ECB\'s wide Date,USD,JPY,… file against `base`, or date,base,quote,rate lines), at most 2 MB and 100,000 rates. All or nothing: any bad line refuses the whole file (BAD_USER_INPUT on csv, extensions.lines lists the lines).',
  })
  importExchangeRates(
    @Args('csv') csv: string,
    @Args('mode', { type: () => ExchangeRateImportMode, defaultValue: ExchangeRateImportMode.MERGE }) mode: ExchangeRateImportMode,
    @Args('base', { defaultValue: 'EUR', description: 'The currency of a wide file\'s rates (ECB: EUR).' }) base: string,
  ) {
    return this.rates.import(csv, mode, base);
  }
}
