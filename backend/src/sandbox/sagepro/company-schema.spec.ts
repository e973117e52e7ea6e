import { describe, expect, it } from 'vitest';
import { companySchema, KEY_WIDTHS, normalizeCompid, readDdlFiles, SAGEPRO_COMPANIES, schemasFor } from './company-schema.js';
import { COMPANY_TABLES, generateSageProSeed, HISTORY_OF, SYSTEM_TABLES } from './seed.js';

type Column = { type: string; width?: number; scale?: number };

/** table → column → type, read from the DDL files' CREATE TABLE blocks. */
function ddlColumns(target: 'system' | 'company'): Map<string, Map<string, Column>> {
  const tables = new Map<string, Map<string, Column>>();
  for (const file of readDdlFiles().filter((f) => f.target === target)) {
    for (const [, table, body] of file.sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
      const columns = new Map<string, Column>();
      for (const [, name, type, width, scale] of body.matchAll(/^\s+(\w+)\s+(char|numeric|timestamp|text|integer)(?:\((\d+)(?:,(\d+))?\))?/gm)) {
        columns.set(name, { type, width: width ? Number(width) : undefined, scale: scale ? Number(scale) : undefined });
      }
      tables.set(table, columns);
    }
    // Columns added later (ALTER TABLE … ADD COLUMN), at the end of their table as PostgreSQL adds them.
    for (const [, table, body] of file.sql.matchAll(/ALTER TABLE (\w+)\n([\s\S]*?);/g)) {
      for (const [, name, type, width, scale] of body.matchAll(/ADD COLUMN (\w+)\s+(char|numeric|timestamp|text|integer)(?:\((\d+)(?:,(\d+))?\))?/g)) {
        tables.get(table)!.set(name, { type, width: width ? Number(width) : undefined, scale: scale ? Number(scale) : undefined });
      }
    }
  }
  return tables;
}

