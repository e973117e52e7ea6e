import { AsyncLocalStorage } from 'node:async_hooks';

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
      return await storage.run({ lane: this, holding: true }, work);
    } finally {
      this.running--;
    }
  }
}

interface LanePosition {
  lane: RequestLane;
  /** True inside a turn: nested work (a transaction inside a transaction) goes ahead, as it did. */
  holding: boolean;
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

/** Runs `work` (one statement outside a transaction) after the current request's previous ones. */
export function oneStatementAtATime<T>(work: () => Promise<T>): Promise<T> {
  const position = storage.getStore();
  return position ? position.lane.statement(work) : work();
}
