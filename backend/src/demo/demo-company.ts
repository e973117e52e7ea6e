/**
 * The demo tenant's sandbox Sage Pro company as the merchant's own people see it: which invoices are
 * open to be paid, what is in stock to sell, and entering new invoices when the open ones run low.
 * Runs on the sandbox's direct admin pool, so a fault the demo injects into Settle's connection (an
 * outage) never stops the merchant's side.
 */
import type pg from 'pg';
import { KEY_WIDTHS as W } from '../sandbox/sagepro/company-schema.js';
import { leftJustified as lj, moneyText as money, rightJustified as rj } from '../sandbox/sagepro/fixed-width.js';
import { GL } from '../sandbox/sagepro/seed-data.js';

export interface PayableInvoice {
  invno: string;
  custno: string;
  cents: number;
}

export interface StockedItem {
  item: string;
  title: string;
  priceCents: number;
  available: number;
}

/** pro01 for company 01: the connection's company id is two digits, checked before it gets here. */
export function companySchemaOf(companyId: string): string {
  if (!/^\d{2}$/.test(companyId)) throw new RangeError(`not a Sage Pro company id: ${companyId}`);
  return `pro${companyId}`;
}

/**
 * Invoices Settle can post a full payment to: open, not void or a credit, over $1, untouched by
 * Settle (no status in refno, or only an earlier decline), and neither invoice nor customer locked,
 * on credit hold or inactive.
 */
const PAYABLE = (schema: string) => `
  FROM ${schema}.armast a
 WHERE a.arstat = '' AND a.artype = '' AND a.balance > 1 AND a.lckstat = '' AND a.currid IN ('USD', '')
   AND (trim(a.refno) = '' OR a.refno LIKE 'PAYFAIL %')
   AND EXISTS (SELECT 1 FROM ${schema}.arcust c WHERE c.custno = a.custno AND c.custstat = '' AND c.credstat <> 'H' AND c.lckstat = '')
   AND NOT (trim(a.invno) = ANY($1::text[]))`;

export async function pickPayableInvoice(pool: pg.Pool, schema: string, exclude: readonly string[]): Promise<PayableInvoice | null> {
  const { rows } = await pool.query<PayableInvoice>(
    `SELECT trim(a.invno) AS invno, trim(a.custno) AS custno, round(a.balance * 100)::int AS cents ${PAYABLE(schema)} ORDER BY random() LIMIT 1`,
    [exclude],
  );
  return rows[0] ?? null;
}

