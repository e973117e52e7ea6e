/**
 * The receipts the benchmark applies, and the open invoices they pay, added to the seeded sandbox
 * company 01. Deterministic (the sandbox's mulberry32 generator), so every run and both phases see
 * the same invoices, amounts, customers and arrival order.
 *
 * The mix, and why:
 * - Only customers Settle may post to: not on credit hold, not inactive, not locked, not the COD
 *   walk-in account `CASH` (the seed gives it no invoices either).
 * - New invoices, numbered after SYSDATA AR01.int1 as Sage Pro would number them, dated in the last
 *   45 days, $25 to $5,000 (log-uniform: many small invoices, a few large).
 * - Payers are skewed, as in B2B receivables: customer k (in a seeded order) gets weight k^-0.6, so
 *   the busiest pays ~10% of the receipts and the quietest ~1%. With 8 writers, two writers often
 *   want the same customer at once and queue on its ARCUST row, which is the contention a real
 *   payment stream produces; a uniform spread over 10,000 customers would hide it.
 * - Most invoices are paid in full by one card payment; one receipt in ten buys an invoice paid in two
 *   instalments (deposit, then balance: 1,000 of 9,000 invoices for 10,000 receipts), so some receipts
 *   hit an invoice another receipt already touched. Every invoice ends paid in full, which the
 *   verification checks exactly.
 * - Arrival order is shuffled: PayTrace events arrive interleaved across customers.
 */
import type pg from 'pg';
import { payTraceReference } from '../../../backend/src/sagepro/references.js';
import { addDays } from '../../../backend/src/sandbox/sagepro/fixed-width.js';
import { Prng } from '../../../backend/src/sandbox/sagepro/prng.js';

export const COMPANY = 'pro01';
export const SYSTEM = 'prosys';
export const AS_OF = '2026-10-31';
const SKEW = 0.6;
const FIRST_TRANSACTION = 700_000_001;

export interface BenchCustomer {
  id: number;
  /** As stored (char(6), padded). */
  custno: string;
}

export interface BenchInvoice {
  invno: number;
  customer: BenchCustomer;
  amountCents: number;
  invdte: string;
}

export interface BenchReceipt {
  reference: string;
  invoice: BenchInvoice;
  amountCents: number;
}

export interface Workload {
  customers: BenchCustomer[];
  invoices: BenchInvoice[];
  /** In arrival order. */
  receipts: BenchReceipt[];
  /** Invoices paid in two instalments. */
  splitInvoices: number;
  /** Share of the receipts of the busiest and the quietest customer. */
  busiestShare: number;
  quietestShare: number;
}

export async function eligibleCustomers(pool: pg.Pool): Promise<BenchCustomer[]> {
  const { rows } = await pool.query<{ id_col: number; custno: string }>(
    `SELECT id_col, custno FROM ${COMPANY}.arcust
      WHERE credstat <> 'H' AND custstat <> 'I' AND lckstat = '' AND custno <> 'CASH' ORDER BY custno, id_col`,
  );
  return rows.map((row) => ({ id: row.id_col, custno: row.custno }));
}

export async function arCounter(pool: pg.Pool): Promise<{ int1: number; int2: number }> {
  const { rows } = await pool.query(`SELECT int1, int2 FROM ${SYSTEM}.sysdata WHERE sysid = 'AR01'`);
  return { int1: Number(rows[0].int1), int2: Number(rows[0].int2) };
}

/** Payers in a random order, customer k drawn with weight k^-SKEW: the busiest pays ~10 % of the invoices. */
export function skewedPayers(rng: Prng, customers: BenchCustomer[]): { pick: () => BenchCustomer; busiestShare: number; quietestShare: number } {
  const payers = rng.shuffle(customers);
  const weights = payers.map((_, k) => (k + 1) ** -SKEW);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let running = 0;
  const cumulative = weights.map((weight) => (running += weight / total));
  const pick = () => {
    const draw = rng.next();
    const k = cumulative.findIndex((edge) => draw < edge);
    return payers[k < 0 ? payers.length - 1 : k];
  };
  return { pick, busiestShare: weights[0] / total, quietestShare: weights[weights.length - 1] / total };
}

