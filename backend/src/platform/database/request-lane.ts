import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * One request's turn at the database. GraphQL resolves a query's fields concurrently, and each
 * database-backed field (and the authentication in front of it) opens a transaction of its own: a
 * query of many aliases used to take every pooled connection at once and starve other tenants.
 * Inside a lane the transactions of one request run one after the other, so a request holds at most
 * one pooled connection at a time, whatever it asks. Each still commits on its own, as before.
 */
export class RequestLane {
  private tail: Promise<unknown> = Promise.resolve();
  private statements: Promise<unknown> = Promise.resolve();
  private running = 0;
  /** The most transactions this lane ever ran at once (1 unless work nested inside a turn). */
  peak = 0;
  /** Set for a read operation: its turns are savepoints of one transaction (`shareOneTransaction`). */
  shared?: SharedTransaction;

  /**
   * From now on the lane's turns are savepoints of one transaction on one connection, committed by
   * `end`: a query of many fields is one transaction, not one per field. Mutations keep a transaction
   * per field, so each of their fields commits (or fails) on its own, as GraphQL users expect.
   */
  shareOneTransaction(): void {
    this.shared ??= new SharedTransaction();
  }

  /** Commits the shared transaction (if one began) and gives its connection back to the pool. */
  async end(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    await shared?.end();
  }

  /** Runs `work` when the lane's previous turns have ended; work started inside it does not wait. */
  take<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(() => this.hold(work));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Runs one statement outside any transaction after the lane's previous ones. Statements queue
   * apart from transactions: Prisma may send a statement asked for inside a turn from another
   * field's async context, and waiting for the turn there would wait for itself.
   */
  statement<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.statements.then(work);
    this.statements = turn.catch(() => undefined);
    return turn;
  }

  private async hold<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await storage.run({ lane: this, holding: true, viewTaken: false }, work);
    } finally {
      this.running--;
    }
  }
}

interface LanePosition {
  lane: RequestLane;
  /** True inside a turn: nested work (a transaction inside a transaction) goes ahead, as it did. */
  holding: boolean;
  /** The turn has its savepoint of the shared transaction: work nested in it takes its own connection. */
  viewTaken?: boolean;
}

const storage = new AsyncLocalStorage<LanePosition>();
const lanes = new WeakMap<object, RequestLane>();

/** The lane of a request (any object standing for it), made on first use. */
export function laneOf(request: object): RequestLane {
  let lane = lanes.get(request);
  if (!lane) lanes.set(request, (lane = new RequestLane()));
  return lane;
}

/** Runs `fn` (a resolver, with its guard) in `lane`: its database work then takes the lane's turns. */
export function inLane<T>(lane: RequestLane, fn: () => T): T {
  const current = storage.getStore();
  if (current?.lane === lane) return fn();
  return storage.run({ lane, holding: false }, fn);
}

/** Runs `work` (one transaction) in the current request's turn; outside a request, at once. */
export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const position = storage.getStore();
  if (!position || position.holding) return work();
  return position.lane.take(work);
}

/**
 * Like `oneAtATime`, but the transaction runs on a connection of its own and commits when `work`
 * ends, never as a savepoint of the request's shared transaction: for bookkeeping that other requests
 * must see at once (a row made on first read, a key a cache remembers), not when this response is sent.
 */
export function oneAtATimeCommittedAtOnce<T>(work: () => Promise<T>): Promise<T> {
  return oneAtATime(() => {
    const position = storage.getStore();
    return position ? storage.run({ ...position, viewTaken: true }, work) : work();
  });
}

/**
 * The connection a transaction begun now should run on: inside a turn of a lane that shares one
 * transaction, that transaction's connection (its BEGIN, COMMIT and ROLLBACK become a savepoint's);
 * otherwise a connection of its own from `connect`.
 */
export function connectionFor(connect: () => Promise<pg.PoolClient>): Promise<pg.PoolClient> {
  const position = storage.getStore();
  const shared = position?.holding && !position.viewTaken ? position.lane.shared : undefined;
  if (!shared) return connect();
  position!.viewTaken = true;
  return shared.turn(connect);
}

/** Runs `work` (one statement outside a transaction) after the current request's previous ones. */
export function oneStatementAtATime<T>(work: () => Promise<T>): Promise<T> {
  const position = storage.getStore();
  return position ? position.lane.statement(work) : work();
}

/** Resets what a turn set for itself, so the next turn starts with no tenant, user or time limit. */
const FRESH_TURN = `SELECT set_config('app.tenant_id', '', true), set_config('app.user_id', '', true),
  set_config('app.partner_id', '', true), set_config('app.access', '', true),
  set_config('statement_timeout', (SELECT reset_val FROM pg_settings WHERE name = 'statement_timeout'), true)`;

/**
 * One transaction on one pooled connection, begun by the first turn that needs it. Each turn gets a
 * view of the connection on which BEGIN is a savepoint, COMMIT releases it and ROLLBACK returns to
 * it, so a failed field undoes only its own work, and release() keeps the connection for the next turn.
 */
class SharedTransaction {
  private client?: Promise<pg.PoolClient>;
  private broken?: Error;
  private readonly onError = (error: Error) => (this.broken = error);

  async turn(connect: () => Promise<pg.PoolClient>): Promise<pg.PoolClient> {
    this.client ??= connect().then(async (client) => {
      client.on('error', this.onError);
      await client.query('BEGIN');
      return client;
    });
    return this.viewOf(await this.client);
  }

  async end(): Promise<void> {
    if (!this.client) return;
    const client = await this.client.catch(() => undefined);
    if (!client) return;
    // The connection goes back to the pool: this request's listener must not stay on it.
    client.off('error', this.onError);
    try {
      await client.query(this.broken ? 'ROLLBACK' : 'COMMIT');
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }

  private viewOf(client: pg.PoolClient): pg.PoolClient {
    const turnStatement: Record<string, string[]> = {
      BEGIN: ['SAVEPOINT turn', FRESH_TURN],
      COMMIT: ['RELEASE SAVEPOINT turn'],
      ROLLBACK: ['ROLLBACK TO SAVEPOINT turn', 'RELEASE SAVEPOINT turn'],
    };
    const query = async (...args: unknown[]): Promise<unknown> => {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
      const replaced = text ? turnStatement[text] : undefined;
      if (!replaced) return (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      let result: unknown;
      for (const statement of replaced) result = await client.query(typeof first === 'string' ? statement : { ...(first as object), text: statement });
      return result;
    };
    return new Proxy(client, {
      get(target, key, receiver) {
        if (key === 'query') return query;
        // The connection stays with the shared transaction until the request ends.
        if (key === 'release') return () => undefined;
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
