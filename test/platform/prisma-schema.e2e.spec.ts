/**
 * The tables are written by hand in prisma/migrations/*\/migration.sql; prisma/schema.prisma only
 * describes them to Prisma Client. Nothing else keeps the two in step, so this test compares them:
 * every model and scalar field of the schema against the migrated database (column, type,
 * nullability, enum labels), and every table of the database against the models.
 *
 * The schema is read with Prisma's own parser: the prisma-schema WebAssembly module that ships in the
 * `prisma` package (its `get_dmmf`), so no network and no hand-written parser are involved.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sql, type TestDatabase } from '../support/database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA = join(ROOT, 'prisma', 'schema.prisma');
/** The migrator's own bookkeeping table, not part of the application's model. */
const NOT_MODELLED = new Set(['_settle_migrations']);

// ---- the Prisma schema, as Prisma parses it ----

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}
interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[] };
}

/**
 * Calls `get_dmmf` of node_modules/prisma/build/prisma_schema_build_bg.wasm directly. Its
 * wasm-bindgen imports are only an error constructor, a throw, a panic-message hook and the
 * externref table set-up; their names carry a build hash, so they are matched by prefix.
 */
/** The few WebAssembly APIs used here (the backend's tsconfig has no DOM lib, where their types live). */
interface WebAssemblyApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): { module: string; name: string }[] };
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: any };
}
const { Module: WasmModule, Instance: WasmInstance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

function readDmmf(schemaText: string): Dmmf {
  const prismaDir = join(createRequire(import.meta.url).resolve('prisma/package.json'), '..');
  const module = new WasmModule(readFileSync(join(prismaDir, 'build', 'prisma_schema_build_bg.wasm')));
  let wasm: any;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = (ptr: number, len: number) => decoder.decode(new Uint8Array(wasm.memory.buffer, ptr >>> 0, len));
  let panic = '';
  const implementations: Record<string, (...args: any[]) => unknown> = {
    __wbg_set_message_: (ptr: number, len: number) => {
      panic = text(ptr, len);
    },
    __wbg_Error_: (ptr: number, len: number) => new Error(text(ptr, len)),
    __wbg___wbindgen_throw_: (ptr: number, len: number) => {
      throw new Error(text(ptr, len));
    },
    __wbindgen_init_externref_table: () => {
      const table = wasm.__wbindgen_externrefs;
      const base = table.grow(4);
      table.set(0, undefined);
      table.set(base, undefined);
      table.set(base + 1, null);
      table.set(base + 2, true);
      table.set(base + 3, false);
    },
  };
  const imports: Record<string, Record<string, unknown>> = {};
  for (const wanted of WasmModule.imports(module)) {
    const prefix = Object.keys(implementations).find((p) => wanted.name.startsWith(p));
    if (!prefix) throw new Error(`prisma-schema wasm wants an import this test does not provide: ${wanted.name} (prisma upgraded?)`);
    (imports[wanted.module] ??= {})[wanted.name] = implementations[prefix];
  }
  wasm = new WasmInstance(module, imports).exports;
  wasm.__wbindgen_start();

  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]], noColor: true }));
  const ptr = wasm.__wbindgen_malloc(input.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer, ptr, input.length).set(input);
  let result: [number, number, number, number];
  try {
    result = wasm.get_dmmf(ptr, input.length);
  } catch (error) {
    throw new Error(`prisma-schema wasm panicked: ${panic || (error as Error).message}`);
  }
  const [outPtr, outLen, errorRef, failed] = result;
  if (failed) {
    const error = wasm.__wbindgen_externrefs.get(errorRef);
    wasm.__externref_table_dealloc(errorRef);
    throw new Error(`prisma/schema.prisma does not parse: ${(error as Error)?.message ?? error}`);
  }
  const json = text(outPtr, outLen);
  wasm.__wbindgen_free(outPtr, outLen, 1);
  return JSON.parse(json) as Dmmf;
}

// ---- the database, as PostgreSQL describes it ----

interface Column {
  table: string;
  column: string;
  dataType: string;
  udtName: string;
  nullable: boolean;
  precision: number | null;
  maxLength: number | null;
}

