/**
 * The sandbox company's period close on a real PostgreSQL: history tables built like the current
 * ones and seeded with the company's past, paid items moved with their lines and receipts in one
 * transaction, open items left alone, nothing moved twice, and the fiscal calendar marking what is
 * closed.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { SageProDatabase } from '../../../backend/src/sagepro/database.js';
import { QualifiedTablesPlugin } from '../../../backend/src/sagepro/tables.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../../../backend/src/platform/database/migrator.js';
import {
  ensureSageProSandbox,
  ensureSageProSandboxDatabase,
  generateSageProSeed,
  HISTORY_OF,
  resetSageProSandbox,
  SANDBOX_SCHEMAS,
} from '../../../backend/src/sandbox/sagepro/index.js';
import { closeSageProPeriods, readClosedThrough } from '../../../backend/src/sandbox/sagepro/period-close.js';
import { createTestDatabase, sql, type TestDatabase } from '../../support/database.js';

let platform: TestDatabase;
let sandboxDatabase: string;
let pool: pg.Pool;
const seed = generateSageProSeed();
const demo = seed.companies.find((c) => c.company.compid === '01')!;

beforeAll(async () => {
  platform = await createTestDatabase();
  sandboxDatabase = `${platform.name}_sagepro`;
  pool = new pg.Pool({ connectionString: await ensureSageProSandboxDatabase(platform.adminUrl, sandboxDatabase), max: 4 });
  await ensureSageProSandbox(pool);
});

afterAll(async () => {
  await pool?.end();
  if (sandboxDatabase) await sql(platform.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(sandboxDatabase)} WITH (FORCE)`);
  await platform?.drop();
});

async function count(text: string, values: unknown[] = []): Promise<number> {
  return Number((await pool.query(text, values)).rows[0].count);
}

/** md5 of a table's rows without id_col, in key order: the same rows, wherever they sit. */
async function rowsDigest(table: string, where = 'true', values: unknown[] = []): Promise<string> {
  const { rows } = await pool.query(
    `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'id_col')::text, '|' ORDER BY (to_jsonb(t) - 'id_col')::text), '')) AS digest FROM ${table} t WHERE ${where}`,
    values,
  );
  return rows[0].digest;
}

async function schemaDigest(schema: string): Promise<string> {
  const tables = await pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema]);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) parts.push(`${table_name}:${await rowsDigest(`${schema}.${table_name}`)}`);
  return parts.join('\n');
}

const openAr = (schema: string) =>
  pool.query(`SELECT count(*)::int AS items, coalesce(sum(balance), 0)::text AS total FROM ${schema}.armast WHERE arstat NOT IN ('V', 'X') AND balance <> 0`).then((r) => r.rows[0]);

describe('Sage Pro sandbox history tables', () => {
  it('are built like their current tables, column for column', async () => {
    for (const [history, current] of Object.entries(HISTORY_OF)) {
      const shape = (table: string) =>
        pool
          .query(
            `SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default, is_identity
               FROM information_schema.columns WHERE table_schema = 'pro01' AND table_name = $1 ORDER BY ordinal_position`,
            [table],
          )
          .then((r) => r.rows);
      expect(await shape(history), history).toEqual(await shape(current));
    }
  });

  it('are written exactly as seeded, in the seed\'s order, like every other table', async () => {
    const same = (value: unknown, seeded: unknown) =>
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00$/.test(value) ? value.slice(0, 10) === seeded : typeof value === 'string' ? value.trimEnd() === String(seeded).trimEnd() : Number(value) === Number(seeded);
    for (const { company, tables } of seed.companies) {
      for (const [table, rows] of Object.entries(tables)) {
        const stored = (await pool.query(`SELECT to_jsonb(t) - 'id_col' AS row FROM ${company.schema}.${table} t ORDER BY id_col`)).rows.map((r) => r.row);
        expect(stored.length, `${company.schema}.${table}`).toBe(rows.length);
        rows.forEach((row, i) => {
          const wrong = Object.entries(row).filter(([column, value]) => !same(stored[i][column], value));
          expect(wrong, `${company.schema}.${table} row ${i + 1}`).toEqual([]);
        });
      }
    }
  });

  it('hold the seeded past, and no key that is also current', async () => {
    for (const { company, tables } of seed.companies) {
      for (const history of Object.keys(HISTORY_OF) as (keyof typeof HISTORY_OF)[]) {
        expect(await count(`SELECT count(*) FROM ${company.schema}.${history}`), `${company.schema}.${history}`).toBe(tables[history].length);
      }
      expect(await count(`SELECT count(*) FROM ${company.schema}.arymst h JOIN ${company.schema}.armast m USING (invno)`)).toBe(0);
      expect(await count(`SELECT count(*) FROM ${company.schema}.soymst h JOIN ${company.schema}.somast m USING (sono)`)).toBe(0);
      expect(await count(`SELECT count(*) FROM ${company.schema}.arymst m WHERE paidamt <> (SELECT sum(paidamt + disamt) FROM ${company.schema}.arycsh c WHERE c.invno = m.invno)`)).toBe(0);
    }
    expect(await readClosedThrough(pool, '01')).toBe(demo.closedThrough);
  });

  it('are read by the connector\'s own table types, qualified like the current ones', async () => {
    // Never destroy() it: that would end the test's pool.
    const db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool }) }).withPlugin(new QualifiedTablesPlugin({ company: ['pro01'], system: ['prosys'] }));
    const receipt = await db.selectFrom('arycsh').select(['invno', 'custno', 'refno', 'dtepaid', 'paidamt', 'disamt', 'arsess', 'cashacct', 'currid']).orderBy('id_col').executeTakeFirstOrThrow();
    const invoice = await db.selectFrom('arymst').select(['invno', 'invamt', 'paidamt', 'balance', 'dtepaid', 'arstat', 'artype', 'refno']).where('invno', '=', receipt.invno).executeTakeFirstOrThrow();
    expect(Number(invoice.balance)).toBe(0);
    const lines = await db.selectFrom('arytrn').select(['invno', 'item', 'qtyshp', 'extprice', 'serial', 'sono']).where('invno', '=', receipt.invno).execute();
    expect(lines.reduce((sum, line) => sum + Math.round(Number(line.extprice) * 100), 0)).toBe(Math.round(Number(invoice.invamt) * 100));
    await db.selectFrom('artran').select(['invno', 'extprice']).limit(1).execute();
    const order = await db.selectFrom('soymst').select(['sono', 'sostat', 'ordamt']).where('sostat', '=', 'C').orderBy('id_col').executeTakeFirstOrThrow();
    expect((await db.selectFrom('soytrn').select(['sono', 'qtyshp', 'origextpri']).where('sono', '=', order.sono).execute()).length).toBeGreaterThan(0);
    const closed = await db.selectFrom('sycdfis').select(['fyear', 'fperiod', 'begdate', 'enddate', 'closed', 'closedate', 'closeuser']).where('compid', '=', '01').where('closed', '=', 'Y').execute();
    expect(closed.length).toBeGreaterThan(0);
    const company = await db.selectFrom('syccomp').select(['curyear', 'curperd']).where('compid', '=', '01').executeTakeFirstOrThrow();
    expect(`${company.curyear}-${String(company.curperd).padStart(2, '0')}` > demo.closedThrough.slice(0, 7)).toBe(true);
  });
});

