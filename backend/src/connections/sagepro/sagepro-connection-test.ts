import { type Kysely, sql } from 'kysely';
import { connectionFailureKind } from '../../platform/egress/connection-failure.js';
import { companyTablesVerdict } from './sagepro-connection.rules.js';

export const SAGEPRO_TEST_STATUSES = ['ok', 'bad_credentials', 'forbidden', 'unreachable', 'timed_out', 'refused_address', 'tls_error', 'not_sage_pro', 'missing_tables', 'error'] as const;
export type SageProTestStatus = (typeof SAGEPRO_TEST_STATUSES)[number];

export interface SageProTestVerdict {
  status: SageProTestStatus;
  message: string;
}

/**
 * One fixed sentence per status (missing_tables adds which of Settle's own tables are missing).
 * Nothing the server said is repeated: a tenant names the host, and an echo would make the test a
 * way to read, or scan, whatever Settle can reach.
 */
export const SAGEPRO_TEST_MESSAGES: Record<SageProTestStatus, string> = {
  ok: 'Connected to the Sage Pro company and read its tables.',
  bad_credentials: 'The server refused the user name or password.',
  forbidden: 'Connected, but the user may not read the Sage Pro tables.',
  unreachable: 'The server could not be reached at this host and port within 10 s, or what answered is not SQL Server.',
  timed_out: 'Connected, but the server did not answer a query within 10 s.',
  refused_address: 'Settle does not connect to this host: it is not a public address (see EGRESS_ALLOW).',
  tls_error: "The encrypted connection failed: the server's certificate is not valid for this host.",
  not_sage_pro: 'Connected, but this database has no Sage Pro AR tables (ARCUST, ARMAST).',
  missing_tables: 'Connected, but some tables Settle needs are missing or not visible.',
  error: 'The test failed for an unexpected reason.',
};

const verdict = (status: SageProTestStatus): SageProTestVerdict => ({ status, message: SAGEPRO_TEST_MESSAGES[status] });

/** Where a company's and the system's tables are listed, per edition. */
export type TableListing = { edition: 'sandbox'; companySchema: string; systemSchema: string } | { edition: 'sqlserver'; companyDatabase: string; systemDatabase: string };

/** Connects, lists the tables Settle needs, and reads one row: the whole test, no writes. */
export async function testSageProCompany(db: Kysely<unknown>, where: TableListing): Promise<SageProTestVerdict> {
  try {
    const tables = await listTables(db, where);
    const found = companyTablesVerdict(tables);
    if (found.kind === 'not_sage_pro') return verdict('not_sage_pro');
    // The names listed are Settle's own (the tables it needs), not anything the server said.
    if (found.kind === 'missing_tables') return { status: 'missing_tables', message: `Connected, but these tables are missing or not visible: ${found.missing.join(', ')}.` };
    await readOneCustomer(db, where);
    return verdict('ok');
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

/** A driver error (tedious or pg) as what a person should do about it, in a fixed sentence. */
export function classifySageProError(error: unknown): SageProTestVerdict {
  const e = error as { code?: string; number?: number; message?: string };
  if (e.code === 'ELOGIN' || e.number === 18456 || e.code === '28P01' || e.code === '28000') return verdict('bad_credentials');
  if (e.number === 229 || e.number === 230 || e.code === '42501') return verdict('forbidden');
  if (e.number === 4060 || e.code === '3D000') return verdict('not_sage_pro');
  if (typeof e.number === 'number' || /^(?!08)[0-9][0-9A-Z]{4}$/.test(e.code ?? '')) return verdict('error'); // another error the server itself raised
  // Settle's own fault (a driver calling what this Node.js lacks): not a verdict on the server.
  if (error instanceof TypeError || error instanceof ReferenceError) return verdict('error');
  // A query that ran out of time on a server Settle is logged in to (tedious's request timeout).
  if (e.code === 'ETIMEOUT' && /request failed to complete/i.test(e.message ?? '')) return verdict('timed_out');
  // Every way of not getting a SQL Server to talk to, one answer each: refused by the guard, TLS,
  // and closed, filtered (no answer in time) or another protocol all alike (no port scanning).
  return verdict(connectionFailureKind(error));
}
