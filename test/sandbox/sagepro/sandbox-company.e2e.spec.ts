/**
 * The sandbox Sage Pro on a real PostgreSQL server, in a database of its own next to the platform's:
 * built once (even by concurrent starts), seeded as described, its CHAR keys stored the Sage Pro way,
 * restored by reset, and its catalog fingerprint stable until somebody changes the structure.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../../../backend/src/platform/database/migrator.js';
import {
  catalogFingerprint,
  COMPANY_PROFILES,
  ensureSageProSandbox,
  ensureSageProSandboxDatabase,
  generateSageProSeed,
  listCompanies,
  listCustomers,
  listDistributions,
  listOpenInvoices,
  listOrders,
  listReceipts,
  listStock,
  openSageProViewer,
  resetSageProSandbox,
  SANDBOX_SCHEMAS,
} from '../../../backend/src/sandbox/sagepro/index.js';
import { createTestDatabase, sql, type TestDatabase } from '../../support/database.js';

let platform: TestDatabase;
let sandboxDatabase: string;
let pool: pg.Pool;

beforeAll(async () => {
  platform = await createTestDatabase();
  sandboxDatabase = `${platform.name}_sagepro`;
  const url = await ensureSageProSandboxDatabase(platform.adminUrl, sandboxDatabase);
  pool = new pg.Pool({ connectionString: url, max: 4 });
});

afterAll(async () => {
  await pool?.end();
  if (sandboxDatabase) await sql(platform.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(sandboxDatabase)} WITH (FORCE)`);
  await platform?.drop();
});

async function one<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T> {
  return (await pool.query(text, values)).rows[0] as T;
}

async function count(text: string, values: unknown[] = []): Promise<number> {
  return Number((await one<{ count: string }>(text, values)).count);
}

/** md5 of every row of every sandbox table, in id_col order: equal digests, equal data. */
async function dataDigest(): Promise<string> {
  const { rows } = await pool.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1) ORDER BY 1, 2`,
    [SANDBOX_SCHEMAS],
  );
  const parts: string[] = [];
  for (const { table_schema, table_name } of rows) {
    const name = `${quoteIdent(table_schema)}.${quoteIdent(table_name)}`;
    const { digest } = await one<{ digest: string }>(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id_col), '')) AS digest FROM ${name} t`);
    parts.push(`${table_schema}.${table_name}:${digest}`);
  }
  return parts.join('\n');
}

const fingerprints = async () => Promise.all(SANDBOX_SCHEMAS.map(async (schema) => (await catalogFingerprint(pool, schema)).hash));

