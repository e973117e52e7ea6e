import { Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { Prisma } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import { type Connection, readPage } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { isCleanImport, parseRatesCsv } from '../transformations/ecb-rates-csv.js';
import { type ExchangeRate as Rate, rateFor, rateTable } from '../transformations/exchange-rates.js';
import {
  csvErrorsText,
  dateRange,
  decodeRateCursor,
  describeRate,
  encodeRateCursor,
  exchangeRateKeyRules,
  exchangeRateRules,
  importRowsProblem,
  importSizeProblem,
  publishedDatesFor,
  type RateCheck,
  rateFilterRules,
  rateQuestionRules,
  type RateWindow,
  unstorableRates,
} from './exchange-rate.rules.js';
import {
  type ExchangeRate,
  type ExchangeRateImport,
  ExchangeRateImportMode,
  type ExchangeRateKeyInput,
  type ExchangeRatesArgs,
  type SetExchangeRateInput,
} from './exchange-rates.types.js';

// Every read gives the rate back as PostgreSQL's exact decimal text and the date as YYYY-MM-DD.
const COLUMNS = Prisma.sql`base, quote, to_char(rate_date, 'YYYY-MM-DD') AS date, trim_scale(rate)::text AS rate`;
const ROW_COLUMNS = Prisma.sql`${COLUMNS}, source, imported_by AS "importedBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

// 100,000 rates take seconds to upsert on a busy server: more than a transaction's default 5 s.
const IMPORT_TRANSACTION_MS = 120_000;

/** A CSV that cannot be imported: BAD_USER_INPUT on `csv`, with every bad line for a client to show. */
class InvalidRatesCsv extends GraphQLError {
  constructor(message: string, lines: number[] = []) {
    super(`csv: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field: 'csv', lines } });
  }
}

/**
 * The tenant's dated exchange-rate table: rates typed in or imported from an ECB-style CSV, listed,
 * checked the way the pipeline will use them, and read by the pipeline once per drain (tableFor).
 */
@Injectable()
export class ExchangeRates {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The rates the pipeline needs to convert transactions dated `window.from`..`window.to`, in the
   * shape rateTable() takes: every pair touching `window.currencies` (all when absent), published
   * from RATE_LOOKBACK_DAYS before the first date up to the last. One statement; inside `tx` when given
   * (a transaction already scoped to the tenant), else in one of its own.
   */
  async tableFor(tenantId: string, window: RateWindow, tx?: Tx): Promise<Rate[]> {
    const dates = publishedDatesFor(window);
    const currencies = window.currencies ? [...new Set(window.currencies)] : undefined;
    const read = (scoped: Tx) =>
      scoped.$queryRaw<Rate[]>`
        SELECT ${COLUMNS} FROM exchange_rates
         WHERE tenant_id = ${tenantId}::uuid AND rate_date BETWEEN ${dates.from}::date AND ${dates.to}::date
           ${currencies ? Prisma.sql`AND (base = ANY(${currencies}::text[]) OR quote = ANY(${currencies}::text[]))` : Prisma.empty}
         ORDER BY rate_date, base, quote`;
    return tx ? read(tx) : this.prisma.inScope({ tenantId }, read);
  }