export async function countPayableInvoices(pool: pg.Pool, schema: string, exclude: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n ${PAYABLE(schema)}`, [exclude]);
  return rows[0].n;
}

export interface ShopInvoice extends PayableInvoice {
  company: string;
}

/** What the demo shop offers to pay: the lowest-numbered payable invoices, with their customer's name. */
export async function listPayableInvoices(pool: pg.Pool, schema: string, limit: number): Promise<ShopInvoice[]> {
  const { rows } = await pool.query<ShopInvoice>(
    `SELECT trim(a.invno) AS invno, trim(a.custno) AS custno, round(a.balance * 100)::int AS cents,
            (SELECT trim(c.company) FROM ${schema}.arcust c WHERE c.custno = a.custno LIMIT 1) AS company
     ${PAYABLE(schema)} ORDER BY a.invno LIMIT $2`,
    [[], limit],
  );
  return rows;
}

/**
 * Any open invoice with a balance, payable or not: the shop takes the money, and whether Sage Pro
 * can take the receipt (a customer on credit hold, say) is Settle's business.
 */
export async function findOpenInvoice(pool: pg.Pool, schema: string, invno: string): Promise<PayableInvoice | null> {
  const { rows } = await pool.query<PayableInvoice>(
    `SELECT trim(invno) AS invno, trim(custno) AS custno, round(balance * 100)::int AS cents
       FROM ${schema}.armast WHERE trim(invno) = $1 AND arstat = '' AND artype = '' AND balance > 0 LIMIT 1`,
    [invno],
  );
  return rows[0] ?? null;
}

/** Stocked, active items with at least `minimum` available (on hand less allocated) at the location. */
export async function pickStockedItems(pool: pg.Pool, schema: string, location: string, count: number, minimum: number): Promise<StockedItem[]> {
  const { rows } = await pool.query<StockedItem>(
    `SELECT trim(i.item) AS item, trim(i.itmdesc) AS title, round(i.price * 100)::int AS "priceCents", (l.lonhand - l.lsoaloc)::int AS available
       FROM ${schema}.iciloc l JOIN ${schema}.icitem i ON i.item = l.item
      WHERE trim(l.loctid) = upper($1) AND i.itemstat = '' AND i.stkcode = 'Y' AND i.price > 0 AND l.lonhand - l.lsoaloc >= $2
      ORDER BY random() LIMIT $3`,
    [location, minimum, count],
  );
  return rows;
}

export interface IssuedInvoice {
  invno: string;
  custno: string;
  cents: number;
}

/**
 * Enters an invoice as a Sage Pro user would: the next number and AR session from SYSDATA, the
 * header, its lines, the GL distribution (Dr AR / Cr sales) and the customer's balance, in one
 * transaction, so the sandbox's invariants (README) keep holding.
 */
export async function enterInvoice(pool: pg.Pool, schema: string, compid: string, today: string, random: () => number = Math.random): Promise<IssuedInvoice | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const [counter] = (await client.query<{ id_col: number; int1: string; int2: string }>(`SELECT id_col, int1, int2 FROM prosys.sysdata WHERE sysid = $1 ORDER BY id_col LIMIT 1 FOR UPDATE`, [`AR${compid}`])).rows;
    const [customer] = (
      await client.query(
        `SELECT id_col, custno, salesmn, terr, pterms, pdisc, pdays, pnet FROM ${schema}.arcust
          WHERE custstat = '' AND credstat <> 'H' AND lckstat = '' AND trim(custno) <> 'CASH' AND currency IN ('USD', '')
          ORDER BY random() LIMIT 1 FOR UPDATE`,
      )
    ).rows;
    const items = (await client.query(`SELECT item, itmdesc, umeasur, round(price * 100)::int AS price, round(stdcost * 100)::int AS cost FROM ${schema}.icitem WHERE itemstat = '' AND price > 0 ORDER BY random() LIMIT $1`, [1 + Math.floor(random() * 3)])).rows;
    if (!counter || !customer || !items.length) {
      await client.query('ROLLBACK');
      return null;
    }
    const invnoNumber = Number(counter.int1) + 1;
    const arsess = Number(counter.int2) + 1;
    const invno = rj(invnoNumber, W.invno);
    const stamp = { adduser: 'DEMO', adddate: today, addtime: new Date().toISOString().slice(11, 19) };
    const lines = items.map((item, index) => {
      const qty = 1 + Math.floor(random() * 12);
      return { ...item, qty, ext: qty * item.price, index };
    });
    const cents = lines.reduce((sum, line) => sum + line.ext, 0);
    await insert(client, `${schema}.armast`, {
      invno,
      custno: customer.custno,
      invdte: today,
      salesmn: customer.salesmn,
      terr: customer.terr,
      shipvia: 'UPS GROUND',
      pterms: customer.pterms,
      pdisc: customer.pdisc,
      pdays: customer.pdays,
      pnet: customer.pnet,
      invamt: money(cents),
      balance: money(cents),
      bbal: money(cents),
      currid: 'USD',
      glarec: lj(GL.receivables, W.glacnt),
      ...stamp,
    });
    for (const line of lines) {
      await insert(client, `${schema}.artran`, {
        invno,
        custno: customer.custno,
        tranlineno: line.index + 1,
        transeq: rj(line.index + 1, W.transeq),
        item: line.item,
        descrip: line.itmdesc,
        loctid: lj('MAIN', W.loctid),
        umeasur: line.umeasur,
        qtyord: line.qty,
        qtyshp: line.qty,
        cost: money(line.cost),
        price: money(line.price),
        extprice: money(line.ext),
        glsale: lj(GL.sales, W.glacnt),
        invdte: today,
        salesmn: customer.salesmn,
        ...stamp,
      });
    }
    for (const [glacnt, amount] of [
      [GL.receivables, cents],
      [GL.sales, -cents],
    ] as const) {
      await insert(client, `${schema}.ardist`, {
        tranno: invno,
        custno: customer.custno,
        glacnt: lj(glacnt, W.glacnt),
        descrip: 'Invoice',
        amount: money(amount),
        trandte: today,
        arsess: rj(arsess, W.arsess),
        ...stamp,
      });
    }
    await client.query(
      `UPDATE ${schema}.arcust SET balance = balance + $2::numeric, hibalance = greatest(hibalance, balance + $2::numeric), ldate = $3,
         lsale = $2::numeric, ptdsls = ptdsls + $2::numeric, ytdsls = ytdsls + $2::numeric WHERE id_col = $1`,
      [customer.id_col, money(cents), today],
    );
    await client.query('UPDATE prosys.sysdata SET int1 = $2, int2 = $3 WHERE id_col = $1', [counter.id_col, invnoNumber, arsess]);
    await client.query('COMMIT');
    return { invno: String(invnoNumber), custno: String(customer.custno).trim(), cents };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function insert(client: pg.PoolClient, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
}
