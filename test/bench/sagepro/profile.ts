/**
 * Where a receipt's time goes, measured on the wire: a pool wrapper that stamps every statement each
 * connection sends (start, end, which table, locked or not) and groups them into transactions
 * (BEGIN … COMMIT). Used only in the profile pass, after the timed phases, so the headline numbers
 * carry no instrumentation.
 *
 * From the statements it derives, per receipt: round trips; time per kind of statement (a locked
 * read's time includes waiting for the lock); the time spent between statements (client side: Node
 * building the next statement, and waiting for the event loop); and for Settle how long the
 * company-wide AR counter row (SYSDATA AR01, locked by every write) is held, from its locked read to
 * the commit. When the holds add up to the whole wall clock, every write in the company is queuing on
 * that one row, and 1000 / (mean hold ms) is the ceiling on receipts per second.
 */
import type pg from 'pg';

export interface Statement {
  kind: string;
  start: number;
  end: number;
}

/** What both phases need of a pool (and Kysely's PostgresPool: `options`). */
export interface PoolLike {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
  options: object;
}

export class StatementRecorder {
  readonly transactions: Statement[][] = [];
  readonly #proxies = new WeakMap<pg.PoolClient, pg.PoolClient>();
  readonly #open = new WeakMap<pg.PoolClient, Statement[]>();

  wrap(pool: pg.Pool): PoolLike {
    return {
      connect: async () => this.#proxy(await pool.connect()),
      end: () => pool.end(),
      options: pool.options,
    };
  }

  #proxy(client: pg.PoolClient): pg.PoolClient {
    let proxy = this.#proxies.get(client);
    if (proxy) return proxy;
    const query = async (text: string, values?: unknown[]) => {
      const start = performance.now();
      const result = await client.query(text, values);
      const statement = { kind: statementKind(text), start, end: performance.now() };
      const open = this.#open.get(client) ?? [];
      open.push(statement);
      this.#open.set(client, open);
      if (statement.kind === 'commit' || statement.kind === 'rollback') {
        this.transactions.push(open);
        this.#open.set(client, []);
      }
      return result;
    };
    proxy = new Proxy(client, {
      get(target, property) {
        if (property === 'query') return query;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    this.#proxies.set(client, proxy);
    return proxy;
  }
}

/** 'select arcust for update', 'insert ardist', 'commit', … */
export function statementKind(text: string): string {
  const sql = text.trim().toLowerCase();
  const word = sql.split(/\s+/, 1)[0];
  if (['begin', 'commit', 'rollback'].includes(word)) return word;
  if (/^set (local )?lock_timeout/.test(sql)) return 'set lock_timeout';
  const table = (pattern: RegExp) => pattern.exec(sql)?.[1] ?? '?';
  if (word === 'select') return `select ${table(/\bfrom\s+(?:"?\w+"?\.)*"?(\w+)"?/)}${/\bfor update\b/.test(sql) ? ' for update' : ''}`;
  if (word === 'insert') return `insert ${table(/^insert into\s+(?:"?\w+"?\.)*"?(\w+)"?/)}`;
  if (word === 'update') return `update ${table(/^update\s+(?:"?\w+"?\.)*"?(\w+)"?/)}`;
  return word;
}

export interface KindProfile {
  kind: string;
  perReceipt: number;
  meanMs: number;
  /** Mean over the first and the last tenth of the receipts: growing with the tables? */
  firstTenthMs: number;
  lastTenthMs: number;
  /** Share of the summed receipt time. */
  share: number;
}

export interface Profile {
  receipts: number;
  wallMs: number;
  roundTrips: number;
  meanReceiptMs: number;
  /** Mean time per receipt between statements (client side). */
  betweenStatementsMs: number;
  kinds: KindProfile[];
  counter?: { meanHoldMs: number; busyShare: number; ceilingPerSecond: number };
}

export function analyse(transactions: Statement[][], wallMs: number): Profile {
  const ordered = [...transactions].sort((a, b) => a[0].start - b[0].start);
  const n = ordered.length;
  const tenth = Math.max(1, Math.floor(n / 10));
  const span = (tx: Statement[]) => tx.at(-1)!.end - tx[0].start;
  const totalMs = ordered.reduce((sum, tx) => sum + span(tx), 0);
  const byKind = new Map<string, { count: number; ms: number; first: number[]; last: number[] }>();
  let inStatements = 0;
  ordered.forEach((tx, i) => {
    for (const statement of tx) {
      const ms = statement.end - statement.start;
      inStatements += ms;
      const entry = byKind.get(statement.kind) ?? { count: 0, ms: 0, first: [], last: [] };
      entry.count += 1;
      entry.ms += ms;
      if (i < tenth) entry.first.push(ms);
      if (i >= n - tenth) entry.last.push(ms);
      byKind.set(statement.kind, entry);
    }
  });
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const kinds = [...byKind].map(([kind, entry]) => ({
    kind,
    perReceipt: entry.count / n,
    meanMs: entry.ms / entry.count,
    firstTenthMs: mean(entry.first),
    lastTenthMs: mean(entry.last),
    share: entry.ms / totalMs,
  }));
  const holds = ordered.flatMap((tx) => {
    // The row is locked from the first statement on it (a locked read, or an UPDATE taking it directly).
    const locked = tx.findIndex((statement) => statement.kind === 'select sysdata for update' || statement.kind === 'update sysdata');
    return locked < 0 ? [] : [tx.at(-1)!.end - tx[locked].end];
  });
  const holdMs = holds.reduce((a, b) => a + b, 0);
  return {
    receipts: n,
    wallMs,
    roundTrips: ordered.reduce((sum, tx) => sum + tx.length, 0) / n,
    meanReceiptMs: totalMs / n,
    betweenStatementsMs: (totalMs - inStatements) / n,
    kinds,
    counter: holds.length ? { meanHoldMs: holdMs / holds.length, busyShare: holdMs / wallMs, ceilingPerSecond: 1000 / (holdMs / holds.length) } : undefined,
  };
}
