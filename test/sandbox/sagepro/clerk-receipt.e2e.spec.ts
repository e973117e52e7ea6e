/**
 * A receipt a Sage Pro clerk keys by hand: posted like any receipt (ARCASH, ARMAST, ARCUST, a balanced
 * ARDIST session), with what the clerk typed as its reference, on the card clearing account when it
 * was a card, and refused in a closed period.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quoteIdent } from '../../../backend/src/platform/database/migrator.js';
import { ensureSageProSandbox, ensureSageProSandboxDatabase, generateSageProSeed, keyReceiptByHand } from '../../../backend/src/sandbox/sagepro/index.js';
import { createTestDatabase, sql, type TestDatabase } from '../../support/database.js';

let platform: TestDatabase;
let sandboxDatabase: string;
let pool: pg.Pool;
const closedThrough = generateSageProSeed().companies[0].closedThrough;

beforeAll(async () => {
  platform = await createTestDatabase();
  sandboxDatabase = `${platform.name}_clerk`;
  pool = new pg.Pool({ connectionString: await ensureSageProSandboxDatabase(platform.adminUrl, sandboxDatabase), max: 2 });
  await ensureSageProSandbox(pool);
});

afterAll(async () => {
  await pool?.end();
  if (sandboxDatabase) await sql(platform.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(sandboxDatabase)} WITH (FORCE)`);
  await platform?.drop();
});

const count = async (text: string, values: unknown[] = []) => Number((await pool.query(text, values)).rows[0].count);

it('posts a card receipt keyed at the counter like any receipt, on the card clearing account', async () => {
  const { rows } = await pool.query(
    `SELECT ltrim(invno) AS invno, custno, round(balance * 100)::int AS cents FROM pro01.armast
      WHERE arstat = '' AND artype = '' AND balance > 10 AND invdte > $1 ORDER BY invno LIMIT 1`,
    [closedThrough],
  );
  const invoice = rows[0];
  const customer = (await pool.query(`SELECT round(balance * 100)::int AS cents FROM pro01.arcust WHERE custno = $1`, [invoice.custno])).rows[0];
  const session = Number((await pool.query(`SELECT int2 FROM prosys.sysdata WHERE sysid = 'AR01'`)).rows[0].int2);

  const result = await keyReceiptByHand(pool, '01', { invno: invoice.invno, amountCents: 500, date: '2026-10-30', refno: 'VISA 4821', card: true });

  expect(result).toEqual({ invno: invoice.invno, custno: invoice.custno.trim(), arsess: String(session + 1).padStart(6), balanceCents: invoice.cents - 500 });
  const receipt = (await pool.query(`SELECT rtrim(refno) AS refno, rtrim(cashacct) AS account, paidamt::text, adduser FROM pro01.arcash WHERE arsess = $1`, [result.arsess])).rows;
  expect(receipt).toEqual([{ refno: 'VISA 4821', account: '1010', paidamt: '5.0000', adduser: 'KLT ' }]);
  expect((await pool.query(`SELECT round(balance * 100)::int AS cents FROM pro01.armast WHERE ltrim(invno) = $1`, [invoice.invno])).rows[0].cents).toBe(invoice.cents - 500);
  expect((await pool.query(`SELECT round(balance * 100)::int AS cents FROM pro01.arcust WHERE custno = $1`, [invoice.custno])).rows[0].cents).toBe(customer.cents - 500);
  const postings = await pool.query(`SELECT rtrim(glacnt) AS account, amount::text FROM pro01.ardist WHERE arsess = $1 ORDER BY id_col`, [result.arsess]);
  expect(postings.rows).toEqual([{ account: '1010', amount: '5.0000' }, { account: '1200', amount: '-5.0000' }]);
  // Sage Pro's own invariants still hold.
  expect(await count(`SELECT count(*) FROM pro01.armast m WHERE paidamt <> coalesce((SELECT sum(paidamt + disamt) FROM pro01.arcash c WHERE c.invno = m.invno), 0)`)).toBe(0);
  expect(await count(`SELECT count(*) FROM pro01.armast WHERE balance <> invamt - paidamt`)).toBe(0);
  expect(await count(`SELECT count(*) FROM (SELECT arsess FROM pro01.ardist GROUP BY arsess HAVING sum(amount) <> 0) unbalanced`)).toBe(0);
  expect(Number((await pool.query(`SELECT int2 FROM prosys.sysdata WHERE sysid = 'AR01'`)).rows[0].int2)).toBe(session + 1);

  const check = await keyReceiptByHand(pool, 1, { invno: invoice.invno, amountCents: 100, date: '2026-10-31', refno: '10452', card: false, user: 'SAM' });
  expect((await pool.query(`SELECT rtrim(cashacct) AS account FROM pro01.arcash WHERE arsess = $1`, [check.arsess])).rows).toEqual([{ account: '1000' }]);
});

it('refuses a closed period, a Settle reference, more than the balance, or no open invoice, writing nothing', async () => {
  const open = (await pool.query(`SELECT ltrim(invno) AS invno, round(balance * 100)::int AS cents FROM pro01.armast WHERE arstat = '' AND artype = '' AND balance > 0 ORDER BY invno DESC LIMIT 1`)).rows[0];
  const before = await count('SELECT count(*) FROM pro01.arcash');
  const receipt = { invno: open.invno, amountCents: 100, date: '2026-10-30', refno: '10453', card: false };
  await expect(keyReceiptByHand(pool, '01', { ...receipt, date: closedThrough })).rejects.toThrow(/closed period/);
  await expect(keyReceiptByHand(pool, '01', { ...receipt, refno: 'PT123456' })).rejects.toThrow(/Settle reference/);
  await expect(keyReceiptByHand(pool, '01', { ...receipt, amountCents: open.cents + 1 })).rejects.toThrow(/more than/);
  await expect(keyReceiptByHand(pool, '01', { ...receipt, invno: '99999' })).rejects.toThrow(/not one open invoice/);
  await expect(keyReceiptByHand(pool, '01', { ...receipt, amountCents: 1.5 })).rejects.toThrow(RangeError);
  expect(await count('SELECT count(*) FROM pro01.arcash')).toBe(before);
});
