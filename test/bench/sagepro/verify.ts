/**
 * After each phase (outside the clock): every receipt is in ARCASH exactly once, every invoice of the
 * workload is paid in full, the books agree with themselves (the sandbox's seeded invariants, as
 * test/sagepro/company-books.ts checks them), each receipt has its own AR session whose two GL lines
 * sum to zero, and SYSDATA's counters equal the highest numbers used. Answers the problems found.
 */
import pg from 'pg';
import { sageMoneyToCents as cents } from '../../../backend/src/sagepro/money.js';
import { COMPANY, SYSTEM, type Workload } from './workload.js';

export async function verifyPhase(url: string, workload: Workload, count: number, invoiceIds: Map<number, number>, lastSession: number): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (String(actual) !== String(expected)) problems.push(`${what}: ${actual}, expected ${expected}`);
  };
  try {
    const receipts = workload.receipts.slice(0, count);
    const references = receipts.map((receipt) => receipt.reference);
    const { rows: [cash] } = await pool.query(
      `SELECT count(*) AS lines, count(DISTINCT a.refno) AS refs, count(DISTINCT a.arsess) AS sessions, coalesce(sum(a.paidamt), 0) AS paid
         FROM ${COMPANY}.arcash a JOIN unnest($1::text[]) AS r(ref) ON r.ref = trim(a.refno)`,
      [references],
    );
    expect('ARCASH lines with the references', cash.lines, count);
    expect('distinct references in ARCASH', cash.refs, count);
    expect('distinct AR sessions of those lines', cash.sessions, count);
    expect('cash applied (cents)', cents(cash.paid), receipts.reduce((sum, receipt) => sum + receipt.amountCents, 0));

    const { rows: [dist] } = await pool.query(
      `SELECT count(*) AS lines, coalesce(sum(amount), 0) AS total, count(*) FILTER (WHERE amount < 0) AS credits
         FROM ${COMPANY}.ardist d JOIN unnest($1::text[]) AS r(ref) ON 'Receipt ' || r.ref = trim(d.descrip)`,
      [references],
    );
    expect('ARDIST lines of the receipts', dist.lines, 2 * count);
    expect('ARDIST credit (AR) lines', dist.credits, count);
    expect('ARDIST total of the receipts (cents)', cents(dist.total), 0);

    if (count === workload.receipts.length) {
      const { rows: [items] } = await pool.query(
        `SELECT count(*) AS items, count(*) FILTER (WHERE balance <> 0 OR bbal <> 0 OR paidamt <> invamt) AS unpaid
           FROM ${COMPANY}.armast WHERE id_col = ANY($1::integer[])`,
        [[...invoiceIds.values()]],
      );
      expect('workload invoices', items.items, workload.invoices.length);
      expect('workload invoices not paid in full', items.unpaid, 0);
    }

    const { rows: badItems } = await pool.query(`
      SELECT trim(a.invno) AS invno FROM ${COMPANY}.armast a
        LEFT JOIN (SELECT invno, sum(paidamt + disamt) AS applied FROM ${COMPANY}.arcash GROUP BY invno) c ON c.invno = a.invno
       WHERE a.paidamt <> coalesce(c.applied, 0) OR a.balance <> a.invamt - a.paidamt OR a.bbal <> a.balance`);
    expect('items whose paid/balance disagree with ARCASH', badItems.map((row) => row.invno).join(' ') || 'none', 'none');
    const { rows: badCustomers } = await pool.query(`
      SELECT trim(c.custno) AS custno FROM ${COMPANY}.arcust c
        LEFT JOIN (SELECT custno, sum(balance) AS open FROM ${COMPANY}.armast WHERE arstat NOT IN ('V', 'X') GROUP BY custno) a ON a.custno = c.custno
       WHERE c.balance <> coalesce(a.open, 0)`);
    expect('customers whose balance disagrees with their items', badCustomers.map((row) => row.custno).join(' ') || 'none', 'none');
    const { rows: badSessions } = await pool.query(`SELECT trim(arsess) AS arsess FROM ${COMPANY}.ardist GROUP BY arsess HAVING sum(amount) <> 0`);
    expect('AR sessions that do not balance', badSessions.map((row) => row.arsess).join(' ') || 'none', 'none');

    const { rows: [counter] } = await pool.query(`SELECT int1, int2 FROM ${SYSTEM}.sysdata WHERE sysid = 'AR01'`);
    const { rows: [highest] } = await pool.query(`SELECT max(trim(arsess)::integer) AS arsess FROM ${COMPANY}.arcash WHERE trim(arsess) <> ''`);
    expect('SYSDATA AR01.int2 (last AR session)', counter.int2, lastSession);
    expect('highest AR session in ARCASH', highest.arsess, lastSession);
    expect('SYSDATA AR01.int1 (last invoice number)', counter.int1, workload.invoices.at(-1)!.invno);
    return problems;
  } finally {
    await pool.end();
  }
}

/**
 * A digest of every item's money and dates and every customer's balance: both phases must end in the
 * same books. (arcust.lpymt is left out: it is the amount of whichever receipt committed last.)
 */
export async function booksDigest(url: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows: [row] } = await pool.query(`
      SELECT (SELECT md5(string_agg(concat_ws(':', id_col, paidamt, disamt, balance, bbal, dtepaid), ',' ORDER BY id_col)) FROM ${COMPANY}.armast) AS items,
             (SELECT md5(string_agg(concat_ws(':', id_col, balance, lastpay), ',' ORDER BY id_col)) FROM ${COMPANY}.arcust) AS customers`);
    return `${row.items}/${row.customers}`;
  } finally {
    await pool.end();
  }
}
