/**
 * Reconciliation's read of Sage Pro receipts: the lines dated in a range, every reference, a page at
 * a time (keyset on id_col), current (ARCASH) or in history (ARYCSH), against the sandbox company
 * over PostgreSQL. The pages together are
 * exactly the range's lines, once each, whatever the page size.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSageProSandbox } from '../../backend/src/sandbox/sagepro/index.js';
import { SANDBOX_CONNECTOR_GL } from '../../backend/src/sandbox/sagepro/seed-data.js';
import type { ReceiptLineRecord } from '../../backend/src/sagepro/company.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { COMPANY, SYSTEM } from './company-books.js';

let testDb: TestDatabase;
let pool: pg.Pool;
let db: Kysely<SageProDatabase>;
let company: KyselySageProCompany;

beforeAll(async () => {
  testDb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.adminUrl, max: 4 });
  await ensureSageProSandbox(pool);
  db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool }) });
  company = new KyselySageProCompany(db, { dialect: 'postgres', compid: '01', tables: { company: [COMPANY], system: [SYSTEM] }, user: 'STL', timeZone: 'America/Detroit', gl: SANDBOX_CONNECTOR_GL });
});

afterAll(async () => {
  await db?.destroy(); // ends the pool
  await testDb?.drop();
});

async function allPages(from: string, to: string, limit: number, table: 'arcash' | 'arycsh' = 'arcash'): Promise<{ lines: ReceiptLineRecord[]; pages: number }> {
  const lines: ReceiptLineRecord[] = [];
  let afterId: number | undefined;
  let pages = 0;
  for (;;) {
    const page = await company.readReceiptLines({ table, from, to, afterId, limit });
    pages += 1;
    lines.push(...page.lines);
    if (page.nextAfterId === null) return { lines, pages };
    afterId = page.nextAfterId;
  }
}

describe('readReceiptLines', () => {
  it("pages through exactly the range's lines, once each, in id_col order", async () => {
    const { rows: range } = await pool.query<{ from: string; to: string }>("SELECT to_char(min(dtepaid), 'YYYY-MM-DD') AS from, to_char(max(dtepaid), 'YYYY-MM-DD') AS to FROM pro01.arcash");
    const { from, to } = range[0];
    const { rows: expected } = await pool.query<{ id: string; refno: string; cents: number }>(
      `SELECT 'arcash:' || id_col AS id, trim(refno) AS refno, round(paidamt * 100)::int AS cents FROM pro01.arcash WHERE dtepaid BETWEEN $1 AND $2 ORDER BY id_col`,
      [from, to],
    );
    expect(expected.length).toBeGreaterThan(7);
    const { lines, pages } = await allPages(from, to, 7);
    expect(pages).toBe(Math.floor(expected.length / 7) + 1);
    expect(lines.map((line) => [line.id, line.reference, line.paidCents])).toEqual(expected.map((row) => [row.id, row.refno, row.cents]));
    expect(lines.every((line) => line.currency.length === 3)).toBe(true);
    // One page for all of it when the page is large enough.
    expect((await allPages(from, to, 10_000)).lines).toEqual(lines);
  });

  it('reads the receipts a period close moved to history (ARYCSH) the same way', async () => {
    const { rows: history } = await pool.query<{ id: string; refno: string; cents: number }>(
      `SELECT 'arycsh:' || id_col AS id, trim(refno) AS refno, round(paidamt * 100)::int AS cents FROM pro01.arycsh ORDER BY id_col`,
    );
    expect(history.length).toBeGreaterThan(0);
    const { lines } = await allPages('1990-01-01', '2099-12-31', 50, 'arycsh');
    expect(lines.map((line) => [line.id, line.reference, line.paidCents])).toEqual(history.map((row) => [row.id, row.refno, row.cents]));
  });

  it('reads only the days asked for', async () => {
    const { rows } = await pool.query<{ day: string; n: number }>("SELECT to_char(dtepaid, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM pro01.arcash GROUP BY 1 ORDER BY 2 DESC LIMIT 1");
    const { lines } = await allPages(rows[0].day, rows[0].day, 10_000);
    expect(lines).toHaveLength(rows[0].n);
    expect(new Set(lines.map((line) => line.date))).toEqual(new Set([rows[0].day]));
  });

  it('refuses a page size it would not serve', async () => {
    await expect(company.readReceiptLines({ from: '2026-01-01', to: '2026-12-31', limit: 0 })).rejects.toThrow(RangeError);
    await expect(company.readReceiptLines({ from: '2026-01-01', to: '2026-12-31', limit: 10_001 })).rejects.toThrow(RangeError);
  });
});
