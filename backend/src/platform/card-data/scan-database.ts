import pg from 'pg';
import { findWholeCardNumbers, maskCardNumber } from './card-numbers.js';

/** A card number found at rest: where (`schema.table.column`, or the table when the column is unclear) and masked. */
export interface StoredCardNumber {
  database: string;
  where: string;
  masked: string;
}

/**
 * A row whose text holds 13 digits with at most 3 other characters between each: the only rows that
 * can hold a card number. PostgreSQL filters with it, so a scan reads little more than its hits.
 */
const CANDIDATE = '[0-9]([^0-9A-Za-z]{0,3}[0-9]){12}';

/**
 * Digests and ids that are random hex (token hashes, key ids, UUIDs) are not text anyone typed: they
 * are left out, or one in a few hundred would pass for a card number by chance.
 */
const RANDOM_HEX = /[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Every card number stored in one database, in every table of every schema (Settle's, the sandboxes'),
 * read as a superuser (row-level security does not hide rows from it). One statement: each table is
 * filtered by CANDIDATE on the server (query_to_xml runs the per-table query).
 */
export async function findStoredCardNumbers(adminUrl: string): Promise<StoredCardNumber[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
    const { rows } = await client.query<{ tbl: string; rows: string }>(
      `SELECT c.oid::regclass::text AS tbl,
              query_to_xml(format('SELECT to_jsonb(t)::text AS doc FROM %s t WHERE to_jsonb(t)::text ~ %L', c.oid::regclass, $1::text), false, true, '')::text AS rows
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1`,
      [CANDIDATE],
    );
    const found: StoredCardNumber[] = [];
    for (const { tbl, rows: xml } of rows) {
      for (const match of xml.matchAll(/<doc>([\s\S]*?)<\/doc>/g)) {
        const row = unescapeXml(match[1]);
        for (const digits of findWholeCardNumbers(row.replace(RANDOM_HEX, ' '))) found.push({ database, where: `${tbl}.${columnOf(row, digits)}`, masked: maskCardNumber(digits) });
      }
    }
    return found;
  } finally {
    await client.end();
  }
}

/** The column whose value holds `digits` (a row's JSON text), or `?` when JSON rounding hides it. */
function columnOf(rowJson: string, digits: string): string {
  try {
    const row = JSON.parse(rowJson) as Record<string, unknown>;
    for (const [column, value] of Object.entries(row)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (findWholeCardNumbers(text.replace(RANDOM_HEX, ' ')).some((found) => found.includes(digits) || digits.includes(found))) return column;
    }
  } catch {
    // not JSON: the table is all the report can say
  }
  return '?';
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'amp') return '&';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}

/** The databases of a server worth scanning: all but the templates. */
export async function databasesOf(adminServerUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminServerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname');
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}
