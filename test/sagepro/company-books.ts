/**
 * Reading a sandbox Sage Pro company straight from its tables, for the connector's contract suite:
 * picking fixtures, reading balances in cents, and checking the books still agree with themselves.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import { sageMoneyToCents as cents } from '../../backend/src/sagepro/money.js';

export const COMPANY = 'pro01';
export const SYSTEM = 'prosys';

export const padInvno = (invno: string) => invno.trim().padStart(10, ' ');

export interface InvoiceFixture {
  invno: string;
  custno: string;
  balance: number;
  invdte: string;
  ponum: string;
  /** The sales order it was invoiced from (armast.ornum), '' when none. */
  sono: string;
}

/** Open, untouched invoices of customers Settle may post to (not on hold, not locked), oldest first. */
export async function openInvoices(pool: pg.Pool, where = `c.credstat <> 'H'`): Promise<InvoiceFixture[]> {
  const { rows } = await pool.query(
    `SELECT trim(a.invno) AS invno, trim(a.custno) AS custno, a.balance, to_char(a.invdte, 'YYYY-MM-DD') AS invdte, trim(a.ponum) AS ponum,
            trim(a.ornum) AS sono
       FROM ${COMPANY}.armast a JOIN ${COMPANY}.arcust c ON c.custno = a.custno
      WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 0 AND c.lckstat = '' AND ${where}
      ORDER BY a.invno`,
  );
  return rows.map((row) => ({ ...row, balance: cents(row.balance) }));
}

export async function invoice(pool: pg.Pool, invno: string) {
  const { rows } = await pool.query(
    `SELECT id_col, custno, artype, paidamt, disamt, balance, bbal, refno, glarec, to_char(dtepaid, 'YYYY-MM-DD') AS dtepaid
       FROM ${COMPANY}.armast WHERE invno = $1`,
    [padInvno(invno)],
  );
  expect(rows).toHaveLength(1);
  const [row] = rows;
  return { ...row, paid: cents(row.paidamt), balance: cents(row.balance), bbal: cents(row.bbal), refno: row.refno.trim() };
}

export async function customer(pool: pg.Pool, custno: string) {
  const { rows } = await pool.query(
    `SELECT balance, lpymt, to_char(lastpay, 'YYYY-MM-DD') AS lastpay FROM ${COMPANY}.arcust WHERE custno = $1`,
    [custno],
  );
  return { balance: cents(rows[0].balance), lastPayment: cents(rows[0].lpymt), lastpay: rows[0].lastpay as string };
}

export async function cashLines(pool: pg.Pool, refno: string) {
  const { rows } = await pool.query(
    `SELECT trim(invno) AS invno, trim(custno) AS custno, paidamt, disamt, trim(arsess) AS arsess, trim(cashacct) AS cashacct
       FROM ${COMPANY}.arcash WHERE refno = $1 ORDER BY id_col`,
    [refno],
  );
  return rows.map((row) => ({ ...row, paid: cents(row.paidamt), discount: cents(row.disamt) }));
}

/** The GL lines of one AR session: [tranno, account, cents]. */
export async function distributions(pool: pg.Pool, arsess: string) {
  const { rows } = await pool.query(
    `SELECT trim(tranno) AS tranno, trim(glacnt) AS glacnt, amount FROM ${COMPANY}.ardist WHERE arsess = $1 ORDER BY id_col`,
    [arsess.padStart(6, ' ')],
  );
  return rows.map((row) => [row.tranno, row.glacnt, cents(row.amount)] as [string, string, number]);
}

export async function arCounter(pool: pg.Pool): Promise<{ lastInvno: number; lastSession: number }> {
  const { rows } = await pool.query(`SELECT int1, int2 FROM ${SYSTEM}.sysdata WHERE sysid = 'AR01'`);
  return { lastInvno: Number(rows[0].int1), lastSession: Number(rows[0].int2) };
}

/**
 * The invariants the sandbox is seeded with, which every Settle write must keep: for each item
 * paidamt = Σ arcash (paid + discount) and balance = invamt − paidamt; each customer's balance is the
 * sum of its live items; every AR session's GL lines sum to zero.
 */
export async function expectBooksAgree(pool: pg.Pool): Promise<void> {
  const items = await pool.query(`
    SELECT trim(a.invno) AS invno FROM ${COMPANY}.armast a
      LEFT JOIN (SELECT invno, sum(paidamt + disamt) AS applied FROM ${COMPANY}.arcash GROUP BY invno) c ON c.invno = a.invno
     WHERE a.paidamt <> coalesce(c.applied, 0) OR a.balance <> a.invamt - a.paidamt OR a.bbal <> a.balance`);
  expect(items.rows, 'items whose paid/balance disagree with arcash').toEqual([]);
  const customers = await pool.query(`
    SELECT trim(c.custno) AS custno FROM ${COMPANY}.arcust c
      LEFT JOIN (SELECT custno, sum(balance) AS open FROM ${COMPANY}.armast WHERE arstat NOT IN ('V', 'X') GROUP BY custno) a ON a.custno = c.custno
     WHERE c.balance <> coalesce(a.open, 0)`);
  expect(customers.rows, 'customers whose balance disagrees with their items').toEqual([]);
  const sessions = await pool.query(`SELECT arsess FROM ${COMPANY}.ardist GROUP BY arsess HAVING sum(amount) <> 0`);
  expect(sessions.rows, 'AR sessions that do not balance').toEqual([]);
}
