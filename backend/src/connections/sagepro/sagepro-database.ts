import { Kysely, MssqlDialect, PostgresDialect } from 'kysely';
import type pg from 'pg';
import * as Tarn from 'tarn';
import * as Tedious from 'tedious';
import { isIP } from 'node:net';
import type { CheckedAddress } from '../../platform/egress/egress-guard.js';
import type { SqlServerDetails } from './sagepro-connection.rules.js';

/** Connect and query deadlines for Sage Pro servers: a test must answer within 10 s. */
export const SAGEPRO_TIMEOUT_MS = 10_000;

/** The egress guard's check of a host (Egress.checkHost): the one address a connection may go to. */
export type CheckHost = (host: string, timeoutMs: number) => Promise<CheckedAddress>;

/**
 * A Kysely instance on a SQL Server edition company (tedious under tarn). Settle's Sage Pro code is
 * written once against Kysely; only this and the sandbox's PostgreSQL dialect differ.
 *
 * The host is the tenant's word: each connection first asks the egress guard for the address it may
 * use, and tedious is given that address (`server`), never the name, so the name cannot be resolved
 * again to somewhere else. The name stays the TLS server name (certificate check).
 */
export function sqlServerDatabase<DB>(details: SqlServerDetails, checkHost: CheckHost, poolSize = 4): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new MssqlDialect({
      // propagateCreateError: a refused connection fails the caller at once instead of being retried until the acquire timeout.
      tarn: { ...Tarn, options: { min: 0, max: poolSize, acquireTimeoutMillis: SAGEPRO_TIMEOUT_MS, propagateCreateError: true } },
      tedious: {
        ...Tedious,
        connectionFactory: async () => new Tedious.Connection(tediousConfig(details, await checkHost(details.host, SAGEPRO_TIMEOUT_MS))),
      },
    }),
  });
}

/** How tedious reaches a company: at the checked address, with the host name kept for TLS. */
export function tediousConfig(details: SqlServerDetails, checked: Pick<CheckedAddress, 'host' | 'address'>): Tedious.ConnectionConfiguration {
  return {
    server: checked.address,
    authentication: { type: 'default', options: { userName: details.user, password: details.password } },
    options: {
      port: details.port,
      database: details.companyDatabase,
      encrypt: details.encrypt,
      trustServerCertificate: details.trustServerCertificate,
      connectTimeout: SAGEPRO_TIMEOUT_MS,
      requestTimeout: SAGEPRO_TIMEOUT_MS,
      ...(isIP(checked.host) ? {} : { serverName: checked.host }),
    },
  };
}

/** A Kysely instance on the built-in sandbox company (PostgreSQL, schemas pro01/pro99 and prosys). */
export function sandboxDatabase<DB>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
