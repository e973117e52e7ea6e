import { Kysely, MssqlDialect, PostgresDialect } from 'kysely';
import type pg from 'pg';
import * as Tarn from 'tarn';
import * as Tedious from 'tedious';
import type { SqlServerDetails } from './sagepro-connection.rules.js';

/** Connect and query deadlines for Sage Pro servers: a test must answer within 10 s. */
export const SAGEPRO_TIMEOUT_MS = 10_000;

/**
 * A Kysely instance on a SQL Server edition company (tedious under tarn). Settle's Sage Pro code is
 * written once against Kysely; only this and the sandbox's PostgreSQL dialect differ.
 */
export function sqlServerDatabase<DB>(details: SqlServerDetails, poolSize = 4): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new MssqlDialect({
      // propagateCreateError: a refused connection fails the caller at once instead of being retried until the acquire timeout.
      tarn: { ...Tarn, options: { min: 0, max: poolSize, acquireTimeoutMillis: SAGEPRO_TIMEOUT_MS, propagateCreateError: true } },
      tedious: {
        ...Tedious,
        connectionFactory: () =>
          new Tedious.Connection({
            server: details.host,
            authentication: { type: 'default', options: { userName: details.user, password: details.password } },
            options: {
              port: details.port,
              database: details.companyDatabase,
              encrypt: details.encrypt,
              trustServerCertificate: details.trustServerCertificate,
              connectTimeout: SAGEPRO_TIMEOUT_MS,
              requestTimeout: SAGEPRO_TIMEOUT_MS,
            },
          }),
      },
    }),
  });
}

/** A Kysely instance on the built-in sandbox company (PostgreSQL, schemas pro01/pro99 and prosys). */
export function sandboxDatabase<DB>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
