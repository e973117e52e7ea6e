import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * The sandbox Sage Pro server: the SQL edition's databases as schemas of one PostgreSQL database,
 * `pro<compid>` per company (PRO01.dbo → pro01) and `prosys` for the system database (PROSYS.dbo).
 */
export const SYSTEM_SCHEMA = 'prosys';

export interface SageProCompany {
  compid: string;
  schema: string;
  name: string;
}

export const SAGEPRO_COMPANIES: readonly SageProCompany[] = [
  { compid: '01', schema: 'pro01', name: 'Demo Sage Pro Company' },
  { compid: '99', schema: 'pro99', name: 'Sample Company' },
];

/** A company id as Sage Pro keeps it: 1 or '1' (as Caster Depot's config holds it) → '01'. */
export function normalizeCompid(compid: string | number): string {
  const id = String(compid).trim().toUpperCase().padStart(2, '0');
  if (!/^[0-9A-Z]{2}$/.test(id)) throw new RangeError(`Invalid Sage Pro company id "${compid}"`);
  return id;
}

/** The schema of a company: '01' → 'pro01' (the SQL edition's PRO01 database). */
export function companySchema(compid: string | number): string {
  return `pro${normalizeCompid(compid).toLowerCase()}`;
}

/** Widths of the key fields (char(n)); the DDL is the source, ../README.md explains the choices. */
export const KEY_WIDTHS = {
  compid: 2,
  custno: 6,
  invno: 10,
  sono: 10,
  transeq: 4,
  item: 25,
  loctid: 6,
  glacnt: 24,
  arsess: 6,
  glbatch: 6,
  refno: 20,
  ponum: 20,
  salesmn: 4,
  terr: 3,
  qbin: 10,
  sysid: 4,
  ruleid: 8,
  chrvl: 20,
  orderstat: 20,
  /** sycrlst.compid is wider than syccomp.compid ('01        ' in third-party SQL). */
  sycrlstCompid: 10,
} as const;

const DDL_DIR = fileURLToPath(new URL('./ddl/', import.meta.url));

export interface DdlFile {
  name: string;
  /** 'system' files build prosys; 'company' files build each company schema. */
  target: 'system' | 'company';
  sql: string;
  checksum: string;
}

/** ddl/system-*.sql then ddl/company-*.sql, each group in name order. */
export function readDdlFiles(dir = DDL_DIR): DdlFile[] {
  const files = readdirSync(dir).filter((name) => /^(system|company)-.+\.sql$/.test(name));
  const target = (name: string) => (name.startsWith('system-') ? 'system' : 'company');
  return files
    .sort((a, b) => (target(a) === target(b) ? a.localeCompare(b) : target(a) === 'system' ? -1 : 1))
    .map((name) => {
      const sql = readFileSync(dir + name, 'utf8');
      return { name, target: target(name), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** The schemas a DDL file is applied to. */
export function schemasFor(file: DdlFile): string[] {
  return file.target === 'system' ? [SYSTEM_SCHEMA] : SAGEPRO_COMPANIES.map((company) => company.schema);
}

/**
 * Runs a DDL file inside `schema`: the files name no schema, so the same text builds every company.
 * Must run inside a transaction (SET LOCAL).
 */
export async function applyDdl(client: pg.PoolClient, file: DdlFile, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
  try {
    await client.query(file.sql);
  } catch (error) {
    throw new Error(`Sage Pro sandbox DDL ${file.name} failed in schema ${schema}: ${(error as Error).message}`);
  } finally {
    await client.query('SET LOCAL search_path TO DEFAULT').catch(() => undefined);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
