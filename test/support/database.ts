/**
 * A fresh, migrated database per test file (or per test): a copy of the template that the global
 * setup migrated once, reached either as the superuser (adminUrl: fixtures, assertions that must see
 * past row-level security) or as settle_app (appUrl: what the application itself uses).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { findStoredCardNumbers } from '../../backend/src/platform/card-data/scan-database.js';
import { APP_ROLE, quoteIdent, SANDBOX_ROLE } from '../../backend/src/platform/database/migrator.js';
import { withCredentials, withDatabase } from '../../backend/src/platform/database/urls.js';

export interface TestDatabase {
  name: string;
  /** Superuser URL of this database. */
  adminUrl: string;
  /** The same database as the settle_app role (subject to row-level security). */
  appUrl: string;
  /** The same database as the settle_sandbox role (CREATEDB only): what the built-in sandboxes use. */
  sandboxUrl: string;
  /** Drops the database, closing any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('adminServerUrl');
  const template = inject('templateDatabase');
  const appPassword = inject('appPassword');
  if (!serverUrl || !template) {
    throw new Error('createTestDatabase() needs test/support/global-setup.ts as the project globalSetup (e2e/browser projects).');
  }
  const name = `t_${inject('runId')}_${randomBytes(5).toString('hex')}`;
  await sql(serverUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  // The shared Sage Pro sandbox company lives in the test's own database (SAGEPRO_SANDBOX_DATABASE):
  // its role may add its schemas there (a database's grants are not copied from the template).
  await sql(serverUrl, `GRANT CREATE ON DATABASE ${quoteIdent(name)} TO ${SANDBOX_ROLE}`);
  const adminUrl = withDatabase(serverUrl, name);
  let dropped: Promise<void> | undefined;
  return {
    name,
    adminUrl,
    appUrl: withCredentials(adminUrl, APP_ROLE, appPassword),
    sandboxUrl: sandboxUrlOf(adminUrl),
    drop: () => (dropped ??= scanForCardNumbers(serverUrl, name).then(() => dropWithSatellites(serverUrl, name))),
  };
}

/** `adminUrl`'s database as the settle_sandbox role (the global setup created it). */
export function sandboxUrlOf(adminUrl: string): string {
  return withCredentials(adminUrl, SANDBOX_ROLE, inject('sandboxPassword'));
}

/** Runs one statement on its own connection and returns the rows. */
export async function sql<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * `npm test` sets SETTLE_PAN_FINDINGS: every test database (and the sandboxes beside it) is scanned for
 * card numbers just before it is dropped, and what is found is appended there for `npm run scan:pan`.
 * A scan that fails is recorded as such, never fails the test.
 */
async function scanForCardNumbers(serverUrl: string, name: string): Promise<void> {
  const findings = process.env.SETTLE_PAN_FINDINGS;
  if (!findings) return;
  const satellites = await sql<{ datname: string }>(serverUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`${name}_`]).catch(() => []);
  const lines: object[] = [];
  // The test file that made the database, so that a finding names where to look.
  const testFile = expect.getState().testPath ?? null;
  for (const database of [name, ...satellites.map((row) => row.datname)]) {
    try {
      lines.push(...(await findStoredCardNumbers(withDatabase(serverUrl, database))).map((found) => ({ ...found, test: testFile })), { scanned: database });
    } catch (error) {
      lines.push({ database, error: (error as Error).message });
    }
  }
  mkdirSync(dirname(findings), { recursive: true });
  appendFileSync(findings, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}

/** Drops the database and the ones the app made beside it (per-tenant Sage Pro sandboxes: `<name>_…`). */
async function dropWithSatellites(serverUrl: string, name: string): Promise<void> {
  const satellites = await sql<{ datname: string }>(serverUrl, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [`${name}_`]);
  for (const { datname } of satellites) await sql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  await sql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}