describe('Sage Pro sandbox DDL', () => {
  const company = ddlColumns('company');
  const system = ddlColumns('system');

  it('has the company and system tables the seed fills', () => {
    expect([...company.keys()].sort()).toEqual([...COMPANY_TABLES].sort());
    expect([...system.keys()].sort()).toEqual([...SYSTEM_TABLES].sort());
  });

  it('gives every table an id_col identity, and no foreign keys, unique keys, checks or triggers', () => {
    for (const file of readDdlFiles()) {
      const statements = file.sql.replace(/--.*$/gm, '');
      expect(statements).not.toMatch(/REFERENCES|FOREIGN KEY|UNIQUE|CREATE TRIGGER|CREATE FUNCTION|CHECK \(/i);
      expect(statements).not.toMatch(/\b(pro01|pro99|prosys)\./); // run inside each schema, never naming one
    }
    for (const columns of [...company.values(), ...system.values()]) {
      expect(columns.get('id_col')).toEqual({ type: 'integer' });
      expect(columns.get('adduser')).toEqual({ type: 'char', width: 4 });
      expect(columns.get('addtime')).toEqual({ type: 'char', width: 8 });
    }
    for (const file of readDdlFiles()) {
      const tables = [...file.sql.matchAll(/CREATE TABLE (\w+)/g)].length;
      expect([...file.sql.matchAll(/id_col\s+integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY/g)].length).toBe(tables);
    }
  });

  it('gives each history table exactly the columns of its current table: names, order, types and widths', () => {
    const indexes = (table: string) =>
      readDdlFiles()
        .flatMap((f) => [...f.sql.matchAll(new RegExp(`CREATE INDEX ${table}_(\\w+) ON ${table} (\\(.*\\));`, 'g'))])
        .map(([, name, columns]) => `${name} ${columns}`);
    for (const [history, current] of Object.entries(HISTORY_OF)) {
      expect([...company.get(history)!.entries()], history).toEqual([...company.get(current)!.entries()]);
      expect(indexes(current).length, current).toBeGreaterThan(0);
      expect(indexes(history), history).toEqual(indexes(current));
    }
  });

  it('stores money as numeric(16,4) and keys at the documented widths', () => {
    for (const [table, column] of [['armast', 'invamt'], ['armast', 'balance'], ['arcash', 'paidamt'], ['ardist', 'amount'], ['arcust', 'balance'], ['somast', 'ordamt']]) {
      expect(company.get(table)!.get(column)).toEqual({ type: 'numeric', width: 16, scale: 4 });
    }
    const keys: [string, string, number][] = [
      ['arcust', 'custno', KEY_WIDTHS.custno],
      ['armast', 'invno', KEY_WIDTHS.invno],
      ['arcash', 'invno', KEY_WIDTHS.invno],
      ['ardist', 'tranno', KEY_WIDTHS.invno],
      ['arcash', 'refno', KEY_WIDTHS.refno],
      ['somast', 'sono', KEY_WIDTHS.sono],
      ['somast', 'orderstat', KEY_WIDTHS.orderstat],
      ['sotran', 'transeq', KEY_WIDTHS.transeq],
      ['icitem', 'item', KEY_WIDTHS.item],
      ['iciloc', 'loctid', KEY_WIDTHS.loctid],
      ['glacnt', 'glacnt', KEY_WIDTHS.glacnt],
      ['ardist', 'arsess', KEY_WIDTHS.arsess],
      ['ardist', 'glbatch', KEY_WIDTHS.glbatch],
    ];
    for (const [table, column, width] of keys) expect(company.get(table)!.get(column), `${table}.${column}`).toEqual({ type: 'char', width });
    expect(system.get('sycrlst')!.get('compid')).toEqual({ type: 'char', width: KEY_WIDTHS.sycrlstCompid });
    expect(system.get('sycrlst')!.get('chrvl')).toEqual({ type: 'char', width: KEY_WIDTHS.chrvl });
    expect(system.get('syccomp')!.get('compid')).toEqual({ type: 'char', width: KEY_WIDTHS.compid });
  });

  it('fits every seeded value into its column', () => {
    const seed = generateSageProSeed();
    const problems: string[] = [];
    const check = (tables: Map<string, Map<string, Column>>, rows: Record<string, Record<string, string | number>[]>) => {
      for (const [table, list] of Object.entries(rows)) {
        const columns = tables.get(table)!;
        for (const row of list) {
          for (const [name, value] of Object.entries(row)) {
            const column = columns.get(name);
            const text = String(value);
            if (!column) problems.push(`${table}.${name} is not in the DDL`);
            else if (column.type === 'char' && text.length > column.width!) problems.push(`${table}.${name} = "${text}" exceeds char(${column.width})`);
            else if (column.type === 'numeric') {
              const [whole, fraction = ''] = text.replace('-', '').split('.');
              if (whole.length > column.width! - column.scale! || fraction.length > column.scale!) problems.push(`${table}.${name} = ${text} overflows numeric(${column.width},${column.scale})`);
            } else if (column.type === 'timestamp' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) problems.push(`${table}.${name} = ${text} is not a date`);
          }
        }
      }
    };
    check(system, seed.system);
    for (const companySeed of seed.companies) check(company, companySeed.tables);
    expect([...new Set(problems)]).toEqual([]);
  });

  it('builds prosys from system files and every company from company files', () => {
    const files = readDdlFiles();
    expect(files.map((f) => f.target)).toEqual([...files.map((f) => f.target)].sort((a, b) => (a === b ? 0 : a === 'system' ? -1 : 1)));
    expect(schemasFor(files.find((f) => f.target === 'system')!)).toEqual(['prosys']);
    expect(schemasFor(files.find((f) => f.target === 'company')!)).toEqual(SAGEPRO_COMPANIES.map((c) => c.schema));
    for (const file of files) expect(file.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps company ids to schemas like the SQL edition maps them to databases', () => {
    expect(companySchema('01')).toBe('pro01');
    expect(companySchema(1)).toBe('pro01');
    expect(companySchema('99')).toBe('pro99');
    expect(normalizeCompid(' 7 ')).toBe('07');
    expect(() => companySchema('01; DROP')).toThrow(RangeError);
    expect(() => companySchema('123')).toThrow(RangeError);
  });
});
