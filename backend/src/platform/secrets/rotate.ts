import type pg from 'pg';
import { canaryMatches, createCanary, DecryptionFailed, masterKeyId, unwrapDataKey, wrapDataKey } from './envelope.js';
import { type AdminDatabase, keyCoverage, verifyMasterKey, withAdminClient } from './master-key-check.js';

export interface RotateOptions {
  /** Privileged URL (or client) of the database the app uses: it must see every tenant's keys. */
  adminDatabaseUrl: AdminDatabase;
  /** The key the stored data keys are wrapped with now (SETTLE_MASTER_KEY). With `prune`: the key to keep. */
  currentKey: Buffer;
  /** The key to wrap them with too (SETTLE_NEW_MASTER_KEY); unused with `prune`. */
  newKey?: Buffer;
  /** Delete the rows and canaries of every master key but `currentKey`. */
  prune?: boolean;
  batchSize?: number;
}

export interface RotateResult {
  currentKeyId: string;
  newKeyId?: string;
  /** Data keys in the database. */
  dataKeys: number;
  /** Rows added under the new master key by this run. */
  rewrapped: number;
  /** Rows (and canaries) of other master keys that `prune` deleted, and those keys' ids. */
  prunedRows: number;
  prunedCanaries: number;
  prunedKeyIds: string[];
}

/** The rotation cannot go on; nothing it had not already committed (complete batches) was changed. */
export class RotationError extends Error {}

/**
 * Rotates SETTLE_MASTER_KEY without stopping the app, in two runs:
 *
 * 1. `rotateMasterKey({ currentKey, newKey })` adds, batch by batch (one transaction each), a row
 *    wrapping every data key under the new master key, keeping the old rows (the running app still
 *    reads them), until no data key lacks one, then records the new key's canary. It is idempotent:
 *    run it again to pick up data keys the app created meanwhile.
 * 2. Once the app runs with the new key: `rotateMasterKey({ currentKey: newKey, prune: true })` checks
 *    that every data key has a row the current key unwraps, then deletes every other master key's rows
 *    and canaries in one transaction that holds new keys off.
 */
export async function rotateMasterKey(options: RotateOptions): Promise<RotateResult> {
  const batchSize = options.batchSize ?? 500;
  return withAdminClient(options.adminDatabaseUrl, async (client) => {
    if (options.prune) return prune(client, options.currentKey, batchSize);
    if (!options.newKey) throw new RotationError('SETTLE_NEW_MASTER_KEY is required (the key to rotate to)');
    return rewrap(client, options.currentKey, options.newKey, batchSize);
  });
}

interface KeyRow {
  data_key_id: string;
  tenant_id: string;
  wrapped_key: string;
}

async function rewrap(client: pg.ClientBase, currentKey: Buffer, newKey: Buffer, batchSize: number): Promise<RotateResult> {
  const currentKeyId = masterKeyId(currentKey);
  const newKeyId = masterKeyId(newKey);
  if (currentKeyId === newKeyId) throw new RotationError(`SETTLE_NEW_MASTER_KEY is the same key as SETTLE_MASTER_KEY (key id ${newKeyId})`);
  await verifyMasterKey(client, currentKey);
  const canary = await client.query<{ ciphertext: string }>('SELECT ciphertext FROM master_key_canaries WHERE master_key_id = $1', [newKeyId]);
  if (canary.rows[0] && !canaryMatches(canary.rows[0].ciphertext, newKey)) {
    throw new RotationError(`SETTLE_NEW_MASTER_KEY (key id ${newKeyId}) cannot decrypt its own canary: the row was altered`);
  }

  let rewrapped = 0;
  for (;;) {
    // "Not yet wrapped by the new key" rather than a cursor: keys the app creates meanwhile are found too.
    const batch = await inTransaction(client, async () => {
      const { rows } = await client.query<KeyRow>(
        `SELECT d.data_key_id, d.tenant_id, d.wrapped_key FROM tenant_data_keys d
          WHERE d.master_key_id = $1
            AND NOT EXISTS (SELECT 1 FROM tenant_data_keys n WHERE n.data_key_id = d.data_key_id AND n.master_key_id = $2)
          ORDER BY d.data_key_id LIMIT $3`,
        [currentKeyId, newKeyId, batchSize],
      );
      for (const row of rows) {
        const owner = { dataKeyId: row.data_key_id, tenantId: row.tenant_id };
        const inserted = await client.query(
          `INSERT INTO tenant_data_keys (data_key_id, tenant_id, master_key_id, wrapped_key) VALUES ($1, $2, $3, $4)
           ON CONFLICT (data_key_id, master_key_id) DO NOTHING`,
          [row.data_key_id, row.tenant_id, newKeyId, wrapDataKey(unwrap(row, currentKey), newKey, owner)],
        );
        rewrapped += inserted.rowCount ?? 0;
      }
      return rows.length;
    });
    if (batch === 0) break;
  }
  await client.query('INSERT INTO master_key_canaries (master_key_id, ciphertext) VALUES ($1, $2) ON CONFLICT (master_key_id) DO NOTHING', [
    newKeyId,
    createCanary(newKey),
  ]);
  const { total } = await keyCoverage(client, newKeyId);
  return { currentKeyId, newKeyId, dataKeys: total, rewrapped, prunedRows: 0, prunedCanaries: 0, prunedKeyIds: [] };
}

