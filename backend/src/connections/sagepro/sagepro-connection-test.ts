import { type Kysely, sql } from 'kysely';
import { companyTablesVerdict } from './sagepro-connection.rules.js';

export const SAGEPRO_TEST_STATUSES = ['ok', 'bad_credentials', 'forbidden', 'unreachable', 'timed_out', 'not_sage_pro', 'missing_tables', 'error'] as const;
export type SageProTestStatus = (typeof SAGEPRO_TEST_STATUSES)[number];

export interface SageProTestVerdict {
  status: SageProTestStatus;
  message: string;
}

/** Where a company's and the system's tables are listed, per edition. */
export type TableListing = { edition: 'sandbox'; companySchema: string; systemSchema: string } | { edition: 'sqlserver'; companyDatabase: string; systemDatabase: string };

/** Connects, lists the tables Settle needs, and reads one row: the whole test, no writes. */
export async function testSageProCompany(db: Kysely<unknown>, where: TableListing): Promise<SageProTestVerdict> {
  try {
    const tables = await listTables(db, where);
    const verdict = companyTablesVerdict(tables);
    if (verdict.kind === 'not_sage_pro') return { status: 'not_sage_pro', message: 'Connected, but this database has no Sage Pro AR tables (ARCUST, ARMAST).' };
    if (verdict.kind === 'missing_tables') return { status: 'missing_tables', message: `Connected, but these tables are missing or not visible: ${verdict.missing.join(', ')}.` };
    await readOneCustomer(db, where);
    return { status: 'ok', message: 'Connected to the Sage Pro company and read its tables.' };
  } catch (error) {
    return classifySageProError(error);
  }
}

async function listTables(db: Kysely<unknown>, where: TableListing): Promise<string[]> {
  if (where.edition === 'sandbox') {
    const rows = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables
      WHERE table_schema IN (${where.companySchema}, ${where.systemSchema})`.execute(db);
    return rows.rows.map((row) => row.table_name);
  }
  const company = await sql<{ TABLE_NAME: string }>`SELECT TABLE_NAME FROM ${sql.id(where.companyDatabase, 'INFORMATION_SCHEMA', 'TABLES')}`.execute(db);
  const system = await sql<{ TABLE_NAME: string }>`SELECT TABLE_NAME FROM ${sql.id(where.systemDatabase, 'INFORMATION_SCHEMA', 'TABLES')}`.execute(db);
  return [...company.rows, ...system.rows].map((row) => row.TABLE_NAME);
}

async function readOneCustomer(db: Kysely<unknown>, where: TableListing): Promise<void> {
  if (where.edition === 'sandbox') await sql`SELECT custno FROM ${sql.id(where.companySchema, 'arcust')} LIMIT 1`.execute(db);
  else await sql`SELECT TOP 1 custno FROM ${sql.id(where.companyDatabase, 'dbo', 'arcust')}`.execute(db);
}

/** A driver error (tedious or pg) as what a person should do about it. */
export function classifySageProError(error: unknown): SageProTestVerdict {
  const e = error as { code?: string; number?: number; message?: string };
  const message = (e.message ?? String(error)).slice(0, 300);
  if (e.code === 'ELOGIN' || e.number === 18456 || e.code === '28P01' || e.code === '28000') {
    return { status: 'bad_credentials', message: 'The server refused the user name or password.' };
  }
  if (e.code === 'ETIMEOUT' || /timeout|timed out/i.test(message)) return { status: 'timed_out', message: 'The server did not answer within 10 s.' };
  if (['ESOCKET', 'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(e.code ?? '') || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message)) {
    return { status: 'unreachable', message: `The server could not be reached: ${message}` };
  }
  if (e.number === 229 || e.number === 230 || e.code === '42501') return { status: 'forbidden', message: 'Connected, but the user may not read the Sage Pro tables.' };
  if (e.number === 4060 || e.code === '3D000') return { status: 'not_sage_pro', message: 'The company database does not exist or the user cannot open it.' };
  return { status: 'error', message };
}
