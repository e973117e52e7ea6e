/**
 * Period close, as the sandbox company's own operation (ref §3 step 7: "at period close, paid items
 * move to ARYMST/ARYTRN/ARYCSH"; the timing is a GUESS): every open period of the fiscal calendar
 * (prosys.sycdfis) ending on or before `through` is closed, and what was finished by the last of
 * them moves to history in the same transaction:
 * - AR items (any artype) paid to a zero balance, or void, dated and last paid on or before the
 *   period end, with their lines (ARTRAN → ARYTRN) and receipts (ARCASH → ARYCSH);
 * - sales orders closed or void, dated and shipped on or before the period end, with their lines
 *   (SOTRAN → SOYTRN);
 * - purchase orders closed or void, dated and received on or before the period end, with their
 *   lines (POTRAN → POYTRN).
 * Open items never move. ARDIST (GL distributions) and SOADDR stay. syccomp.curyear / curperd
 * become the first period still open. Closing again through the same date finds no open period
 * and changes nothing.
 */
import type pg from 'pg';
import { inTransaction } from '../../platform/database/pg-transaction.js';
import { companySchema, normalizeCompid, quoteIdent, SYSTEM_SCHEMA } from './company-schema.js';
import { isoDate } from './fixed-width.js';
import { nextPeriod } from './fiscal-calendar.js';
import { HISTORY_OF, type HistoryTable } from './seed-rows.js';

export interface CalendarPeriod {
  id: number;
  fyear: number;
  fperiod: number;
  enddate: string;
  closed: boolean;
}

/** An AR item as period close judges it (one row of ARMAST; keys are not unique in Sage Pro). */
export interface ClosableInvoice {
  invno: string;
  arstat: string;
  balanceCents: number;
  invdte: string;
  dtepaid: string;
  /** The latest arcash.dtepaid of the invno, if any (a reversal after the last payment counts too). */
  lastReceipt?: string;
}

export interface ClosableOrder {
  sono: string;
  sostat: string;
  sodate: string;
  /** The latest sotran.shipdate of the order, if any. */
  lastShipdate?: string;
}

export interface ClosablePurchaseOrder {
  purno: string;
  postat: string;
  purdate: string;
  /** The latest potran.recdate of the PO, if any. */
  lastRecdate?: string;
}

/** The open periods that close through `through`, in calendar order. */
export function periodsToClose(calendar: readonly CalendarPeriod[], through: string): CalendarPeriod[] {
  return calendar
    .filter((period) => !period.closed && period.enddate <= through)
    .sort((a, b) => a.fyear - b.fyear || a.fperiod - b.fperiod);
}

/** Finished (paid to zero, or void) and nothing of it dated after the period end. */
export function invoiceCloses(invoice: ClosableInvoice, end: string): boolean {
  const finished = invoice.arstat === 'V' || invoice.arstat === 'X' || invoice.balanceCents === 0;
  return finished && invoice.invdte <= end && invoice.dtepaid <= end && (invoice.lastReceipt ?? '') <= end;
}

/** Closed or void, and dated and shipped on or before the period end. */
export function orderCloses(order: ClosableOrder, end: string): boolean {
  return (order.sostat === 'C' || order.sostat === 'V') && order.sodate <= end && (order.lastShipdate ?? '') <= end;
}

/** Closed or void, and dated and received on or before the period end. */
export function purchaseOrderCloses(po: ClosablePurchaseOrder, end: string): boolean {
  return ['C', 'V', 'X'].includes(po.postat) && po.purdate <= end && (po.lastRecdate ?? '') <= end;
}

/**
 * The keys to move: a key moves only when every row holding it closes, since moving a key moves all
 * of its lines and receipts (a number shared with an open item keeps both where they are).
 */
export function keysThatClose<T>(rows: readonly T[], key: (row: T) => string, closes: (row: T) => boolean): string[] {
  const verdict = new Map<string, boolean>();
  for (const row of rows) verdict.set(key(row), (verdict.get(key(row)) ?? true) && closes(row));
  return [...verdict].filter(([, moves]) => moves).map(([k]) => k);
}

export interface PeriodCloseOptions {
  /** YYYY-MM-DD: every open period ending on or before it closes. */
  through: string;
  /** Sage Pro user recorded as having closed (sycdfis.closeuser, char(4)). */
  user?: string;
  /** The day the close ran (sycdfis.closedate); defaults to today (UTC). */
  today?: string;
}