async function prune(client: pg.ClientBase, currentKey: Buffer, batchSize: number): Promise<RotateResult> {
  const currentKeyId = masterKeyId(currentKey);
  // Canary, and a row under the current key for every data key (else: run the rotation again first).
  await verifyMasterKey(client, currentKey);
  // Deleting is the one step that cannot be undone: every row that will remain must really unwrap.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await client.query<KeyRow>(
      `SELECT data_key_id, tenant_id, wrapped_key FROM tenant_data_keys
        WHERE master_key_id = $1 AND data_key_id > $2 ORDER BY data_key_id LIMIT $3`,
      [currentKeyId, after, batchSize],
    );
    for (const row of rows) unwrap(row, currentKey);
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1].data_key_id;
  }
  return inTransaction(client, async () => {
    // No data key may appear between the check and the delete (an app still on an old key creating one).
    await client.query('LOCK TABLE tenant_data_keys IN SHARE ROW EXCLUSIVE MODE');
    const coverage = await keyCoverage(client, currentKeyId);
    if (coverage.covered < coverage.total) {
      throw new RotationError(
        `${coverage.total - coverage.covered} data keys are not wrapped by SETTLE_MASTER_KEY (key id ${currentKeyId}) yet: ` +
          `run npm run keys:rotate with SETTLE_MASTER_KEY=<key ${coverage.missingFrom[0]}> and SETTLE_NEW_MASTER_KEY=<key ${currentKeyId}> first`,
      );
    }
    const rows = await client.query<{ master_key_id: string }>('DELETE FROM tenant_data_keys WHERE master_key_id <> $1 RETURNING master_key_id', [
      currentKeyId,
    ]);
    const canaries = await client.query<{ master_key_id: string }>(
      'DELETE FROM master_key_canaries WHERE master_key_id <> $1 RETURNING master_key_id',
      [currentKeyId],
    );
    const prunedKeyIds = [...new Set([...rows.rows, ...canaries.rows].map((row) => row.master_key_id))].sort();
    return {
      currentKeyId,
      dataKeys: coverage.total,
      rewrapped: 0,
      prunedRows: rows.rowCount ?? 0,
      prunedCanaries: canaries.rowCount ?? 0,
      prunedKeyIds,
    };
  });
}

function unwrap(row: KeyRow, masterKey: Buffer): Buffer {
  try {
    return unwrapDataKey(row.wrapped_key, masterKey, { dataKeyId: row.data_key_id, tenantId: row.tenant_id });
  } catch (error) {
    if (!(error instanceof DecryptionFailed)) throw error;
    throw new RotationError(
      `data key ${row.data_key_id} (tenant ${row.tenant_id}) does not unwrap with SETTLE_MASTER_KEY (key id ${masterKeyId(masterKey)}): ${error.message}`,
    );
  }
}

async function inTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
