/**
 * Locks a Sage Pro user holds, for the admin API:
 * - record locks as Sage Pro itself marks them: `lckstat = 'L'`, `lckuser`, `lckdate`, `lcktime` on
 *   the record (arcust, armast, somast, icitem); nothing in the database stops a writer, the connector
 *   is expected to see the mark and keep off;
 * - row locks a session holds in an open transaction (`SELECT ... FOR UPDATE`), which do stop a
 *   writer: it waits, then fails with lock_timeout (55P03) under the connector role's 2 s.
 * Both run on the admin pool (direct, privileged), never through the fault proxy.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../../../platform/database/pg-transaction.js';
import { KEY_WIDTHS, quoteIdent } from '../company-schema.js';
import { leftJustified, rightJustified } from '../fixed-width.js';

interface KeyedTable {
  /** The business key a person names the record by. */
  column: 'custno' | 'invno' | 'sono' | 'item' | 'glacnt';
  /** Counters are stored right-justified, codes left-justified (../README.md, padding rule). */
  justify: 'left' | 'right';
  /** Has Sage Pro's lckstat/lckuser/lckdate/lcktime fields. */
  lockFields: boolean;
}

const CUSTNO: KeyedTable = { column: 'custno', justify: 'left', lockFields: false };
const INVNO: KeyedTable = { column: 'invno', justify: 'right', lockFields: false };
const SONO: KeyedTable = { column: 'sono', justify: 'right', lockFields: false };
const ITEM: KeyedTable = { column: 'item', justify: 'left', lockFields: false };

/** Company tables the admin API can lock, by the key they are looked up by. */
export const KEYED_TABLES = {
  arcust: { ...CUSTNO, lockFields: true },
  armast: { ...INVNO, lockFields: true },
  artran: INVNO,
  arcash: INVNO,
  somast: { ...SONO, lockFields: true },
  sotran: SONO,
  soaddr: SONO,
  icitem: { ...ITEM, lockFields: true },
  iciloc: ITEM,
  iciqty: ITEM,
  glacnt: { column: 'glacnt', justify: 'left', lockFields: false },
} as const satisfies Record<string, KeyedTable>;

export type KeyedTableName = keyof typeof KEYED_TABLES;
export const KEYED_TABLE_NAMES = Object.keys(KEYED_TABLES) as KeyedTableName[];
/** The tables that carry Sage Pro's own record-lock fields. */
export const RECORD_LOCK_TABLES = KEYED_TABLE_NAMES.filter((name) => KEYED_TABLES[name].lockFields);

/** A key as stored: `'1001'` → `'      1001'` for armast; `'CASH'` stays (CHAR comparison ignores the pad). Throws RangeError when too long. */
export function storedKey(table: KeyedTableName, key: string): string {
  const { column, justify } = KEYED_TABLES[table];
  const width = KEY_WIDTHS[column];
  return justify === 'right' ? rightJustified(key, width) : leftJustified(key, width);
}

export interface RecordLock {
  id_col: number;
  key: string;
  lckstat: string;
  lckuser: string;
  lckdate: string;
  lcktime: string;
}

/** No row of `table` has that key. */
export class RecordNotFound extends Error {}

/**
 * Marks every record with the key as locked by `user`, as Sage Pro does when a user opens it for
 * editing: lckstat 'L', lckuser, lckdate (the day, at midnight) and lcktime 'HH:MM:SS' of the
 * database server's local time. `user` = null clears the mark (what Sage Pro does on save or cancel).
 */
export async function markRecordLock(adminPool: pg.Pool, schema: string, table: KeyedTableName, key: string, user: string | null): Promise<RecordLock[]> {
  if (!KEYED_TABLES[table].lockFields) throw new RangeError(`${table} has no record-lock fields`);
  const { column } = KEYED_TABLES[table];
  const set = user
    ? `lckstat = 'L', lckuser = $2, lckdate = date_trunc('day', localtimestamp), lcktime = to_char(localtimestamp, 'HH24:MI:SS')`
    : `lckstat = '', lckuser = '', lckdate = '1900-01-01', lcktime = ''`;
  const c = quoteIdent(column);
  const { rows } = await inShortLockWait(adminPool, (client) =>
    client.query<RecordLock>(
      `UPDATE ${quoteIdent(schema)}.${quoteIdent(table)} SET ${set} WHERE ${c} = $1
        RETURNING id_col, trim(${c}) AS key, lckstat, trim(lckuser) AS lckuser, to_char(lckdate, 'YYYY-MM-DD') AS lckdate, lcktime`,
      user ? [storedKey(table, key), user] : [storedKey(table, key)],
    ),
  );
  if (!rows.length) throw new RecordNotFound(`No ${table} record has ${column} "${key.trim()}".`);
  return rows;
}