export interface PeriodCloseResult {
  compid: string;
  periodsClosed: { fyear: number; fperiod: number; enddate: string }[];
  /** The end of the last closed period after the run (null when none ever closed). */
  closedThrough: string | null;
  /** syccomp.curyear / curperd after the run: the first open period. */
  currentPeriod: { fyear: number; fperiod: number };
  /** Rows moved into each history table. */
  moved: Record<HistoryTable, number>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function closeSageProPeriods(pool: pg.Pool, compid: string | number, options: PeriodCloseOptions): Promise<PeriodCloseResult> {
  const id = normalizeCompid(compid);
  const { through, user = 'ADMN', today = isoDate(new Date()) } = options;
  if (!DATE.test(through) || Number.isNaN(Date.parse(through))) throw new RangeError(`through must be a YYYY-MM-DD date, got "${through}"`);
  if (!DATE.test(today) || Number.isNaN(Date.parse(today))) throw new RangeError(`today must be a YYYY-MM-DD date, got "${today}"`);
  if (!/^[A-Z0-9]{1,4}$/.test(user)) throw new RangeError(`user must be 1 to 4 capitals or digits (sycdfis.closeuser), got "${user}"`);
  const schema = quoteIdent(companySchema(id));
  const sys = quoteIdent(SYSTEM_SCHEMA);

  return inTransaction(pool, async (client) => {
    // One close per company at a time: the company row is the lock.
    const company = await client.query(`SELECT id_col FROM ${sys}.syccomp WHERE compid = $1 FOR UPDATE`, [id]);
    if (!company.rowCount) throw new RangeError(`Sage Pro company ${id} does not exist in ${SYSTEM_SCHEMA}.syccomp`);
    const calendar = await readCalendar(client, id);
    if (!calendar.length) throw new Error(`Sage Pro company ${id} has no fiscal calendar (${SYSTEM_SCHEMA}.sycdfis): run \`npm run sandbox:sagepro:reset\``);
    const closing = periodsToClose(calendar, through);
    const moved: Record<HistoryTable, number> = { arymst: 0, arytrn: 0, arycsh: 0, soymst: 0, soytrn: 0, poymst: 0, poytrn: 0 };
    if (closing.length) {
      const end = closing.at(-1)!.enddate;
      const invnos = keysThatClose(await readInvoices(client, schema), (i) => i.invno, (i) => invoiceCloses(i, end));
      const sonos = keysThatClose(await readOrders(client, schema), (o) => o.sono, (o) => orderCloses(o, end));
      const purnos = keysThatClose(await readPurchaseOrders(client, schema), (p) => p.purno, (p) => purchaseOrderCloses(p, end));
      for (const [history, key, keys] of [
        ['arymst', 'invno', invnos],
        ['arytrn', 'invno', invnos],
        ['arycsh', 'invno', invnos],
        ['soymst', 'sono', sonos],
        ['soytrn', 'sono', sonos],
        ['poymst', 'purno', purnos],
        ['poytrn', 'purno', purnos],
      ] as const) {
        moved[history] = await moveRows(client, schema, history, key, keys);
      }
      await client.query(`UPDATE ${sys}.sycdfis SET closed = 'Y', closedate = $2, closeuser = $3 WHERE id_col = ANY($1)`, [closing.map((p) => p.id), today, user]);
    }
    const after = await readCalendar(client, id);
    const lastClosed = after.filter((p) => p.closed).at(-1);
    const open = after.find((p) => !p.closed) ?? (lastClosed && { ...nextPeriod(lastClosed) });
    const currentPeriod = open ? { fyear: open.fyear, fperiod: open.fperiod } : { fyear: 0, fperiod: 0 };
    await client.query(`UPDATE ${sys}.syccomp SET curyear = $2, curperd = $3 WHERE compid = $1`, [id, currentPeriod.fyear, currentPeriod.fperiod]);
    return {
      compid: id,
      periodsClosed: closing.map(({ fyear, fperiod, enddate }) => ({ fyear, fperiod, enddate })),
      closedThrough: lastClosed?.enddate ?? null,
      currentPeriod,
      moved,
    };
  });
}

/** The end of the company's last closed period (YYYY-MM-DD), or null: nothing may be posted on or before it. */
export async function readClosedThrough(db: pg.Pool | pg.PoolClient, compid: string | number): Promise<string | null> {
  const { rows } = await db.query<{ enddate: string | null }>(
    `SELECT to_char(max(enddate), 'YYYY-MM-DD') AS enddate FROM ${quoteIdent(SYSTEM_SCHEMA)}.sycdfis WHERE compid = $1 AND closed = 'Y'`,
    [normalizeCompid(compid)],
  );
  return rows[0]?.enddate ?? null;
}

async function readCalendar(client: pg.PoolClient, compid: string): Promise<CalendarPeriod[]> {
  const { rows } = await client.query<{ id: number; fyear: string; fperiod: string; enddate: string; closed: string }>(
    `SELECT id_col AS id, fyear, fperiod, to_char(enddate, 'YYYY-MM-DD') AS enddate, closed
       FROM ${quoteIdent(SYSTEM_SCHEMA)}.sycdfis WHERE compid = $1 ORDER BY fyear, fperiod FOR UPDATE`,
    [compid],
  );
  return rows.map((r) => ({ id: r.id, fyear: Number(r.fyear), fperiod: Number(r.fperiod), enddate: r.enddate, closed: r.closed === 'Y' }));
}

/** Every AR item, locked when it may close (a writer changing one waits, and is seen after). */
async function readInvoices(client: pg.PoolClient, schema: string): Promise<ClosableInvoice[]> {
  await client.query(`SELECT id_col FROM ${schema}.armast WHERE arstat IN ('V', 'X') OR balance = 0 ORDER BY id_col FOR UPDATE`);
  const { rows } = await client.query<{ invno: string; arstat: string; cents: string; invdte: string; dtepaid: string; last_receipt: string | null }>(
    `SELECT m.invno, rtrim(m.arstat) AS arstat, round(m.balance * 100)::bigint::text AS cents,
            to_char(m.invdte, 'YYYY-MM-DD') AS invdte, to_char(m.dtepaid, 'YYYY-MM-DD') AS dtepaid,
            (SELECT to_char(max(c.dtepaid), 'YYYY-MM-DD') FROM ${schema}.arcash c WHERE c.invno = m.invno) AS last_receipt
       FROM ${schema}.armast m`,
  );
  return rows.map((r) => ({
    invno: r.invno,
    arstat: r.arstat,
    balanceCents: Number(r.cents),
    invdte: r.invdte,
    dtepaid: r.dtepaid,
    lastReceipt: r.last_receipt ?? undefined,
  }));
}

async function readOrders(client: pg.PoolClient, schema: string): Promise<ClosableOrder[]> {
  await client.query(`SELECT id_col FROM ${schema}.somast WHERE sostat IN ('C', 'V') ORDER BY id_col FOR UPDATE`);
  const { rows } = await client.query<{ sono: string; sostat: string; sodate: string; last_ship: string | null }>(
    `SELECT m.sono, rtrim(m.sostat) AS sostat, to_char(m.sodate, 'YYYY-MM-DD') AS sodate,
            (SELECT to_char(max(t.shipdate), 'YYYY-MM-DD') FROM ${schema}.sotran t WHERE t.sono = m.sono) AS last_ship
       FROM ${schema}.somast m`,
  );
  return rows.map((r) => ({ sono: r.sono, sostat: r.sostat, sodate: r.sodate, lastShipdate: r.last_ship ?? undefined }));
}

async function readPurchaseOrders(client: pg.PoolClient, schema: string): Promise<ClosablePurchaseOrder[]> {
  await client.query(`SELECT id_col FROM ${schema}.pomast WHERE postat IN ('C', 'V', 'X') ORDER BY id_col FOR UPDATE`);
  const { rows } = await client.query<{ purno: string; postat: string; purdate: string; last_rec: string | null }>(
    `SELECT m.purno, rtrim(m.postat) AS postat, to_char(m.purdate, 'YYYY-MM-DD') AS purdate,
            (SELECT to_char(max(t.recdate), 'YYYY-MM-DD') FROM ${schema}.potran t WHERE t.purno = m.purno) AS last_rec
       FROM ${schema}.pomast m`,
  );
  return rows.map((r) => ({ purno: r.purno, postat: r.postat, purdate: r.purdate, lastRecdate: r.last_rec ?? undefined }));
}

/**
 * Copies the rows holding `keys` into the history table, column for column (history gets its own
 * id_col), and deletes them from the current one. A key already in history is refused, so no key is
 * ever in both.
 */
async function moveRows(client: pg.PoolClient, schema: string, history: HistoryTable, key: 'invno' | 'sono' | 'purno', keys: string[]): Promise<number> {
  if (!keys.length) return 0;
  const current = HISTORY_OF[history];
  const columns = await columnsOf(client, schema, current);
  const historyColumns = await columnsOf(client, schema, history);
  if (columns.join() !== historyColumns.join()) throw new Error(`${history} does not have the columns of ${current}: the sandbox needs a reset`);
  const clash = await client.query(`SELECT DISTINCT ${key} AS key FROM ${schema}.${history} WHERE ${key} = ANY($1) LIMIT 5`, [keys]);
  if (clash.rowCount) throw new Error(`${history} already holds ${key} ${clash.rows.map((r) => `'${String(r.key).trim()}'`).join(', ')}: period close refuses to put a key in both`);
  const list = columns.map(quoteIdent).join(', ');
  const inserted = await client.query(`INSERT INTO ${schema}.${history} (${list}) SELECT ${list} FROM ${schema}.${current} WHERE ${key} = ANY($1) ORDER BY id_col`, [keys]);
  const deleted = await client.query(`DELETE FROM ${schema}.${current} WHERE ${key} = ANY($1)`, [keys]);
  if (inserted.rowCount !== deleted.rowCount) throw new Error(`${current} → ${history}: copied ${inserted.rowCount} rows but deleted ${deleted.rowCount}`);
  return inserted.rowCount ?? 0;
}

async function columnsOf(client: pg.PoolClient, schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column: string }>(
    `SELECT a.attname AS column FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'id_col' ORDER BY a.attnum`,
    [`${schema}.${table}`],
  );
  return rows.map((r) => r.column);
}
