import { createHash } from 'node:crypto';
import type pg from 'pg';
import { quoteIdent } from './company-schema.js';

export interface CatalogFingerprint {
  schema: string;
  /** SHA-256 of `entries`: equal hashes, equal structure. */
  hash: string;
  /** One line per relation, column, index, constraint, trigger, function and policy, sorted. */
  entries: string[];
}

/**
 * The structure of one schema as PostgreSQL's catalog describes it: relations, columns (type,
 * nullability, default, identity), indexes, constraints, triggers, functions and row-level security.
 * Data is not part of it. The connector's tests compare it before and after Settle worked on a
 * company, to prove Settle added no table, column, index or trigger. Definitions are read with the
 * schema on the search_path and stripped of its name (pg_get_indexdef and pg_get_triggerdef qualify
 * anyway), so two companies built alike compare equal.
 */
export async function catalogFingerprint(pool: pg.Pool, schema: string): Promise<CatalogFingerprint> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const found = await client.query('SELECT oid FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!found.rowCount) throw new Error(`Schema ${schema} does not exist`);
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}, pg_catalog`);
    const entries: string[] = [];
    for (const query of CATALOG_QUERIES) {
      const { rows } = await client.query<{ entry: string }>(query, [schema]);
      entries.push(...rows.map((row) => unqualified(row.entry, schema)));
    }
    entries.sort();
    await client.query('COMMIT');
    return { schema, hash: createHash('sha256').update(entries.join('\n')).digest('hex'), entries };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function unqualified(entry: string, schema: string): string {
  return entry.split(`${quoteIdent(schema)}.`).join('').split(`${schema}.`).join('');
}

const CATALOG_QUERIES = [
  // Tables, views, sequences, indexes ... with their kind and row-level security switches.
  `SELECT concat_ws(' ', 'relation', c.relname, c.relkind, c.relpersistence,
            CASE WHEN c.relrowsecurity THEN 'rls' END, CASE WHEN c.relforcerowsecurity THEN 'force-rls' END,
            CASE WHEN c.relkind IN ('v', 'm') THEN 'view=' || md5(pg_get_viewdef(c.oid)) END) AS entry
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1`,
  // Columns in their order, with type, NOT NULL, identity, generation and default.
  `SELECT concat_ws(' ', 'column', c.relname || '#' || lpad(row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)::text, 3, '0'),
            a.attname, format_type(a.atttypid, a.atttypmod),
            CASE WHEN a.attnotnull THEN 'not-null' END,
            CASE a.attidentity WHEN 'a' THEN 'identity-always' WHEN 'd' THEN 'identity-by-default' END,
            CASE WHEN a.attgenerated <> '' THEN 'generated' END,
            'default=' || pg_get_expr(d.adbin, d.adrelid)) AS entry
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
  `SELECT concat_ws(' ', 'index', i.relname, pg_get_indexdef(x.indexrelid)) AS entry
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_namespace n ON n.oid = i.relnamespace
    WHERE n.nspname = $1`,
  `SELECT concat_ws(' ', 'constraint', coalesce(c.relname, '-'), k.conname, k.contype, pg_get_constraintdef(k.oid)) AS entry
     FROM pg_constraint k
     JOIN pg_namespace n ON n.oid = k.connamespace
     LEFT JOIN pg_class c ON c.oid = k.conrelid
    WHERE n.nspname = $1`,
  `SELECT concat_ws(' ', 'trigger', c.relname, t.tgname, t.tgenabled, pg_get_triggerdef(t.oid)) AS entry
     FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND NOT t.tgisinternal`,
  `SELECT concat_ws(' ', 'function', p.proname, p.prokind, pg_get_function_identity_arguments(p.oid), md5(p.prosrc)) AS entry
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = $1`,
  `SELECT concat_ws(' ', 'policy', c.relname, p.polname, p.polcmd, p.polpermissive,
            pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)) AS entry
     FROM pg_policy p
     JOIN pg_class c ON c.oid = p.polrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1`,
  `SELECT concat_ws(' ', 'rule', r.tablename, r.rulename, md5(r.definition)) AS entry
     FROM pg_rules r
    WHERE r.schemaname = $1`,
];