/** Records of a company marked locked by a Sage Pro user. */
export async function listRecordLocks(adminPool: pg.Pool, schema: string): Promise<(RecordLock & { table: string })[]> {
  const parts = RECORD_LOCK_TABLES.map((table) => {
    const c = quoteIdent(KEYED_TABLES[table].column);
    return `SELECT '${table}' AS table, id_col, trim(${c}) AS key, lckstat, trim(lckuser) AS lckuser, to_char(lckdate, 'YYYY-MM-DD') AS lckdate, lcktime
              FROM ${quoteIdent(schema)}.${quoteIdent(table)} WHERE lckstat <> ''`;
  });
  const { rows } = await adminPool.query(`${parts.join(' UNION ALL ')} ORDER BY 1, 2`);
  return rows;
}

/** Admin work waits at most this long for a row lock (e.g. one held through `RowLockHolder`). */
const ADMIN_LOCK_WAIT = '5s';

function inShortLockWait<T>(adminPool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(adminPool, async (client) => {
    await client.query(`SET LOCAL lock_timeout = '${ADMIN_LOCK_WAIT}'`);
    return work(client);
  });
}

export interface HeldRowLock {
  id: string;
  schema: string;
  table: KeyedTableName;
  key: string;
  /** Rows locked (a key can name several rows, e.g. an invoice's lines). */
  rows: number;
  holdMs: number;
  expiresAt: Date;
}

/** Too many row locks are held at once (each one keeps an admin connection). */
export class TooManyRowLocks extends Error {}

/**
 * Row locks held in open transactions on the admin pool: `hold` takes them (SELECT ... FOR UPDATE)
 * and returns once they are held; each is rolled back after its time, by `release`, or by `releaseAll`.
 */
export class RowLockHolder {
  private readonly held = new Map<string, { lock: HeldRowLock; client: pg.PoolClient; timer: NodeJS.Timeout }>();

  constructor(
    private readonly adminPool: pg.Pool,
    /** Keep below the admin pool's size, so the admin API still has connections of its own. */
    readonly maxHeld = 4,
  ) {}

  async hold(schema: string, table: KeyedTableName, key: string, holdMs: number): Promise<HeldRowLock> {
    if (this.held.size >= this.maxHeld) throw new TooManyRowLocks(`At most ${this.maxHeld} row locks can be held at once; release one first.`);
    const value = storedKey(table, key);
    const client = await this.adminPool.connect();
    let rows: number;
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '${ADMIN_LOCK_WAIT}'`);
      const column = quoteIdent(KEYED_TABLES[table].column);
      const result = await client.query(`SELECT id_col FROM ${quoteIdent(schema)}.${quoteIdent(table)} WHERE ${column} = $1 FOR UPDATE`, [value]);
      rows = result.rowCount ?? 0;
      if (!rows) throw new RecordNotFound(`No ${table} record has ${KEYED_TABLES[table].column} "${key.trim()}".`);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
    const lock: HeldRowLock = { id: randomUUID(), schema, table, key: key.trim(), rows, holdMs, expiresAt: new Date(Date.now() + holdMs) };
    const timer = setTimeout(() => void this.release(lock.id), holdMs);
    timer.unref();
    this.held.set(lock.id, { lock, client, timer });
    return lock;
  }

  list(): HeldRowLock[] {
    return [...this.held.values()].map((entry) => entry.lock);
  }

  /** Rolls the transaction back, freeing its rows; false when no such lock is held (any more). */
  async release(id: string): Promise<boolean> {
    const entry = this.held.get(id);
    if (!entry) return false;
    this.held.delete(id);
    clearTimeout(entry.timer);
    try {
      await entry.client.query('ROLLBACK');
      entry.client.release();
    } catch (error) {
      entry.client.release(error as Error); // a broken connection is dropped, not reused
    }
    return true;
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((id) => this.release(id)));
  }
}
