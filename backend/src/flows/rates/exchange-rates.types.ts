import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf, PageArgs } from '../../platform/graphql/pagination.js';

export enum ExchangeRateImportMode {
  MERGE = 'MERGE',
  REPLACE_RANGE = 'REPLACE_RANGE',
}
registerEnumType(ExchangeRateImportMode, {
  name: 'ExchangeRateImportMode',
  description:
    "MERGE adds the file's rates and replaces those of the same pair and date; REPLACE_RANGE does that and also deletes the rates of the file's pairs, dated within the file's first to last date, that the file does not hold.",
});

export enum ExchangeRatePath {
  DIRECT = 'direct',
  INVERSE = 'inverse',
  CROSS = 'cross',
  SAME_CURRENCY = 'same_currency',
}
registerEnumType(ExchangeRatePath, { name: 'ExchangeRatePath', description: 'How a rate was found: a stored row, the inverse of one, or a cross rate through a base currency.' });

@ObjectType({ description: 'One published rate of the tenant\'s table: 1 base = rate quote on date.' })
export class ExchangeRate {
  @Field({ description: 'ISO 4217 code of the currency one unit of which is priced.' })
  base: string;

  @Field({ description: 'ISO 4217 code of the currency the rate is in.' })
  quote: string;

  @Field({ description: 'YYYY-MM-DD: the business day the rate is published for.' })
  date: string;

  @Field({ description: 'Decimal text, exact (e.g. "1.0845"); never a float.' })
  rate: string;

  @Field({ description: 'manual (typed in) or csv (imported).' })
  source: string;

  @Field(() => ID, { nullable: true, description: 'The user who last wrote it; null for an API key (the audit log names it).' })
  importedBy: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const ExchangeRateConnection = ConnectionOf(ExchangeRate, 'ExchangeRate');

@ArgsType()
export class ExchangeRatesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only rates with this base currency.' })
  base?: string | null;

  @Field(() => String, { nullable: true, description: 'Only rates with this quote currency.' })
  quote?: string | null;

  @Field(() => String, { nullable: true, description: 'Only rates dated on or after this day (YYYY-MM-DD).' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Only rates dated on or before this day (YYYY-MM-DD).' })
  to?: string | null;
}

@InputType({ description: '1 base = rate quote on date. A rate for the same pair and date is replaced.' })
export class SetExchangeRateInput {
  @Field()
  base: string;

  @Field()
  quote: string;

  @Field({ description: 'YYYY-MM-DD' })
  date: string;

  @Field({ description: 'Decimal text: at most 10 significant digits, 10 before the point and 10 after.' })
  rate: string;
}

@InputType()
export class ExchangeRateKeyInput {
  @Field()
  base: string;

  @Field()
  quote: string;

  @Field({ description: 'YYYY-MM-DD' })
  date: string;
}

@ObjectType({ description: 'A column of an ECB file left out on purpose: a currency ISO 4217 has withdrawn.' })
export class SkippedRateColumn {
  @Field(() => Int)
  column: number;

  @Field()
  code: string;

  @Field()
  reason: string;
}

@ObjectType({ description: 'What an import did; it is all or nothing, so these are all of its rows.' })
export class ExchangeRateImport {
  @Field(() => Int, { description: 'Rates the file holds.' })
  rates: number;

  @Field(() => Int)
  inserted: number;

  @Field(() => Int, { description: 'Rates of a pair and date already stored with another rate.' })
  updated: number;

  @Field(() => Int, { description: 'Rates already stored as the file has them.' })
  unchanged: number;

  @Field(() => Int, { description: 'REPLACE_RANGE: stored rates in the range the file does not hold.' })
  deleted: number;

  @Field({ description: 'The first date of the file.' })
  from: string;

  @Field({ description: 'The last date of the file.' })
  to: string;

  @Field({ description: 'ecb_wide (Date,USD,JPY,…) or long (date,base,quote,rate).' })
  shape: string;

  @Field(() => [SkippedRateColumn])
  skippedColumns: SkippedRateColumn[];
}

@ObjectType({ description: 'A published row a derived rate was computed from.' })
export class ExchangeRateLeg {
  @Field()
  base: string;

  @Field()
  quote: string;

  @Field()
  date: string;

  @Field()
  rate: string;
}

@ObjectType({ description: 'The rate the pipeline would use to convert from → to for a transaction on forDate, or why there is none.' })
export class ExchangeRateCheck {
  @Field()
  from: string;

  @Field()
  to: string;

  @Field()
  forDate: string;

  @Field({ description: 'False: a payment converted on that date would become a no_rate dead letter.' })
  found: boolean;

  @Field(() => String, { nullable: true, description: 'Decimal text; a derived rate is rounded half-even to 10 significant digits.' })
  rate: string | null;

  @Field(() => String, { nullable: true, description: 'The date of the published rate(s) used: forDate or up to 4 days before it.' })
  rateDate: string | null;

  @Field(() => ExchangeRatePath, { nullable: true })
  path: ExchangeRatePath | null;

  @Field(() => String, { nullable: true, description: 'The base currency a cross rate goes through.' })
  via: string | null;

  @Field(() => [ExchangeRateLeg])
  legs: ExchangeRateLeg[];

  @Field({ description: 'The answer in words.' })
  reason: string;
}