describe('Sage Pro sandbox company', () => {
  it('is created once, even by concurrent starts, and left alone afterwards', async () => {
    const results = await Promise.all([ensureSageProSandbox(pool), ensureSageProSandbox(pool), ensureSageProSandbox(pool)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
    const built = results.find((r) => r.created)!;
    expect(built.applied).toEqual(['system-001-tables.sql', 'system-002-fiscal-calendar.sql', 'company-001-tables.sql', 'company-002-history.sql', 'company-003-reference-fields.sql', 'company-004-purchasing-payables.sql']);
    expect(built.rows!['pro01.armast']).toBe(350);
    expect(await ensureSageProSandbox(pool)).toEqual({ created: false, applied: [] });
    const schemas = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname IN ('prosys', 'pro01', 'pro99', 'sagepro_sandbox') ORDER BY 1`);
    expect(schemas.rows.map((r) => r.nspname)).toEqual(['pro01', 'pro99', 'prosys', 'sagepro_sandbox']);
  });

  it('holds the seeded companies: customers, open invoices, orders, stock, accounts and codes', async () => {
    const seed = generateSageProSeed();
    for (const { company, tables } of seed.companies) {
      for (const [table, rows] of Object.entries(tables)) {
        expect(await count(`SELECT count(*) FROM ${company.schema}.${table}`), `${company.schema}.${table}`).toBe(rows.length);
      }
      const profile = COMPANY_PROFILES[company.compid];
      expect(await count(`SELECT count(*) FROM ${company.schema}.armast WHERE arstat NOT IN ('V', 'X') AND balance <> 0`)).toBe(profile.openInvoices);
      expect(await count(`SELECT count(*) FROM ${company.schema}.armast WHERE arstat NOT IN ('V', 'X') AND balance <> 0 AND paidamt > 0`)).toBe(profile.partlyPaid);
      expect(await count(`SELECT count(*) FROM ${company.schema}.armast WHERE arstat NOT IN ('V', 'X') AND balance <> 0 AND ornum <> ''`)).toBe(profile.invoicedOrders);
      expect(await count(`SELECT count(*) FROM ${company.schema}.armast WHERE arstat = 'V'`)).toBe(profile.voidInvoices);
      expect(await count(`SELECT count(*) FROM ${company.schema}.arcust WHERE credstat = 'H'`)).toBe(profile.creditHold);
      expect(await count(`SELECT count(*) FROM ${company.schema}.arcust WHERE custstat = 'I'`)).toBe(profile.inactive);
    }
    expect(await count('SELECT count(*) FROM pro01.arcust')).toBe(60);
    expect(await count(`SELECT count(*) FROM pro01.armast WHERE arstat <> 'V' AND balance <> 0`)).toBe(300);
    expect(await count('SELECT count(*) FROM pro01.somast')).toBe(40);
    expect((await pool.query(`SELECT DISTINCT loctid FROM pro01.iciloc ORDER BY 1`)).rows.map((r) => r.loctid)).toEqual(['MAIN  ', 'WEST  ']);
    const accounts = (await pool.query(`SELECT rtrim(glacnt) AS glacnt FROM pro01.glacnt`)).rows.map((r) => r.glacnt);
    expect(accounts).toEqual(expect.arrayContaining(['1000', '1010', '1200', '4000', '4050', '4100', '4150', '6100']));
    const statuses = await pool.query(`SELECT rtrim(chrvl) AS code FROM prosys.sycrlst WHERE compid = '01' AND ruleid = 'ORDRSTAT'`);
    expect(statuses.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['OPEN', 'PAID', 'PAYFAIL', 'REFUNDED']));
    expect((await pool.query(`SELECT compid, rtrim(compname) AS name FROM prosys.syccomp ORDER BY compid`)).rows).toEqual([
      { compid: '01', name: 'Demo Sage Pro Company' },
      { compid: '99', name: 'Sample Company' },
    ]);
  });

  it('stores keys in fixed-width CHAR columns, padded as Sage Pro pads them', async () => {
    const first = await one<{ invno: string; custno: string; dtepaid: Date }>(`SELECT invno, custno, dtepaid FROM pro01.armast ORDER BY id_col LIMIT 1`);
    expect(first.invno).toBe('      1001');
    expect(first.custno).toHaveLength(6);
    expect(await count(`SELECT count(*) FROM pro01.armast WHERE invno = '1001'`)).toBe(0); // leading spaces matter
    expect(await count(`SELECT count(*) FROM pro01.armast WHERE invno = $1`, ['      1001'])).toBe(1);
    expect(await count(`SELECT count(*) FROM pro01.armast WHERE ltrim(invno) = '1001'`)).toBe(1);
    expect((await one<{ custno: string }>(`SELECT custno FROM pro01.arcust WHERE custno = 'CASH'`)).custno).toBe('CASH  '); // trailing ones do not
    expect((await one<{ sono: string }>(`SELECT sono FROM pro01.somast ORDER BY id_col LIMIT 1`)).sono).toBe('      5001');
    expect((await one<{ glacnt: string }>(`SELECT glacnt FROM pro01.glacnt WHERE glacnt = '1200'`)).glacnt).toBe(`1200${' '.repeat(20)}`);
    expect((await one<{ compid: string }>(`SELECT compid FROM prosys.sycrlst ORDER BY id_col LIMIT 1`)).compid).toBe('01        ');
    const columns = await pool.query(
      `SELECT column_name, data_type, character_maximum_length AS width, numeric_precision, numeric_scale, is_identity, identity_generation
         FROM information_schema.columns WHERE table_schema = 'pro01' AND table_name = 'armast' AND column_name IN ('id_col', 'invno', 'invamt', 'invdte')
        ORDER BY column_name`,
    );
    expect(columns.rows).toEqual([
      { column_name: 'id_col', data_type: 'integer', width: null, numeric_precision: 32, numeric_scale: 0, is_identity: 'YES', identity_generation: 'ALWAYS' },
      { column_name: 'invamt', data_type: 'numeric', width: null, numeric_precision: 16, numeric_scale: 4, is_identity: 'NO', identity_generation: null },
      { column_name: 'invdte', data_type: 'timestamp without time zone', width: null, numeric_precision: null, numeric_scale: null, is_identity: 'NO', identity_generation: null },
      { column_name: 'invno', data_type: 'character', width: 10, numeric_precision: null, numeric_scale: null, is_identity: 'NO', identity_generation: null },
    ]);
    // Unpaid invoices carry Sage Pro's empty date; a blank insert gets blanks, not NULLs.
    expect(await count(`SELECT count(*) FROM pro01.armast WHERE paidamt = 0 AND dtepaid <> '1900-01-01'`)).toBe(0);
    const blank = await pool.connect();
    try {
      await blank.query('BEGIN');
      const inserted = await blank.query(`INSERT INTO pro01.arcash (custno) VALUES ('CASH') RETURNING id_col, invno, dtepaid::text AS dtepaid, paidamt`);
      expect(inserted.rows[0]).toMatchObject({ invno: ' '.repeat(10), dtepaid: '1900-01-01 00:00:00', paidamt: '0.0000' });
      await expect(blank.query(`INSERT INTO pro01.arcash (id_col, custno) VALUES (1, 'CASH')`)).rejects.toMatchObject({ code: '428C9' });
    } finally {
      await blank.query('ROLLBACK');
      blank.release();
    }
  });

  it('keeps balances, receipts, GL distributions and stock consistent in the database', async () => {
    for (const schema of ['pro01', 'pro99']) {
      expect(await count(`SELECT count(*) FROM ${schema}.armast WHERE balance <> invamt - paidamt`)).toBe(0);
      expect(await count(`SELECT count(*) FROM ${schema}.armast m WHERE paidamt <> coalesce((SELECT sum(paidamt + disamt) FROM ${schema}.arcash c WHERE c.invno = m.invno), 0)`)).toBe(0);
      expect(await count(`SELECT count(*) FROM ${schema}.armast m WHERE invamt <> (SELECT sum(extprice) FROM ${schema}.artran t WHERE t.invno = m.invno)`)).toBe(0);
      expect(
        await count(`SELECT count(*) FROM ${schema}.arcust c
                      WHERE balance <> coalesce((SELECT sum(balance) FROM ${schema}.armast m WHERE m.custno = c.custno AND m.arstat <> 'V'), 0)`),
      ).toBe(0);
      expect(await count(`SELECT count(*) FROM (SELECT arsess FROM ${schema}.ardist GROUP BY arsess HAVING sum(amount) <> 0) unbalanced`)).toBe(0);
      expect(
        await count(`SELECT count(*) FROM ${schema}.iciloc l
                      WHERE lonhand <> (SELECT sum(qonhand) FROM ${schema}.iciqty q WHERE q.item = l.item AND q.loctid = l.loctid)
                         OR lsoaloc <> coalesce((SELECT sum(qtyord) FROM ${schema}.sotran t
                                                  WHERE t.item = l.item AND t.loctid = l.loctid AND t.sostat = '' AND t.sotype = ''), 0)`),
      ).toBe(0);
      expect(await count(`SELECT count(*) FROM ${schema}.icitem i WHERE ionhand <> (SELECT sum(lonhand) FROM ${schema}.iciloc l WHERE l.item = i.item)`)).toBe(0);
      const compid = schema.slice(3);
      const counters = await one<{ ar: string; sess: string; so: string }>(
        `SELECT (SELECT int1 FROM prosys.sysdata WHERE sysid = 'AR' || $1) AS ar, (SELECT int2 FROM prosys.sysdata WHERE sysid = 'AR' || $1) AS sess,
                (SELECT int1 FROM prosys.sysdata WHERE sysid = 'SO' || $1) AS so`,
        [compid],
      );
      expect(Number(counters.ar)).toBe(Number((await one<{ max: string }>(`SELECT max(ltrim(invno)::int) AS max FROM ${schema}.armast`)).max));
      expect(Number(counters.sess)).toBe(await count(`SELECT count(DISTINCT arsess) FROM ${schema}.ardist`));
      expect(Number(counters.so)).toBe(Number((await one<{ max: string }>(`SELECT max(ltrim(sono)::int) AS max FROM ${schema}.somast`)).max));
    }
  });

  it('shows a company read-only to the portal, keys trimmed and money in cents', async () => {
    const db = openSageProViewer(pool);
    expect(await listCompanies(db)).toEqual([
      { compid: '01', name: 'Demo Sage Pro Company', currency: 'USD' },
      { compid: '99', name: 'Sample Company', currency: 'USD' },
    ]);
    const customers = await listCustomers(db, '01');
    expect(customers).toHaveLength(60);
    expect(customers.filter((c) => c.onCreditHold)).toHaveLength(4);
    expect(customers.find((c) => c.custno === 'CASH')).toMatchObject({ company: 'Cash Sales', balance: 0, terms: 'COD', active: true });
    const open = await listOpenInvoices(db, '01');
    expect(open).toHaveLength(300);
    expect(open.reduce((sum, invoice) => sum + invoice.balance, 0)).toBe(customers.reduce((sum, c) => sum + c.balance, 0));
    for (const invoice of open) expect(invoice.balance).toBe(invoice.amount - invoice.paid);
    const partly = open.find((invoice) => invoice.paid > 0)!;
    expect(partly.lastPayment).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(open.find((invoice) => invoice.paid === 0)!.lastPayment).toBeNull();
    const receipts = await listReceipts(db, '01', { invno: partly.invno });
    expect(receipts.reduce((sum, r) => sum + r.paid + r.discount, 0)).toBe(partly.paid);
    expect(receipts[0]).toMatchObject({ custno: partly.custno, invno: partly.invno, currency: 'USD' });
    const postings = await listDistributions(db, '01', { tranno: partly.invno });
    expect(postings.reduce((sum, d) => sum + d.amount, 0)).toBe(0);
    expect(postings.filter((d) => d.account === '1200').reduce((sum, d) => sum + d.amount, 0)).toBe(partly.balance);
    expect(postings.find((d) => d.account === '1200')!.accountName).toBe('Accounts Receivable');
    expect(await listOpenInvoices(db, '01', { custno: partly.custno })).toEqual(open.filter((invoice) => invoice.custno === partly.custno));
    const orders = await listOrders(db, '01');
    expect(orders).toHaveLength(40);
    expect(orders[0].sono).toBe('5040');
    expect(orders.filter((o) => o.status === '' && o.type === '').every((o) => o.orderStatus === 'OPEN' && o.lines > 0)).toBe(true);
    const stock = await listStock(db, '01');
    expect(stock).toHaveLength(48);
    for (const row of stock) expect(row.available).toBe(row.onHand - row.allocated);
    expect(await listCustomers(db, '99')).toHaveLength(24);
    await expect(listCustomers(db, '01; DROP SCHEMA pro01')).rejects.toThrow(RangeError);
    expect(await count('SELECT count(*) FROM pro01.arcust')).toBe(60); // the viewer left the pool usable
  });

  it('fingerprints the catalog: equal for both companies, stable across ensure, changed by any new column, index or trigger', async () => {
    const pro01 = await catalogFingerprint(pool, 'pro01');
    const pro99 = await catalogFingerprint(pool, 'pro99');
    expect(pro01.entries.filter((e) => !pro99.entries.includes(e))).toEqual([]);
    expect(pro01.hash).toBe(pro99.hash); // same layout; definitions do not name the schema
    expect(pro01.entries).toContain('relation armast r p');
    expect(pro01.entries.some((e) => e.startsWith('column armast#002 invno character(10) not-null'))).toBe(true);
    expect(pro01.entries.some((e) => e.startsWith('index armast_invno CREATE INDEX armast_invno ON armast USING btree (invno)'))).toBe(true);
    expect(pro01.entries.filter((e) => e.startsWith('trigger '))).toEqual([]);
    expect(pro01.entries.filter((e) => / f FOREIGN KEY/.test(e))).toEqual([]);
    await expect(catalogFingerprint(pool, 'pro42')).rejects.toThrow(/does not exist/);

    await ensureSageProSandbox(pool);
    expect((await catalogFingerprint(pool, 'pro01')).hash).toBe(pro01.hash);

    // Data changes are not structure changes.
    await pool.query(`UPDATE pro01.somast SET orderstat = 'PAID' WHERE ltrim(sono) = '5040'`);
    expect((await catalogFingerprint(pool, 'pro01')).hash).toBe(pro01.hash);

    await pool.query(`ALTER TABLE pro01.armast ADD COLUMN settle_ref text`);
    const withColumn = await catalogFingerprint(pool, 'pro01');
    expect(withColumn.hash).not.toBe(pro01.hash);
    expect(withColumn.entries.filter((e) => !pro01.entries.includes(e))).toEqual([expect.stringContaining('settle_ref text')]);
    await pool.query(`ALTER TABLE pro01.armast DROP COLUMN settle_ref`);
    expect((await catalogFingerprint(pool, 'pro01')).hash).toBe(pro01.hash);

    await pool.query(`CREATE INDEX settle_idx ON pro01.arcash (refno)`);
    expect((await catalogFingerprint(pool, 'pro01')).hash).not.toBe(pro01.hash);
    await pool.query(`DROP INDEX pro01.settle_idx`);
    await pool.query(`CREATE FUNCTION pro01.settle_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    await pool.query(`CREATE TRIGGER settle_touch BEFORE UPDATE ON pro01.armast FOR EACH ROW EXECUTE FUNCTION pro01.settle_touch()`);
    const withTrigger = await catalogFingerprint(pool, 'pro01');
    expect(withTrigger.entries.some((e) => e.startsWith('trigger armast settle_touch'))).toBe(true);
    await pool.query(`DROP FUNCTION pro01.settle_touch() CASCADE`);
    expect((await catalogFingerprint(pool, 'pro01')).hash).toBe(pro01.hash);

    await pool.query(`ALTER TABLE pro01.arcust ALTER COLUMN company TYPE char(40)`);
    expect((await catalogFingerprint(pool, 'pro01')).hash).not.toBe(pro01.hash);
    await resetSageProSandbox(pool);
    expect((await catalogFingerprint(pool, 'pro01')).hash).toBe(pro01.hash);
  });

  it('is restored by reset after data and structure changes', async () => {
    const digest = await dataDigest();
    const shapes = await fingerprints();
    await pool.query(`UPDATE pro01.armast SET paidamt = invamt, balance = 0 WHERE ltrim(invno) = '1001'`);
    await pool.query(`INSERT INTO pro01.arcash (custno, invno, refno, dtepaid, paidamt) VALUES ('CASH', '      9999', 'PT123456', '2026-11-01', 10)`);
    await pool.query(`DELETE FROM pro99.arcust WHERE custno = 'CASH'`);
    await pool.query(`UPDATE prosys.sysdata SET int1 = int1 + 1 WHERE sysid = 'SO01'`);
    await pool.query(`DROP TABLE pro99.glacnt`);
    await pool.query(`ALTER TABLE prosys.sycrlst ADD COLUMN extra int`);
    expect(await dataDigest()).not.toBe(digest);

    const result = await resetSageProSandbox(pool);
    expect(result.created).toBe(true);
    expect(await dataDigest()).toBe(digest);
    expect(await fingerprints()).toEqual(shapes);
    expect(await ensureSageProSandbox(pool)).toEqual({ created: false, applied: [] });
  });

  it('refuses to start on a sandbox whose DDL changed or that is half gone, until reset', async () => {
    await pool.query(`UPDATE sagepro_sandbox.ddl SET checksum = 'changed' WHERE name = 'company-001-tables.sql'`);
    await expect(ensureSageProSandbox(pool)).rejects.toThrow(/company-001-tables\.sql changed after it was applied.*sandbox:sagepro:reset/);
    await resetSageProSandbox(pool);
    await pool.query('DROP SCHEMA pro99 CASCADE');
    await expect(ensureSageProSandbox(pool)).rejects.toThrow(/incomplete \(no schema pro99\)/);
    await resetSageProSandbox(pool);
    expect(await ensureSageProSandbox(pool)).toEqual({ created: false, applied: [] });
    expect(await count('SELECT count(*) FROM pro99.arcust')).toBe(24);
  });
});
