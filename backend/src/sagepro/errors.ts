/**
 * Every failure of a Sage Pro operation is one of two classes, so the pipeline knows what to do from
 * the class alone: a TransientSageProError is retried later (the same write is safe to repeat, see
 * the exactly-once rule in README.md); a PermanentSageProError needs a person or different input.
 */

export type TransientKind =
  | 'connection_refused'
  | 'connection_lost'
  | 'timeout'
  | 'deadlock'
  | 'lock_timeout'
  /** A Sage Pro user holds the record open (lckstat set); Settle never writes over it. */
  | 'record_locked'
  | 'server_unavailable';

export type PermanentKind =
  | 'validation'
  /** A flow converts currencies and the tenant's rate table has no rate for the payment's date. */
  | 'no_rate'
  | 'invoice_not_found'
  | 'invoice_ambiguous'
  | 'invoice_void'
  | 'customer_not_found'
  /** createCustomer: the custno is taken by a customer Settle did not create for this reference. */
  | 'customer_exists'
  /** Orders: the customer is inactive (arcust.custstat 'I'). */
  | 'customer_inactive'
  /** The company (syccomp) the connection names does not exist. */
  | 'company_not_found'
  | 'item_not_found'
  /** Orders: the item is inactive (icitem.itemstat 'I'). */
  | 'item_inactive'
  /** Orders: the item is not stocked at the location (no iciloc row). */
  | 'location_not_found'
  /** Orders: less available (iciloc.lonhand - lsoaloc) than ordered; Settle takes no back orders. */
  | 'insufficient_stock'
  | 'receipt_not_found'
  | 'order_not_found'
  | 'missing_account'
  | 'inactive_account'
  | 'credit_hold'
  | 'currency_mismatch'
  | 'missing_counter'
  | 'unknown_status_code'
  | 'field_in_use'
  | 'schema_mismatch'
  /** Settle may not write (a read-only company or database, revoked rights): a person must grant access. */
  | 'permission_denied'
  /** The server refused the connection's user name or password: a person must fix the credentials. */
  | 'login_failed'
  | 'unexpected';

export class TransientSageProError extends Error {
  readonly retryable = true;
  constructor(
    readonly kind: TransientKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TransientSageProError';
  }
}

export class PermanentSageProError extends Error {
  readonly retryable = false;
  constructor(
    readonly kind: PermanentKind,
    message: string,
    /** `table.field` the error is about, when there is one. */
    readonly field?: string,
    readonly value?: unknown,
    /** The rule the value broke, e.g. 'char(20): at most 20 characters'. */
    readonly rule?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PermanentSageProError';
  }
}

export type SageProError = TransientSageProError | PermanentSageProError;

export function isSageProError(error: unknown): error is SageProError {
  return error instanceof TransientSageProError || error instanceof PermanentSageProError;
}

/** Failures of the company as a whole (its login, rights, tables, counters): every write meets them. */
const COMPANY_WIDE: ReadonlySet<PermanentKind> = new Set(['login_failed', 'permission_denied', 'schema_mismatch', 'company_not_found', 'missing_counter', 'missing_account', 'inactive_account']);

/**
 * Whether a Permanent failure that sank a whole batch may belong to one of its items (a value the
 * database refused, a trigger of the customer's own, something unexpected): then each item is worth
 * writing again alone, so that only its culprit fails. Transient failures are retried as they are.
 */
export function mayBelongToOneItem(error: SageProError): boolean {
  return error instanceof PermanentSageProError && !COMPANY_WIDE.has(error.kind);
}

/** A value that breaks a Sage Pro field rule: 'arcash.refno "…" breaks char(20): …'. */
export function validationError(field: string, value: unknown, rule: string): PermanentSageProError {
  return new PermanentSageProError('validation', `${field} ${JSON.stringify(value)} breaks ${rule}`, field, value, rule);
}

/** pg SQLSTATEs (PostgreSQL, the sandbox). */
const PG_TRANSIENT: Record<string, TransientKind> = {
  '40001': 'deadlock', // serialization_failure
  '40P01': 'deadlock',
  '55P03': 'lock_timeout', // lock_not_available
  '57014': 'timeout', // query_canceled (statement_timeout)
  '57P01': 'connection_lost', // admin_shutdown
  '57P02': 'connection_lost',
  '57P03': 'server_unavailable', // cannot_connect_now
  '53300': 'server_unavailable', // too_many_connections
  '08000': 'connection_lost',
  '08003': 'connection_lost',
  '08006': 'connection_lost',
  '08001': 'connection_refused',
  '08004': 'connection_refused',
};