async function readColumns(url: string): Promise<Map<string, Map<string, Column>>> {
  const rows = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: 'YES' | 'NO';
    datetime_precision: number | null;
    character_maximum_length: number | null;
  }>(
    url,
    `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.datetime_precision,
            c.character_maximum_length
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, Map<string, Column>>();
  for (const row of rows) {
    if (!tables.has(row.table_name)) tables.set(row.table_name, new Map());
    tables.get(row.table_name)!.set(row.column_name, {
      table: row.table_name,
      column: row.column_name,
      dataType: row.data_type,
      udtName: row.udt_name,
      nullable: row.is_nullable === 'YES',
      precision: row.datetime_precision,
      maxLength: row.character_maximum_length,
    });
  }
  return tables;
}

async function readEnums(url: string): Promise<Map<string, string[]>> {
  const rows = await sql<{ name: string; labels: string[] }>(
    url,
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public'
      GROUP BY t.typname`,
  );
  return new Map(rows.map((row) => [row.name, row.labels]));
}

// ---- the comparison ----

const describeColumn = (c: Column) =>
  `${c.dataType === 'USER-DEFINED' || c.dataType === 'ARRAY' ? `${c.dataType} ${c.udtName}` : c.dataType}${c.nullable ? ' NULL' : ' NOT NULL'}`;

/** Column types (information_schema data_type, or udt_name for extension types) each Prisma scalar may map to. */
function typeProblem(field: DmmfField, column: Column, enums: Map<string, DmmfEnum>): string | undefined {
  const [native, args = []] = field.nativeType ?? [];
  // A list is a PostgreSQL array whose element type is what a single value would be.
  const type = field.isList ? (column.dataType === 'ARRAY' ? column.udtName.replace(/^_/, '') : undefined) : undefined;
  if (field.isList && type === undefined) return `is a list but the column is ${column.dataType}`;
  const dataType = field.isList ? udtToDataType(type!) : column.dataType;
  const udt = field.isList ? type! : column.udtName;

  if (field.kind === 'enum') {
    const wanted = enums.get(field.type);
    const pgName = wanted?.dbName ?? field.type;
    if (dataType !== 'USER-DEFINED' || udt !== pgName) return `is enum ${field.type} (PostgreSQL type ${pgName}) but the column is ${describeColumn(column)}`;
    return undefined;
  }

  const expected: Record<string, (string | undefined)[]> = {
    // Prisma's String maps to text unless a native type says otherwise; citext, char and varchar read
    // as strings too. uuid columns must say @db.Uuid: Prisma then sends uuid parameters, not text.
    String: native
      ? [{ Uuid: 'uuid', Text: 'text', Char: 'character', VarChar: 'character varying', Citext: 'citext' }[native]]
      : ['text', 'citext', 'character', 'character varying'],
    Boolean: ['boolean'],
    Int: [native === 'SmallInt' ? 'smallint' : 'integer'],
    BigInt: ['bigint'],
    Float: [native === 'Real' ? 'real' : 'double precision'],
    Decimal: ['numeric'],
    DateTime: [
      { Timestamptz: 'timestamp with time zone', Timestamp: 'timestamp without time zone', Date: 'date', Time: 'time without time zone' }[
        native ?? 'Timestamptz'
      ],
    ],
    Json: [native === 'Json' ? 'json' : 'jsonb'],
    Bytes: ['bytea'],
  };
  const allowed = expected[field.type];
  if (!allowed) return `has type ${field.type}, which this test does not know how to compare (extend typeProblem)`;
  const actual = dataType === 'USER-DEFINED' ? udt : dataType;
  if (!allowed.includes(actual)) {
    const declared = `${field.type}${field.isList ? '[]' : ''}${native ? ` @db.${native}${args.length ? `(${args.join(', ')})` : ''}` : ''}`;
    const hint = actual === 'uuid' && field.type === 'String' ? '; add @db.Uuid' : '';
    return `is ${declared} but the column is ${describeColumn(column)} (expected ${allowed.filter(Boolean).join(' or ') || 'a known native type'}${hint})`;
  }
  if (!field.isList && field.type === 'DateTime' && args.length && column.precision !== Number(args[0])) {
    return `is @db.${native}(${args[0]}) but the column has precision ${column.precision}`;
  }
  if (!field.isList && (native === 'Char' || native === 'VarChar') && args.length && column.maxLength !== Number(args[0])) {
    return `is @db.${native}(${args[0]}) but the column has length ${column.maxLength}`;
  }
  return undefined;
}

