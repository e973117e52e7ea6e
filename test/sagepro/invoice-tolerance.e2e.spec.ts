/**
 * The customer + amount + date lookup with a tolerance (a flow's match step: "±$0.05"), against the
 * sandbox Sage Pro company: the connector's real query over PostgreSQL, read-only.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSageProSandbox } from '../../backend/src/sandbox/sagepro/index.js';
import { SANDBOX_CONNECTOR_GL } from '../../backend/src/sandbox/sagepro/seed-data.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { COMPANY, type InvoiceFixture, openInvoices, SYSTEM } from './company-books.js';

let testDb: TestDatabase;
let db: Kysely<SageProDatabase>;
let company: KyselySageProCompany;
/** An open invoice that is its customer's only one with a balance near its own. */
let target: InvoiceFixture;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: testDb.adminUrl, max: 4 });
  await ensureSageProSandbox(pool);
  db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool }) });
  company = new KyselySageProCompany(db, { dialect: 'postgres', compid: '01', tables: { company: [COMPANY], system: [SYSTEM] }, user: 'STL', timeZone: 'America/Detroit', gl: SANDBOX_CONNECTOR_GL });
  const open = await openInvoices(pool);
  target = open.find((fixture) => fixture.balance > 100 && !open.some((other) => other !== fixture && other.custno === fixture.custno && Math.abs(other.balance - fixture.balance) <= 100))!;
  expect(target).toBeDefined();
});

afterAll(async () => {
  await db?.destroy(); // ends the pool
  await testDb?.drop();
});

const lookup = (amountCents: number, toleranceCents?: number) =>
  company.findOpenInvoices({ custno: target.custno, amountCents, from: target.invdte, to: target.invdte, ...(toleranceCents === undefined ? {} : { toleranceCents }) });
const invnos = async (found: Promise<{ invno: string }[]>) => (await found).map((invoice) => invoice.invno);

describe('customer + amount + date with a tolerance', () => {
  it('finds the invoice whose balance is within ±tolerance of the amount, both ends included', async () => {
    for (const amount of [target.balance - 5, target.balance + 5, target.balance]) expect(await invnos(lookup(amount, 5))).toEqual([target.invno]);
  });

  it('not one cent beyond the tolerance', async () => {
    expect(await lookup(target.balance - 6, 5)).toEqual([]);
    expect(await lookup(target.balance + 6, 5)).toEqual([]);
  });

  it('without a tolerance (or a zero one) the balance must be the amount exactly, as before', async () => {
    expect(await invnos(lookup(target.balance))).toEqual([target.invno]);
    expect(await lookup(target.balance + 1)).toEqual([]);
    expect(await lookup(target.balance + 1, 0)).toEqual([]);
  });

  it('a tolerance larger than the amount never reaches invoices that owe nothing or are in credit', async () => {
    const found = await lookup(1, target.balance + 1_000_000);
    expect(found.map((invoice) => invoice.invno)).toContain(target.invno);
    for (const invoice of found) expect(invoice.balanceCents).toBeGreaterThan(0);
  });

  it('a negative tolerance is refused naming the field', async () => {
    await expect(lookup(target.balance, -1)).rejects.toMatchObject({ kind: 'validation', field: 'armast.balance' });
  });
});