/** SQL Server error numbers (tedious RequestError.number). */
const MSSQL_TRANSIENT: Record<number, TransientKind> = {
  1205: 'deadlock',
  1222: 'lock_timeout',
  4060: 'server_unavailable', // cannot open database
  40197: 'server_unavailable',
  40501: 'server_unavailable',
  40613: 'server_unavailable',
  10928: 'server_unavailable',
  10929: 'server_unavailable',
};

/** Node socket errors, tedious connection/request codes, tarn's pool acquire timeout. */
const CODE_TRANSIENT: Record<string, TransientKind> = {
  ECONNREFUSED: 'connection_refused',
  EHOSTUNREACH: 'connection_refused',
  ENOTFOUND: 'connection_refused',
  EAI_AGAIN: 'connection_refused',
  ECONNRESET: 'connection_lost',
  EPIPE: 'connection_lost',
  ESOCKET: 'connection_lost',
  ECLOSE: 'connection_lost',
  ETIMEDOUT: 'timeout',
  ETIMEOUT: 'timeout',
};

const PG_PERMISSION = new Set(['42501', '25006']); // insufficient_privilege, read_only_sql_transaction
const PG_LOGIN = new Set(['28P01', '28000']); // invalid_password, invalid_authorization_specification
const MSSQL_PERMISSION = new Set([229, 230, 262, 3906]); // permission denied ×3, database is read-only
const PG_SCHEMA = /^42(703|P01|883)$/; // undefined_column, undefined_table, undefined_function
const MSSQL_SCHEMA = new Set([207, 208, 4104]);
const PG_DATA = /^22/; // data_exception: value too long, numeric overflow, invalid datetime
const MSSQL_DATA = new Set([8114, 8115, 8152, 2628, 241, 242, 245, 8169]);

/**
 * Any error thrown while talking to Sage Pro → a typed SageProError. Errors already typed pass
 * through. Unknown errors are Permanent 'unexpected': retrying a bug forever helps nobody.
 */
export function classifyDatabaseError(error: unknown): SageProError {
  if (isSageProError(error)) return error;
  // Settle-side input that broke a rule (a key too long for its field, a date that does not exist).
  if (error instanceof RangeError) return new PermanentSageProError('validation', error.message, undefined, undefined, undefined, { cause: error });
  const e = (error ?? {}) as { code?: unknown; number?: unknown; name?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const number = typeof e.number === 'number' ? e.number : undefined;
  const transient =
    (number !== undefined ? MSSQL_TRANSIENT[number] : undefined) ??
    (code !== undefined ? (PG_TRANSIENT[code] ?? CODE_TRANSIENT[code]) : undefined) ??
    (e.name === 'TimeoutError' ? 'timeout' : undefined) ??
    (/Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(message) ? 'connection_lost' : undefined);
  if (transient) return new TransientSageProError(transient, `Sage Pro: ${message}`, { cause: error });
  // tedious: ConnectionError ELOGIN, server error 18456 ("Login failed for user").
  if ((code && PG_LOGIN.has(code)) || code === 'ELOGIN' || number === 18456) {
    return new PermanentSageProError('login_failed', `Sage Pro refused the login: ${message}`, undefined, undefined, undefined, { cause: error });
  }
  if ((code && PG_PERMISSION.has(code)) || (number !== undefined && MSSQL_PERMISSION.has(number))) {
    return new PermanentSageProError('permission_denied', `Settle may not write to this Sage Pro company: ${message}`, undefined, undefined, undefined, { cause: error });
  }
  if ((code && PG_SCHEMA.test(code)) || (number !== undefined && MSSQL_SCHEMA.has(number))) {
    return new PermanentSageProError('schema_mismatch', `Sage Pro's tables are not as Settle expects: ${message}`, undefined, undefined, undefined, { cause: error });
  }
  if ((code && PG_DATA.test(code)) || (number !== undefined && MSSQL_DATA.has(number))) {
    return new PermanentSageProError('validation', `Sage Pro refused a value: ${message}`, undefined, undefined, undefined, { cause: error });
  }
  return new PermanentSageProError('unexpected', `Sage Pro: ${message}`, undefined, undefined, undefined, { cause: error });
}