  /** Rates newest first (then base, quote), filtered by pair and dates. */
  async list(args: ExchangeRatesArgs): Promise<Connection<ExchangeRate>> {
    const { first } = readPage({ first: args.first });
    const filter = parseInput(rateFilterRules, stripNulls({ base: args.base, quote: args.quote, from: args.from, to: args.to }));
    const after = args.after ? decodeRateCursor(args.after) : undefined;
    if (args.after && !after) throw new InvalidInput('after', 'is not a cursor of this list');
    const where = [
      filter.base && Prisma.sql`base = ${filter.base}`,
      filter.quote && Prisma.sql`quote = ${filter.quote}`,
      filter.from && Prisma.sql`rate_date >= ${filter.from}::date`,
      filter.to && Prisma.sql`rate_date <= ${filter.to}::date`,
      after &&
        Prisma.sql`(rate_date < ${after.date}::date OR (rate_date = ${after.date}::date AND (base > ${after.base} OR (base = ${after.base} AND quote > ${after.quote}))))`,
    ].filter((clause): clause is Prisma.Sql => Boolean(clause));
    const rows = await this.prisma.inTenant(
      (tx) => tx.$queryRaw<ExchangeRate[]>`
        SELECT ${ROW_COLUMNS} FROM exchange_rates
         ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
         ORDER BY rate_date DESC, base COLLATE "C", quote COLLATE "C"
         LIMIT ${first + 1}`,
    );
    const page = rows.slice(0, first);
    const last = page.at(-1);
    return { nodes: page, pageInfo: { endCursor: last ? encodeRateCursor(last) : null, hasNextPage: rows.length > first } };
  }

  /** Types in one rate: a rate of the same pair and date is replaced. */
  async set(input: SetExchangeRateInput): Promise<ExchangeRate> {
    const row = parseInput(exchangeRateRules, input);
    return this.prisma.inTenant(async (tx) => {
      const [previous] = await tx.$queryRaw<{ rate: string }[]>`
        SELECT trim_scale(rate)::text AS rate FROM exchange_rates
         WHERE base = ${row.base} AND quote = ${row.quote} AND rate_date = ${row.date}::date FOR UPDATE`;
      const [written] = await tx.$queryRaw<ExchangeRate[]>`
        INSERT INTO exchange_rates AS e (tenant_id, base, quote, rate_date, rate, source, imported_by)
        VALUES (app_current_tenant(), ${row.base}, ${row.quote}, ${row.date}::date, ${row.rate}::numeric, 'manual', ${actorUserId()}::uuid)
        ON CONFLICT (tenant_id, base, quote, rate_date) DO UPDATE
           SET rate = EXCLUDED.rate, source = EXCLUDED.source, imported_by = EXCLUDED.imported_by, updated_at = now()
        RETURNING ${ROW_COLUMNS}`;
      const details = { ...row, previousRate: previous?.rate ?? null };
      await this.audit.record({ action: 'exchange_rate.set', targetType: 'exchange_rate', targetId: rateKey(row), details }, tx);
      return written;
    });
  }

  async remove(input: ExchangeRateKeyInput): Promise<boolean> {
    const key = parseInput(exchangeRateKeyRules, input);
    return this.prisma.inTenant(async (tx) => {
      const [deleted] = await tx.$queryRaw<{ rate: string }[]>`
        DELETE FROM exchange_rates WHERE base = ${key.base} AND quote = ${key.quote} AND rate_date = ${key.date}::date
        RETURNING trim_scale(rate)::text AS rate`;
      if (!deleted) throw new NotFound('Exchange rate');
      await this.audit.record({ action: 'exchange_rate.deleted', targetType: 'exchange_rate', targetId: rateKey(key), details: { ...key, rate: deleted.rate } }, tx);
      return true;
    });
  }