/** information_schema names array elements by udt_name (_text); this turns the element udt back into a data_type. */
function udtToDataType(udt: string): string {
  const names: Record<string, string> = {
    text: 'text',
    varchar: 'character varying',
    bpchar: 'character',
    uuid: 'uuid',
    bool: 'boolean',
    int2: 'smallint',
    int4: 'integer',
    int8: 'bigint',
    float4: 'real',
    float8: 'double precision',
    numeric: 'numeric',
    timestamptz: 'timestamp with time zone',
    timestamp: 'timestamp without time zone',
    jsonb: 'jsonb',
    json: 'json',
    bytea: 'bytea',
    citext: 'citext',
  };
  return names[udt] ?? 'USER-DEFINED';
}

describe('prisma/schema.prisma matches the migrated database', () => {
  let db: TestDatabase;
  let dmmf: Dmmf;
  let tables: Map<string, Map<string, Column>>;
  let pgEnums: Map<string, string[]>;

  beforeAll(async () => {
    dmmf = readDmmf(readFileSync(SCHEMA, 'utf8'));
    db = await createTestDatabase();
    tables = await readColumns(db.adminUrl);
    pgEnums = await readEnums(db.adminUrl);
  });
  afterAll(() => db?.drop());

  it('reads a non-trivial schema (the parser works)', () => {
    expect(dmmf.datamodel.models.length).toBeGreaterThan(5);
    expect(dmmf.datamodel.models.find((m) => m.name === 'User')?.fields.find((f) => f.name === 'email')).toMatchObject({
      kind: 'scalar',
      type: 'String',
      isRequired: true,
    });
  });

  it('every model is a table, and every scalar field a column of a compatible type and the same nullability', () => {
    const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e]));
    const problems: string[] = [];
    for (const model of dmmf.datamodel.models) {
      const tableName = model.dbName ?? model.name;
      const columns = tables.get(tableName);
      if (!columns) {
        problems.push(`${model.name}: no table "${tableName}" in the migrated database`);
        continue;
      }
      const modelled = new Set<string>();
      for (const field of model.fields) {
        if (field.kind === 'object') continue; // relation fields have no column of their own
        const columnName = field.dbName ?? field.name;
        modelled.add(columnName);
        const where = `${model.name}.${field.name}`;
        if (field.kind === 'unsupported') continue;
        const column = columns.get(columnName);
        if (!column) {
          problems.push(`${where}: no column "${tableName}.${columnName}"`);
          continue;
        }
        const typeIssue = typeProblem(field, column, enums);
        if (typeIssue) problems.push(`${where} ${typeIssue}`);
        // Prisma lists are never null (string[]), so their columns must be NOT NULL too.
        const shouldBeNullable = !field.isRequired && !field.isList;
        if (column.nullable !== shouldBeNullable) {
          problems.push(
            `${where} is ${shouldBeNullable ? 'optional' : 'required'} but "${tableName}.${columnName}" is ${column.nullable ? 'NULL' : 'NOT NULL'}`,
          );
        }
      }
      for (const column of columns.values()) {
        if (!modelled.has(column.column)) {
          problems.push(`${model.name}: column "${tableName}.${column.column}" (${describeColumn(column)}) has no field in the model`);
        }
      }
    }
    expect(problems, `prisma/schema.prisma and prisma/migrations disagree:\n  ${problems.join('\n  ')}\n`).toEqual([]);
  });

  it('every enum exists in PostgreSQL with the same labels', () => {
    const problems: string[] = [];
    for (const prismaEnum of dmmf.datamodel.enums) {
      const pgName = prismaEnum.dbName ?? prismaEnum.name;
      const labels = pgEnums.get(pgName);
      const wanted = prismaEnum.values.map((v) => v.dbName ?? v.name);
      if (!labels) problems.push(`enum ${prismaEnum.name}: no PostgreSQL type "${pgName}"`);
      else if ([...labels].sort().join(',') !== [...wanted].sort().join(',')) {
        problems.push(`enum ${prismaEnum.name}: schema.prisma has ${wanted.join(', ')} but "${pgName}" has ${labels.join(', ')}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('every table is covered by a model', () => {
    const modelled = new Set(dmmf.datamodel.models.map((m) => m.dbName ?? m.name));
    const orphans = [...tables.keys()].filter((table) => !modelled.has(table) && !NOT_MODELLED.has(table));
    expect(orphans, `tables without a model in prisma/schema.prisma: ${orphans.join(', ')}`).toEqual([]);
  });
});
