import type { Kysely } from 'kysely';
import type { SageProDatabase } from '../../sagepro/database.js';
import type { SqlDialect } from '../../sagepro/dates.js';
import { trimKey } from '../../sagepro/keys.js';
import { SageProQueries } from '../../sagepro/queries.js';
import { QualifiedTablesPlugin, type TableQualifiers } from '../../sagepro/tables.js';
import type { ChartAccount } from './sagepro-posting.js';

/**
 * The company's chart of accounts (GLACNT), read with the connector's own statement. It needs no
 * posting settings, so a connection whose accounts are not chosen yet can list what to choose from.
 */
export async function readChartOfAccounts(db: Kysely<unknown>, dialect: SqlDialect, tables: TableQualifiers): Promise<ChartAccount[]> {
  const qualified = (db as Kysely<SageProDatabase>).withPlugin(new QualifiedTablesPlugin(tables));
  const rows = await new SageProQueries(qualified, dialect, tables).chartOfAccounts().execute();
  return rows.map((row) => ({
    account: trimKey(row.glacnt),
    description: trimKey(row.gldesc),
    type: trimKey(row.gltype),
    active: trimKey(row.glstat) !== 'I',
  }));
}
