/**
 * Phase 2, the bare baseline: the same rows a receipt writes (an ARCASH line, the ARMAST and ARCUST
 * updates, two ARDIST lines), by plain parameterised SQL on the same pool size, one transaction per
 * receipt, and nothing else: no lookups, no row locks taken on purpose, no reference check, no
 * validation, no SYSDATA counter (sessions are numbered in advance and the counter is set once at the
 * end, outside the clock). Balances move by relative updates (`balance = balance - $1`), the least a
 * correct writer can do; the ids come from the set-up, so nothing is looked up.
 */
import pg from 'pg';
import { sageStamp } from '../../../backend/src/sagepro/dates.js';
import { centsToSageMoney as money } from '../../../backend/src/sagepro/money.js';
import { GL } from '../../../backend/src/sandbox/sagepro/seed-data.js';
import type { StatementRecorder } from './profile.js';
import { TIME_ZONE } from './settle.js';
import { AS_OF, COMPANY, SYSTEM, type Workload } from './workload.js';
import { type PhaseResult, runWriters, warmPool } from './writers.js';

const INSERT_ARCASH = `INSERT INTO ${COMPANY}.arcash (custno, invno, refno, dtepaid, paidamt, disamt, arsess, cashacct, currid, adduser, adddate, addtime)
  VALUES ($1, $2, $3, $4, $5, 0, $6, $7, 'USD', 'STL', $8, $9)`;
const UPDATE_ARMAST = `UPDATE ${COMPANY}.armast SET paidamt = paidamt + $1, balance = balance - $1, bbal = bbal - $1, dtepaid = $2 WHERE id_col = $3`;
const UPDATE_ARCUST = `UPDATE ${COMPANY}.arcust SET balance = balance - $1, lastpay = $2, lpymt = $1 WHERE id_col = $3`;
const INSERT_ARDIST = `INSERT INTO ${COMPANY}.ardist (tranno, custno, glacnt, descrip, amount, trandte, arsess, adduser, adddate, addtime)
  VALUES ($1, $2, $3, $5, $6, $8, $9, 'STL', $10, $11), ($1, $2, $4, $5, $7, $8, $9, 'STL', $10, $11)`;

export async function runBaseline(
  url: string, workload: Workload, invoiceIds: Map<number, number>, firstSession: number, count: number, writers: number,
  postmasterPid?: number, recorder?: StatementRecorder,
): Promise<PhaseResult> {
  const pool = new pg.Pool({ connectionString: url, max: writers });
  await warmPool(pool, writers);
  const source = recorder ? recorder.wrap(pool) : pool;
  try {
    const result = await runWriters(count, writers, postmasterPid, async (i) => {
      const { invoice, reference, amountCents } = workload.receipts[i];
      const invno = String(invoice.invno).padStart(10);
      const custno = invoice.customer.custno;
      const arsess = String(firstSession + i).padStart(6);
      const paid = money(amountCents);
      const stamp = sageStamp(new Date(), TIME_ZONE);
      const client = await source.connect();
      try {
        await client.query('BEGIN');
        await client.query(INSERT_ARCASH, [custno, invno, reference, AS_OF, paid, arsess, GL.cardClearing, stamp.date, stamp.time]);
        await client.query(UPDATE_ARMAST, [paid, AS_OF, invoiceIds.get(invoice.invno)]);
        await client.query(UPDATE_ARCUST, [paid, AS_OF, invoice.customer.id]);
        await client.query(INSERT_ARDIST, [
          invno, custno, GL.cardClearing, GL.receivables, `Receipt ${reference}`.slice(0, 30), paid, money(-amountCents), AS_OF, arsess, stamp.date, stamp.time,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      return 0;
    });
    await pool.query(`UPDATE ${SYSTEM}.sysdata SET int2 = $1 WHERE sysid = 'AR01'`, [firstSession + count - 1]);
    return result;
  } finally {
    await pool.end();
  }
}