  /**
   * Imports an ECB-style CSV all or nothing: any bad line refuses the whole file naming every bad line;
   * a clean one is upserted in one transaction (a rate already stored as the file has it is left alone).
   */
  async import(csv: string, mode: ExchangeRateImportMode, base: string): Promise<ExchangeRateImport> {
    const tooBig = importSizeProblem(csv);
    if (tooBig) throw new InvalidRatesCsv(tooBig);
    const parsed = parseRatesCsv(csv, { base: base.trim().toUpperCase() });
    if (!isCleanImport(parsed)) {
      const lines = [...new Set(parsed.errors.map((error) => error.line))];
      const count = lines.length + (parsed.moreErrors ? 1 : 0);
      throw new InvalidRatesCsv(`nothing was imported: ${count === 1 ? 'a line is' : `${parsed.moreErrors ? 'more than ' : ''}${lines.length} lines are`} wrong: ${csvErrorsText(parsed.errors, parsed.moreErrors)}`, lines);
    }
    const rates = parsed.rates;
    const countProblem = importRowsProblem(rates.length);
    if (countProblem) throw new InvalidRatesCsv(countProblem);
    const unstorable = unstorableRates(rates);
    if (unstorable.length) throw new InvalidRatesCsv(`nothing was imported: ${unstorable.slice(0, 20).join('; ')}${unstorable.length > 20 ? `; and ${unstorable.length - 20} more` : ''}`);
    const range = dateRange(rates)!;
    const columns = {
      bases: rates.map((rate) => rate.base),
      quotes: rates.map((rate) => rate.quote),
      dates: rates.map((rate) => rate.date),
      values: rates.map((rate) => rate.rate),
    };
    return this.prisma.inTenant(async (tx) => {
      const deleted = mode === ExchangeRateImportMode.REPLACE_RANGE ? await deleteMissing(tx, columns, range) : 0;
      const [written] = await tx.$queryRaw<{ inserted: number; updated: number }[]>`
        WITH written AS (
          INSERT INTO exchange_rates AS e (tenant_id, base, quote, rate_date, rate, source, imported_by)
          SELECT app_current_tenant(), i.base, i.quote, i.rate_date, i.rate, 'csv', ${actorUserId()}::uuid
            FROM unnest(${columns.bases}::text[], ${columns.quotes}::text[], ${columns.dates}::date[], ${columns.values}::numeric[])
                 AS i(base, quote, rate_date, rate)
          ON CONFLICT (tenant_id, base, quote, rate_date) DO UPDATE
             SET rate = EXCLUDED.rate, source = EXCLUDED.source, imported_by = EXCLUDED.imported_by, updated_at = now()
           WHERE e.rate <> EXCLUDED.rate
          RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;
      const result: ExchangeRateImport = {
        rates: rates.length,
        inserted: written.inserted,
        updated: written.updated,
        unchanged: rates.length - written.inserted - written.updated,
        deleted,
        ...range,
        shape: parsed.shape,
        skippedColumns: parsed.skippedColumns,
      };
      const { skippedColumns: _skipped, ...details } = result;
      await this.audit.record({ action: 'exchange_rates.imported', targetType: 'exchange_rate', details: { ...details, mode, base } }, tx);
      return result;
    }, { timeoutMs: IMPORT_TRANSACTION_MS });
  }

  /** What the pipeline would use to convert `from` into `to` for a transaction on `date`, in words. */
  async check(from: string, to: string, date: string): Promise<RateCheck> {
    const question = parseInput(rateQuestionRules, { from, to, date });
    const tenantId = TenantContext.actor().tenantId;
    const rows = await this.prisma.inTenant((tx) => this.tableFor(tenantId!, { from: question.date, to: question.date, currencies: [question.from, question.to] }, tx));
    return describeRate(rateFor(rateTable(rows), question.from, question.to, question.date), question.date);
  }
}

/** REPLACE_RANGE: the stored rates of the file's pairs, within its dates, that the file does not hold. */
async function deleteMissing(tx: Tx, columns: { bases: string[]; quotes: string[]; dates: string[] }, range: { from: string; to: string }): Promise<number> {
  return tx.$executeRaw`
    WITH input AS (
      SELECT * FROM unnest(${columns.bases}::text[], ${columns.quotes}::text[], ${columns.dates}::date[]) AS i(base, quote, rate_date)
    )
    DELETE FROM exchange_rates e
     WHERE e.rate_date BETWEEN ${range.from}::date AND ${range.to}::date
       AND (e.base::text, e.quote::text) IN (SELECT DISTINCT base, quote FROM input)
       AND NOT EXISTS (SELECT 1 FROM input i WHERE i.base = e.base AND i.quote = e.quote AND i.rate_date = e.rate_date)`;
}

const rateKey = (row: { base: string; quote: string; date: string }) => `${row.base}/${row.quote}@${row.date}`;

/** The signed-in user writing (null for an API key: the audit entry names the key). */
const actorUserId = () => TenantContext.actor().userId ?? null;

function stripNulls<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}