describe('Sage Pro sandbox period close', () => {
  it('through the seeded close moves nothing: the seed is what close would have left', async () => {
    const before = await schemaDigest('pro01');
    const result = await closeSageProPeriods(pool, '01', { through: demo.closedThrough, today: '2026-11-05' });
    expect(result).toMatchObject({ periodsClosed: [], closedThrough: demo.closedThrough, moved: { arymst: 0, arytrn: 0, arycsh: 0, soymst: 0, soytrn: 0, poymst: 0, poytrn: 0 } });
    expect(await schemaDigest('pro01')).toBe(before);
  });

  it('moves paid and void items with their lines and receipts, and closed orders with theirs, in one go; open items stay', async () => {
    const paid = `(arstat IN ('V', 'X') OR balance = 0) AND invdte <= '2026-09-30' AND dtepaid <= '2026-09-30'`;
    const expected = await pool.query<{ invno: string }>(`SELECT invno FROM pro01.armast WHERE ${paid} ORDER BY invno`);
    expect(expected.rowCount).toBeGreaterThan(10);
    const keys = expected.rows.map((r) => r.invno);
    const movedDigests = {
      armast: await rowsDigest('pro01.armast', 'invno = ANY($1)', [keys]),
      artran: await rowsDigest('pro01.artran', 'invno = ANY($1)', [keys]),
      arcash: await rowsDigest('pro01.arcash', 'invno = ANY($1)', [keys]),
    };
    const open = await openAr('pro01');
    const ardist = await rowsDigest('pro01.ardist');
    const pro99 = await schemaDigest('pro99');
    const totals = await pool.query(`SELECT (SELECT count(*) FROM pro01.armast) + (SELECT count(*) FROM pro01.arymst) AS ar,
                                            (SELECT count(*) FROM pro01.sotran) + (SELECT count(*) FROM pro01.soytrn) AS so`);

    const result = await closeSageProPeriods(pool, '01', { through: '2026-09-30', user: 'KLT', today: '2026-10-05' });

    expect(result.periodsClosed.at(-1)).toEqual({ fyear: 2026, fperiod: 9, enddate: '2026-09-30' });
    expect(result.periodsClosed[0].enddate > demo.closedThrough).toBe(true);
    expect(result).toMatchObject({ closedThrough: '2026-09-30', currentPeriod: { fyear: 2026, fperiod: 10 } });
    expect(result.moved.arymst).toBe(keys.length);
    expect(result.moved.soymst).toBeGreaterThan(0);
    // What moved is what was there, row for row, and nothing of it is current any more.
    const inHistory = (table: string) => rowsDigest(`pro01.${table}`, 'invno = ANY($1)', [keys]);
    expect({ armast: await inHistory('arymst'), artran: await inHistory('arytrn'), arcash: await inHistory('arycsh') }).toEqual(movedDigests);
    expect(await count(`SELECT count(*) FROM pro01.armast WHERE ${paid}`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.arymst h JOIN pro01.armast m USING (invno)`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.artran t WHERE NOT EXISTS (SELECT 1 FROM pro01.armast m WHERE m.invno = t.invno)`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.arcash c WHERE NOT EXISTS (SELECT 1 FROM pro01.armast m WHERE m.invno = c.invno)`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.soymst h JOIN pro01.somast m USING (sono)`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.somast WHERE sostat IN ('C', 'V') AND sodate <= '2026-09-30'
                          AND NOT EXISTS (SELECT 1 FROM pro01.sotran t WHERE t.sono = somast.sono AND t.shipdate > '2026-09-30')`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.soytrn t WHERE NOT EXISTS (SELECT 1 FROM pro01.soymst m WHERE m.sono = t.sono)`)).toBe(0);
    expect(result.moved.poymst).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM pro01.pomast WHERE postat = 'C' AND purdate <= '2026-09-30'
                          AND NOT EXISTS (SELECT 1 FROM pro01.potran t WHERE t.purno = pomast.purno AND t.recdate > '2026-09-30')`)).toBe(0);
    expect(await count(`SELECT count(*) FROM pro01.pomast WHERE postat = ''`)).toBeGreaterThan(0); // open POs stay
    expect(await count(`SELECT count(*) FROM pro01.poytrn t WHERE NOT EXISTS (SELECT 1 FROM pro01.poymst m WHERE m.purno = t.purno)`)).toBe(0);
    expect((await pool.query(`SELECT (SELECT count(*) FROM pro01.armast) + (SELECT count(*) FROM pro01.arymst) AS ar,
                                     (SELECT count(*) FROM pro01.sotran) + (SELECT count(*) FROM pro01.soytrn) AS so`)).rows).toEqual(totals.rows);
    // Open AR, GL distributions and the other company are untouched.
    expect(await openAr('pro01')).toEqual(open);
    expect(await rowsDigest('pro01.ardist')).toBe(ardist);
    expect(await schemaDigest('pro99')).toBe(pro99);
    // The calendar says so, and so does the company's current period.
    expect(await readClosedThrough(pool, '01')).toBe('2026-09-30');
    expect(await count(`SELECT count(*) FROM prosys.sycdfis WHERE compid = '01' AND closed = 'Y' AND enddate > '2026-09-30'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM prosys.sycdfis WHERE compid = '01' AND closed <> 'Y' AND enddate <= '2026-09-30'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM prosys.sycdfis WHERE compid = '01' AND enddate = '2026-09-30' AND closeuser = 'KLT' AND closedate = '2026-10-05'`)).toBe(1);
    expect((await pool.query(`SELECT curyear::int, curperd::int FROM prosys.syccomp WHERE compid = '01'`)).rows).toEqual([{ curyear: 2026, curperd: 10 }]);
  });

  it('is idempotent: closing again, even concurrently, moves nothing more', async () => {
    const before = await schemaDigest('pro01');
    const again = await Promise.all([1, 2, 3].map(() => closeSageProPeriods(pool, 1, { through: '2026-09-30' })));
    for (const result of again) expect(result).toMatchObject({ periodsClosed: [], closedThrough: '2026-09-30', moved: { arymst: 0, arycsh: 0, soymst: 0 } });
    expect(await schemaDigest('pro01')).toBe(before);
  });

  it('changes nothing when it cannot finish: a key already in history rolls the whole close back', async () => {
    const victim = await pool.query<{ invno: string }>(`SELECT invno FROM pro01.armast WHERE balance = 0 AND arstat = '' ORDER BY invno LIMIT 1`);
    await pool.query(`INSERT INTO pro01.arymst (invno, custno) VALUES ($1, 'CASH')`, [victim.rows[0].invno]);
    const before = await schemaDigest('pro01');
    const calendar = await rowsDigest(`prosys.sycdfis`);
    await expect(closeSageProPeriods(pool, '01', { through: '2026-10-31' })).rejects.toThrow(/arymst already holds invno '\d+'.*refuses to put a key in both/);
    expect(await schemaDigest('pro01')).toBe(before);
    expect(await rowsDigest(`prosys.sycdfis`)).toBe(calendar);
  });

  it('refuses a malformed date, user or company', async () => {
    await expect(closeSageProPeriods(pool, '01', { through: '30/09/2026' })).rejects.toThrow(RangeError);
    await expect(closeSageProPeriods(pool, '01', { through: '2026-09-30', user: 'toolong' })).rejects.toThrow(RangeError);
    await expect(closeSageProPeriods(pool, '42', { through: '2026-09-30' })).rejects.toThrow(/company 42 does not exist/);
    await expect(closeSageProPeriods(pool, '01; DROP', { through: '2026-09-30' })).rejects.toThrow(RangeError);
  });

  it('is undone by reset', async () => {
    await resetSageProSandbox(pool);
    expect(await readClosedThrough(pool, '01')).toBe(demo.closedThrough);
    expect(await count('SELECT count(*) FROM pro01.armast')).toBe(demo.tables.armast.length);
    expect(SANDBOX_SCHEMAS).toContain('prosys');
  });
});
