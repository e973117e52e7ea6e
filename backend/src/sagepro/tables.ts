/**
 * Where the tables are and how they are locked. A connection names the company's and the system's
 * table qualifiers: ['pro01'] / ['prosys'] on the sandbox (PostgreSQL schemas), ['PRO01', 'dbo'] /
 * ['PROSYS', 'dbo'] on SQL Server (database + schema). Kysely knows two-part names at most, so table
 * names are qualified by a plugin that swaps each bare table for its quoted qualified name.
 *
 * Locked reads: PostgreSQL gets `for update`; SQL Server gets the table hints `with (updlock,
 * holdlock)`, which Kysely has no builder for, so the table reference is written with `sql`:
 * `from "PRO01"."dbo"."arcust" as "arcust" with (updlock, holdlock)` (T-SQL wants the hint after
 * the alias). HOLDLOCK keeps the lock, range included, to the end of the transaction.
 */
import { type AliasedRawBuilder, type KyselyPlugin, OperationNodeTransformer, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type Selectable, sql, type TableNode, type UnknownRow } from 'kysely';
import { type SageProDatabase, SYSTEM_TABLES } from './database.js';
import type { SqlDialect } from './dates.js';

export interface TableQualifiers {
  company: readonly string[];
  system: readonly string[];
}

export type SageTable = keyof SageProDatabase;

function qualifierOf(table: string, qualifiers: TableQualifiers): readonly string[] | undefined {
  if (!(table in TABLE_NAMES)) return undefined;
  return SYSTEM_TABLES.has(table as SageTable) ? qualifiers.system : qualifiers.company;
}

const TABLE_NAMES: Record<SageTable, true> = {
  arcust: true, armast: true, arcash: true, ardist: true, somast: true, sotran: true, soaddr: true, icitem: true, iciloc: true, iciqty: true,
  glacnt: true, syccomp: true, sycrlst: true, sysdata: true,
  artran: true, sycdfis: true, arymst: true, arytrn: true, arycsh: true, soymst: true, soytrn: true,
};

/** `"PRO01"."dbo"."arcust"`: every part quoted by the dialect, never spliced as text. */
export function qualifiedTable(table: SageTable, qualifiers: TableQualifiers) {
  return sql.id(...(qualifierOf(table, qualifiers) ?? []), table);
}

/** A table to select from, locked for update or not, typed as its rows. */
export function tableRef<T extends SageTable>(
  table: T,
  qualifiers: TableQualifiers,
  lock: { dialect: SqlDialect; forUpdate: boolean },
): AliasedRawBuilder<Selectable<SageProDatabase[T]>, T> {
  const alias = lock.forUpdate && lock.dialect === 'mssql' ? sql`${sql.id(table)} with (updlock, holdlock)` : sql.id(table);
  return sql<Selectable<SageProDatabase[T]>>`${qualifiedTable(table, qualifiers)}`.as<T>(alias);
}

/** Qualifies the bare table names of inserts and updates. */
export class QualifiedTablesPlugin implements KyselyPlugin {
  readonly #transformer: QualifyTables;

  constructor(qualifiers: TableQualifiers) {
    this.#transformer = new QualifyTables(qualifiers);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class QualifyTables extends OperationNodeTransformer {
  constructor(private readonly qualifiers: TableQualifiers) {
    super();
  }

  protected override transformTable(node: TableNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): TableNode {
    const transformed = super.transformTable(node, queryId);
    const name = transformed.table.identifier.name;
    if (transformed.table.schema || !qualifierOf(name, this.qualifiers)) return transformed;
    // A raw node compiles wherever a table node does (insert into, update, from).
    return qualifiedTable(name as SageTable, this.qualifiers).toOperationNode() as unknown as TableNode;
  }
}
