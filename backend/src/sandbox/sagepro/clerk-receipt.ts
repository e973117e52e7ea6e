/**
 * A receipt a Sage Pro clerk keys by hand in cash receipts entry, not written by Settle: the check
 * number or card slip note as typed (never a Settle `PT…` reference), applied to one open invoice,
 * posted in a new AR session like any receipt (ref §3 steps 2 and 4). A card payment taken at the
 * counter goes to the card clearing account, so it shows up among PayTrace's money without PayTrace
 * knowing it: what reconciliation calls "in Sage Pro but not in PayTrace". The demo and the tests use
 * it to give reconciliation real differences. Like Sage Pro, it refuses a date in a closed period.
 */
import type pg from 'pg';
import { inTransaction } from '../../platform/database/pg-transaction.js';
import { companySchema, KEY_WIDTHS as W, normalizeCompid, quoteIdent, SYSTEM_SCHEMA } from './company-schema.js';
import { leftJustified as lj, moneyText, rightJustified as rj } from './fixed-width.js';
import { GL } from './seed-data.js';

export interface ClerkReceipt {
  /** The invoice number as people say it ('1001'); padded here. */
  invno: string;
  amountCents: number;
  /** YYYY-MM-DD. */
  date: string;
  /** What the clerk typed: a check number, 'VISA 4821' … Never a Settle reference (PT…). */
  refno: string;
  /** A card taken at the counter (Dr card clearing 1010) rather than a check (Dr cash 1000). */
  card: boolean;
  /** Sage Pro user (char(4)). */
  user?: string;
}

export interface ClerkReceiptResult {
  invno: string;
  custno: string;
  arsess: string;
  balanceCents: number;
}

export function checkClerkReceipt(receipt: ClerkReceipt): void {
  if (!Number.isSafeInteger(receipt.amountCents) || receipt.amountCents <= 0) throw new RangeError('amountCents must be a positive whole number of cents');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(receipt.date) || Number.isNaN(Date.parse(receipt.date))) throw new RangeError(`date must be YYYY-MM-DD, got "${receipt.date}"`);
  const refno = receipt.refno.trim();
  if (!refno || refno.length > W.refno) throw new RangeError(`refno must be 1 to ${W.refno} characters`);
  if (/^PT/i.test(refno)) throw new RangeError('refno starting with PT is a Settle reference: a clerk does not type those');
  if (!/^\d{1,10}$/.test(receipt.invno.trim())) throw new RangeError(`invno must be an invoice number, got "${receipt.invno}"`);
  if (receipt.user !== undefined && !/^[A-Z0-9]{1,4}$/.test(receipt.user)) throw new RangeError('user must be 1 to 4 capitals or digits');
}

export async function keyReceiptByHand(pool: pg.Pool, compid: string | number, receipt: ClerkReceipt): Promise<ClerkReceiptResult> {
  checkClerkReceipt(receipt);
  const id = normalizeCompid(compid);
  const co = quoteIdent(companySchema(id));
  const sys = quoteIdent(SYSTEM_SCHEMA);
  const invno = rj(receipt.invno.trim(), W.invno);
  const user = receipt.user ?? 'KLT';
  return inTransaction(pool, async (client) => {
    const closed = await client.query(`SELECT 1 FROM ${sys}.sycdfis WHERE compid = $1 AND closed = 'Y' AND $2::date BETWEEN begdate AND enddate`, [id, receipt.date]);
    if (closed.rowCount) throw new RangeError(`${receipt.date} is in a closed period of company ${id}: Sage Pro posts nothing there`);
    const found = await client.query<{ id_col: number; custno: string; cents: string }>(
      `SELECT id_col, custno, round(balance * 100)::bigint::text AS cents FROM ${co}.armast
        WHERE invno = $1 AND arstat NOT IN ('V', 'X') AND artype = '' AND balance > 0 FOR UPDATE`,
      [invno],
    );
    if (found.rowCount !== 1) throw new RangeError(`invoice ${receipt.invno.trim()} is not one open invoice of company ${id}`);
    const item = found.rows[0];
    if (receipt.amountCents > Number(item.cents)) throw new RangeError(`${receipt.amountCents} cents is more than invoice ${receipt.invno.trim()}'s balance of ${item.cents}`);
    const counter = await client.query<{ int2: string }>(`UPDATE ${sys}.sysdata SET int2 = int2 + 1 WHERE sysid = $1 RETURNING int2`, [`AR${id}`]);
    if (counter.rowCount !== 1) throw new Error(`sysdata AR${id} is missing`);
    const arsess = rj(Number(counter.rows[0].int2), W.arsess);
    const amount = moneyText(receipt.amountCents);
    const account = lj(receipt.card ? GL.cardClearing : GL.cash, W.glacnt);
    const stamp = [user, receipt.date, new Date().toISOString().slice(11, 19)];
    await client.query(
      `INSERT INTO ${co}.arcash (custno, invno, refno, dtepaid, paidamt, disamt, arsess, cashacct, currid, adduser, adddate, addtime)
       VALUES ($1, $2, $3, $4, $5, 0, $6, $7, (SELECT currid FROM ${co}.armast WHERE id_col = $8), $9, $10, $11)`,
      [item.custno, invno, receipt.refno.trim(), receipt.date, amount, arsess, account, item.id_col, ...stamp],
    );
    await client.query(
      `UPDATE ${co}.armast SET paidamt = paidamt + $2, balance = balance - $2, bbal = bbal - $2, dtepaid = greatest(dtepaid, $3::timestamp) WHERE id_col = $1`,
      [item.id_col, amount, receipt.date],
    );
    await client.query(
      `UPDATE ${co}.arcust SET balance = balance - $2,
              lpymt = CASE WHEN lastpay <= $3::timestamp THEN $2 ELSE lpymt END,
              lastpay = greatest(lastpay, $3::timestamp)
        WHERE custno = $1`,
      [item.custno, amount, receipt.date],
    );
    const descrip = `${receipt.card ? 'Card' : 'Check'} ${receipt.refno.trim()}`.slice(0, 30);
    for (const [glacnt, cents] of [
      [account, amount],
      [lj(GL.receivables, W.glacnt), moneyText(-receipt.amountCents)],
    ]) {
      await client.query(
        `INSERT INTO ${co}.ardist (tranno, custno, glacnt, descrip, amount, trandte, arsess, glbatch, adduser, adddate, addtime)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10)`,
        [invno, item.custno, glacnt, descrip, cents, receipt.date, arsess, ...stamp],
      );
    }
    return { invno: receipt.invno.trim(), custno: item.custno.trim(), arsess, balanceCents: Number(item.cents) - receipt.amountCents };
  });
}