/** $25 to $5,000, log-uniform. */
export function invoiceAmountCents(rng: Prng): number {
  return Math.round(Math.exp(Math.log(2_500) + rng.next() * Math.log(200)));
}

export function planWorkload(customers: BenchCustomer[], firstInvno: number, receiptCount: number, seed = 2026): Workload {
  if (!customers.length) throw new Error('The sandbox has no customer Settle may post to');
  const rng = new Prng(seed);
  const payers = skewedPayers(rng, customers);

  const splitInvoices = Math.floor(receiptCount / 10);
  const invoices: BenchInvoice[] = [];
  for (let i = 0; i < receiptCount - splitInvoices; i += 1) {
    const amountCents = invoiceAmountCents(rng);
    invoices.push({ invno: firstInvno + i, customer: payers.pick(), amountCents, invdte: addDays(AS_OF, -rng.int(0, 45)) });
  }
  const unordered = invoices.flatMap((invoice, i) => {
    if (i >= splitInvoices) return [{ invoice, amountCents: invoice.amountCents }];
    const deposit = Math.floor(invoice.amountCents / 2);
    return [{ invoice, amountCents: deposit }, { invoice, amountCents: invoice.amountCents - deposit }];
  });
  const receipts = rng.shuffle(unordered).map((receipt, i) => ({ ...receipt, reference: payTraceReference(FIRST_TRANSACTION + i) }));
  if (receipts.length !== receiptCount) throw new Error(`Planned ${receipts.length} receipts, wanted ${receiptCount}`);
  return {
    customers, invoices, receipts, splitInvoices,
    busiestShare: payers.busiestShare,
    quietestShare: payers.quietestShare,
  };
}

/**
 * Writes the invoices into the seed database: ARMAST rows copying the customer's terms as the seed's
 * invoices do, the customers' balances raised by them, and SYSDATA AR01.int1 moved to the last number,
 * so the books agree before the first receipt. Returns each invoice's armast.id_col by number.
 */
export async function installWorkload(pool: pg.Pool, workload: Workload): Promise<Map<number, number>> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const rows = workload.invoices.map((invoice) => ({ invno: invoice.invno, custid: invoice.customer.id, invdte: invoice.invdte, cents: invoice.amountCents }));
    const { rows: inserted } = await client.query<{ id_col: number; invno: string }>(
      `INSERT INTO ${COMPANY}.armast (invno, custno, invdte, artype, arstat, salesmn, terr, pterms, pdisc, pdays, pnet,
              invamt, paidamt, disamt, balance, bbal, currid, glarec, adduser, adddate, addtime)
       SELECT lpad(w.invno::text, 10), c.custno, w.invdte::timestamp, '', '', c.salesmn, c.terr, c.pterms, c.pdisc, c.pdays, c.pnet,
              w.cents::numeric / 100, 0, 0, w.cents::numeric / 100, w.cents::numeric / 100, c.currency, c.aracct, 'ADMN', w.invdte::timestamp, '09:00:00'
         FROM jsonb_to_recordset($1::jsonb) AS w(invno integer, custid integer, invdte text, cents bigint)
         JOIN ${COMPANY}.arcust c ON c.id_col = w.custid
        ORDER BY w.invno
       RETURNING id_col, invno`,
      [JSON.stringify(rows)],
    );
    if (inserted.length !== rows.length) throw new Error(`Inserted ${inserted.length} of ${rows.length} invoices`);
    await client.query(
      `UPDATE ${COMPANY}.arcust c SET balance = c.balance + t.total
         FROM (SELECT custid, sum(cents)::numeric / 100 AS total FROM jsonb_to_recordset($1::jsonb) AS w(custid integer, cents bigint) GROUP BY custid) t
        WHERE c.id_col = t.custid`,
      [JSON.stringify(rows)],
    );
    await client.query(`UPDATE ${SYSTEM}.sysdata SET int1 = $1 WHERE sysid = 'AR01'`, [workload.invoices.at(-1)!.invno]);
    await client.query('COMMIT');
    return new Map(inserted.map((row) => [Number(row.invno.trim()), row.id_col]));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
