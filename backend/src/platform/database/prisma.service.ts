import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.js';
import { Unauthenticated } from '../errors.js';
import { connectionFor, oneAtATime, oneAtATimeCommittedAtOnce, oneStatementAtATime } from './request-lane.js';
import { accessOf, type DatabaseAccess, TenantContext } from './tenant-context.js';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Scope {
  tenantId?: string;
  userId?: string;
  partnerId?: string;
  /** 'read': INSERT, UPDATE and DELETE of tenant rows are refused by the database (app.access). */
  access?: DatabaseAccess;
}

export interface TransactionOptions {
  /** How long the transaction may stay open (Prisma's default: 5 s); for one-off bulk writes such as an import. */
  timeoutMs?: number;
  /**
   * Commit when `fn` ends, on a connection of its own, even inside a query whose fields share one
   * transaction: for rows other requests must see before this response is sent.
   */
  committedAtOnce?: boolean;
}

/**
 * The platform database, reached as the settle_app role. Tenant tables are only visible inside
 * `inTenant` (or a user/partner scope): each opens a transaction and sets app.tenant_id (app.user_id,
 * app.partner_id) with set_config(..., true), so the row-level security policies see the scope and
 * the setting dies with the transaction. Platform tables (users, sessions, partners) use `client`.
 */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly pool: pg.Pool;
  readonly client: PrismaClient;

  constructor(databaseUrl: string, poolSize: number) {
    this.pool = new LanedPool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', () => undefined);
    this.client = new PrismaClient({ adapter: new PrismaPg(this.pool) });
  }

  /**
   * Runs `fn` in a transaction scoped to the current actor's tenant (from AsyncLocalStorage), with the
   * actor's access: a read-only actor's transaction can read and nothing else.
   */
  inTenant<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const actor = TenantContext.actor();
    if (!actor.tenantId) throw new Unauthenticated('No tenant selected');
    return this.inScope({ tenantId: actor.tenantId, access: accessOf(actor) }, fn, options);
  }

  /**
   * Runs `fn` in a transaction with exactly the given scope; no scope sees no tenant rows. Without
   * `access` it may write: the platform's own bookkeeping for an actor (login, API key use, audit).
   */
  async inScope<T>(scope: Scope, fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // One request's transactions take turns (request-lane.ts): a query of many fields holds one
    // pooled connection at a time for them instead of all of them.
    const turn = options.committedAtOnce ? oneAtATimeCommittedAtOnce : oneAtATime;
    return turn(() =>
      this.client.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.tenant_id', ${scope.tenantId ?? ''}, true),
          set_config('app.user_id', ${scope.userId ?? ''}, true),
          set_config('app.partner_id', ${scope.partnerId ?? ''}, true),
          set_config('app.access', ${scope.access ?? ''}, true)`;
        return fn(tx);
      }, options.timeoutMs ? { timeout: options.timeoutMs } : undefined),
    );
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * The pool whose single statements (Prisma's queries outside a transaction, `pool.query`) take turns
 * within a GraphQL request (request-lane.ts), in a queue apart from its transactions', and whose
 * transactions in a read request are savepoints of that request's one transaction.
 */
class LanedPool extends pg.Pool {
  // Both Prisma's transactions and inTransaction's begin on a connection taken here.
  override connect(...args: unknown[]): any {
    const connect = super.connect.bind(this) as (...a: unknown[]) => unknown;
    if (args.length > 0) return connect(...args);
    return connectionFor(() => connect() as Promise<pg.PoolClient>);
  }

  // pg's overloads are many; promise-style calls are laned, callback-style ones go straight through.
  override query(...args: unknown[]): any {
    const query = super.query.bind(this) as (...a: unknown[]) => unknown;
    if (typeof args.at(-1) === 'function') return query(...args);
    return oneStatementAtATime(() => query(...args) as Promise<unknown>);
  }
}
