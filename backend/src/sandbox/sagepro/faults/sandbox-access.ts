/**
 * The two ways into the Sage Pro sandbox company:
 * - `pool`: what the connector (and the sandbox viewer) get from `SandboxService.sageProPool()`. It logs
 *   in as `sagepro_user` and goes through the fault proxy, like a customer's SQL login over the network.
 * - `adminPool`: the sandboxes' own role (settle_sandbox: CREATEDB, no superuser), direct, which
 *   creates the database and owns what is in it: building and resetting the sandbox, and the admin
 *   API's own work (record and row locks, grants), so that faults never get in the admin's way.
 */
import pg from 'pg';
import { withCredentials } from '../../../platform/database/urls.js';
import { ensureSageProSandboxDatabase } from '../database.js';
import { ensureSageProSandbox, resetSageProSandbox } from '../install.js';
import { canLogIn, connectorRolePassword, grantConnectorAccess, SAGEPRO_CONNECTOR_ROLE } from './connector-role.js';
import { RowLockHolder } from './record-locks.js';
import { type ProxyTarget, TcpProxy } from './tcp-proxy.js';

export interface SageProSandboxAccessOptions {
  /** settle_sandbox's URL of the PostgreSQL server (any database on it; the sandbox gets its own). */
  sandboxServerUrl: string;
  /** Name of the sandbox's database. */
  database: string;
  /** Connections of the connector's pool. */
  poolSize?: number;
}

export class SageProSandboxAccess {
  readonly rowLocks: RowLockHolder;

  private constructor(
    /** Direct, privileged. */
    readonly adminPool: pg.Pool,
    /** As `sagepro_user`, through `proxy`. */
    readonly pool: pg.Pool,
    readonly proxy: TcpProxy,
  ) {
    this.rowLocks = new RowLockHolder(adminPool);
  }

  /** Creates the database and builds the sandbox when missing, then the role, its grants and the proxy. */
  static async open(options: SageProSandboxAccessOptions): Promise<SageProSandboxAccess> {
    const url = await ensureSageProSandboxDatabase(options.sandboxServerUrl, options.database);
    const adminPool = new pg.Pool({ connectionString: url, max: 8 });
    adminPool.on('error', () => undefined);
    let proxy: TcpProxy | undefined;
    try {
      await ensureSageProSandbox(adminPool);
      const password = connectorRolePassword(options.sandboxServerUrl);
      // The role is made by the privileged start step (CREATEROLE is not this process's to hold).
      if (!(await canLogIn(withCredentials(url, SAGEPRO_CONNECTOR_ROLE, password)))) {
        throw new Error(`The Sage Pro sandbox's login role ${SAGEPRO_CONNECTOR_ROLE} is missing or has another password: run the start step (npm start, or node backend/dist/provision.js) with DATABASE_URL`);
      }
      await grantConnectorAccess(adminPool);
      proxy = await TcpProxy.start(proxyTarget(url));
      // Connect deadline as for a SQL Server company (SAGEPRO_TIMEOUT_MS), so a long latency fault times out like one.
      const pool = new pg.Pool({ connectionString: throughProxy(url, proxy, password), max: options.poolSize ?? 8, connectionTimeoutMillis: 10_000 });
      pool.on('error', () => undefined); // idle connections cut by a fault are dropped and replaced
      // A connection cut while checked out (a query in flight) fails that query, and pg then also emits
      // 'error' on the client, which pg-pool listens to only while the client is idle: without this,
      // a network fault would be an uncaught exception instead of a failed query.
      pool.on('connect', (client) => client.on('error', () => undefined));
      return new SageProSandboxAccess(adminPool, pool, proxy);
    } catch (error) {
      await proxy?.close();
      await adminPool.end().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Back to the state first built: releases held row locks, clears the proxy's faults, rebuilds the
   * schemas with the seed (which also drops record locks and makes every company writable) and grants
   * the connector role its access again.
   */
  async reset(): Promise<void> {
    await this.rowLocks.releaseAll();
    this.proxy.clearFaults();
    await resetSageProSandbox(this.adminPool);
    await grantConnectorAccess(this.adminPool);
  }

  async close(): Promise<void> {
    await this.rowLocks.releaseAll();
    this.proxy.clearFaults(); // no latency or outage in the way of the pool's goodbyes
    await this.pool.end().catch(() => undefined);
    await this.proxy.close();
    await this.adminPool.end().catch(() => undefined);
  }
}

/** Where the sandbox's PostgreSQL server listens, from its URL (`?host=/dir` = a Unix socket). */
export function proxyTarget(databaseUrl: string): ProxyTarget {
  const url = new URL(databaseUrl);
  const port = Number(url.port || 5432);
  const socketDir = url.searchParams.get('host');
  if (socketDir?.startsWith('/')) return { path: `${socketDir}/.s.PGSQL.${port}` };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  return { host, port };
}

/** The sandbox's URL as the connector role, with the server replaced by the proxy. */
export function throughProxy(databaseUrl: string, proxy: Pick<TcpProxy, 'host' | 'port'>, password: string): string {
  const url = new URL(withCredentials(databaseUrl, SAGEPRO_CONNECTOR_ROLE, password));
  url.hostname = proxy.host;
  url.port = String(proxy.port);
  url.searchParams.delete('host');
  return url.toString();
}
