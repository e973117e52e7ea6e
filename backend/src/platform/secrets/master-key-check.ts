import pg from 'pg';
import { canaryMatches, createCanary, DecryptionFailed, masterKeyId, unwrapDataKey } from './envelope.js';

/** SETTLE_MASTER_KEY cannot read what is stored: the app must not start (main.ts prints the one line). */
export class MasterKeyMismatch extends Error {}

/** A privileged URL (bypasses row-level security: every tenant's keys are counted) or an open client. */
export type AdminDatabase = string | pg.ClientBase;

export interface MasterKeyCheck {
  masterKeyId: string;
  /** Data keys in the database, all of them wrapped by this master key. */
  dataKeys: number;
  canaryCreated: boolean;
}

export interface KeyCoverage {
  /** Distinct data keys. */
  total: number;
  /** Data keys with a row wrapped by the master key asked about. */
  covered: number;
  /** Master key ids that wrap the data keys it does not cover. */
  missingFrom: string[];
}

/**
 * Proves, before the app starts, that `masterKey` is the key the stored secrets were written with:
 * its canary decrypts, and every data key has a row wrapped by it. A database with no data key yet
 * accepts any key and records a canary for it.
 */
export async function verifyMasterKey(database: AdminDatabase, masterKey: Buffer): Promise<MasterKeyCheck> {
  const id = masterKeyId(masterKey);
  return withAdminClient(database, async (client) => {
    const canary = await client.query<{ ciphertext: string }>('SELECT ciphertext FROM master_key_canaries WHERE master_key_id = $1', [id]);
    if (canary.rows[0] && !canaryMatches(canary.rows[0].ciphertext, masterKey)) {
      throw new MasterKeyMismatch(`SETTLE_MASTER_KEY (key id ${id}) cannot decrypt its own canary in master_key_canaries: the row was altered.`);
    }
    const coverage = await keyCoverage(client, id);
    if (coverage.total > 0 && coverage.covered === 0) {
      throw new MasterKeyMismatch(
        `SETTLE_MASTER_KEY does not match the key the stored secrets were encrypted with (expected key id ${coverage.missingFrom.join(' or ')}, got ${id}). ` +
          'Restore the old key or run npm run keys:rotate.',
      );
    }
    if (coverage.covered < coverage.total) {
      throw new MasterKeyMismatch(
        `SETTLE_MASTER_KEY (key id ${id}) wraps only ${coverage.covered} of ${coverage.total} data keys; the others are wrapped by key id ${coverage.missingFrom.join(' or ')}. ` +
          `Run npm run keys:rotate again with SETTLE_MASTER_KEY=<key ${coverage.missingFrom[0]}> and SETTLE_NEW_MASTER_KEY=<key ${id}>, then restart.`,
      );
    }
    if (canary.rows[0]) return { masterKeyId: id, dataKeys: coverage.total, canaryCreated: false };
    if (coverage.covered > 0) await proveWithOneDataKey(client, masterKey, id);
    const inserted = await client.query(
      'INSERT INTO master_key_canaries (master_key_id, ciphertext) VALUES ($1, $2) ON CONFLICT (master_key_id) DO NOTHING',
      [id, createCanary(masterKey)],
    );
    return { masterKeyId: id, dataKeys: coverage.total, canaryCreated: inserted.rowCount === 1 };
  });
}

/** How many data keys `masterKeyId` wraps, and which other master keys wrap the rest. */
export async function keyCoverage(client: pg.ClientBase, masterKeyId: string): Promise<KeyCoverage> {
  const counts = await client.query<{ total: number; covered: number }>(
    `SELECT count(DISTINCT data_key_id)::int AS total, count(*) FILTER (WHERE master_key_id = $1)::int AS covered
       FROM tenant_data_keys`,
    [masterKeyId],
  );
  const { total, covered } = counts.rows[0];
  if (covered === total) return { total, covered, missingFrom: [] };
  const others = await client.query<{ master_key_id: string }>(
    `SELECT DISTINCT master_key_id FROM tenant_data_keys d
      WHERE NOT EXISTS (SELECT 1 FROM tenant_data_keys c WHERE c.data_key_id = d.data_key_id AND c.master_key_id = $1)
      ORDER BY master_key_id`,
    [masterKeyId],
  );
  return { total, covered, missingFrom: others.rows.map((row) => row.master_key_id) };
}

export async function withAdminClient<T>(database: AdminDatabase, fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  if (typeof database !== 'string') return fn(database);
  const client = new pg.Client({ connectionString: database });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** No canary yet (e.g. the table was emptied) but rows claim this key: one of them must unwrap. */
async function proveWithOneDataKey(client: pg.ClientBase, masterKey: Buffer, id: string): Promise<void> {
  const { rows } = await client.query<{ data_key_id: string; tenant_id: string; wrapped_key: string }>(
    'SELECT data_key_id, tenant_id, wrapped_key FROM tenant_data_keys WHERE master_key_id = $1 LIMIT 1',
    [id],
  );
  const row = rows[0];
  try {
    unwrapDataKey(row.wrapped_key, masterKey, { dataKeyId: row.data_key_id, tenantId: row.tenant_id });
  } catch (error) {
    if (!(error instanceof DecryptionFailed)) throw error;
    throw new MasterKeyMismatch(`SETTLE_MASTER_KEY (key id ${id}) cannot unwrap data key ${row.data_key_id}, which claims to be wrapped by it.`);
  }
}
