/** Sandbox merchants: credentials, OAuth tokens and client keys (both kept only as SHA-256 hashes). */
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type pg from 'pg';
import type { Faults } from './faults.js';
import { type Merchant, toMerchant } from './records.js';

export interface NewMerchant {
  name?: string;
  apiUsername?: string;
  password?: string;
  integratorId?: string;
  timeZone?: string;
  notificationUrl?: string | null;
}

export interface MerchantCredentials {
  merchant: Merchant;
  password: string;
}

export async function createMerchant(pool: pg.Pool, input: NewMerchant): Promise<MerchantCredentials> {
  const password = input.password ?? randomBytes(18).toString('base64url');
  const apiUsername = input.apiUsername ?? `sandbox-${randomBytes(5).toString('hex')}`;
  const { rows } = await pool.query(
    `INSERT INTO paytrace_sandbox.merchants (name, api_username, password_hash, integrator_id, time_zone, notification_url)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      input.name ?? apiUsername,
      apiUsername,
      await argon2.hash(password, { type: argon2.argon2id }),
      input.integratorId ?? randomIntegratorId(),
      input.timeZone ?? 'America/Los_Angeles',
      input.notificationUrl ?? null,
    ],
  );
  return { merchant: toMerchant(rows[0]), password };
}

/** The standalone server's ready-made merchant: created once, its password (re)set on every start. */
export async function ensureMerchant(pool: pg.Pool, input: NewMerchant & { apiUsername: string; password: string }): Promise<MerchantCredentials> {
  const existing = await findMerchantByUsername(pool, input.apiUsername);
  if (!existing) return createMerchant(pool, input);
  const hash = await argon2.hash(input.password, { type: argon2.argon2id });
  await pool.query('UPDATE paytrace_sandbox.merchants SET password_hash = $2 WHERE id = $1', [existing.id, hash]);
  return { merchant: existing, password: input.password };
}

export async function findMerchant(pool: pg.Pool, id: number): Promise<Merchant | undefined> {
  const { rows } = await pool.query('SELECT * FROM paytrace_sandbox.merchants WHERE id = $1', [id]);
  return rows[0] ? toMerchant(rows[0]) : undefined;
}

export async function findMerchantByUsername(pool: pg.Pool, apiUsername: string): Promise<Merchant | undefined> {
  const { rows } = await pool.query('SELECT * FROM paytrace_sandbox.merchants WHERE api_username = $1', [apiUsername]);
  return rows[0] ? toMerchant(rows[0]) : undefined;
}

export async function verifyPassword(pool: pg.Pool, merchant: Merchant, password: string): Promise<boolean> {
  const { rows } = await pool.query('SELECT password_hash FROM paytrace_sandbox.merchants WHERE id = $1', [merchant.id]);
  return rows[0] ? argon2.verify(rows[0].password_hash, password).catch(() => false) : false;
}

export type TokenKind = 'access' | 'client_key';

/** Issues an opaque token; expired tokens of the merchant are swept at the same time. */
export async function issueToken(
  db: pg.Pool | pg.PoolClient,
  merchant: Merchant,
  kind: TokenKind,
  token: string,
  expiresAt: Date,
  now: Date,
): Promise<void> {
  await db.query('DELETE FROM paytrace_sandbox.tokens WHERE merchant_id = $1 AND expires_at <= $2', [merchant.id, now]);
  await db.query('INSERT INTO paytrace_sandbox.tokens (token_hash, merchant_id, kind, expires_at) VALUES ($1, $2, $3, $4)', [
    hashToken(token),
    merchant.id,
    kind,
    expiresAt,
  ]);
}

/** The merchant a token belongs to, with its expiry (checked by the caller against the merchant's clock). */
export async function findTokenMerchant(pool: pg.Pool, kind: TokenKind, token: string): Promise<{ merchant: Merchant; expiresAt: Date } | undefined> {
  const { rows } = await pool.query(
    `SELECT m.*, t.expires_at AS token_expires_at FROM paytrace_sandbox.tokens t
       JOIN paytrace_sandbox.merchants m ON m.id = t.merchant_id
      WHERE t.token_hash = $1 AND t.kind = $2`,
    [hashToken(token), kind],
  );
  return rows[0] ? { merchant: toMerchant(rows[0]), expiresAt: rows[0].token_expires_at } : undefined;
}

export async function setFaults(pool: pg.Pool, merchantId: number, faults: Faults): Promise<void> {
  await pool.query('UPDATE paytrace_sandbox.merchants SET faults = $2 WHERE id = $1', [merchantId, faults]);
}

export async function setNotificationUrl(pool: pg.Pool, merchantId: number, url: string | null): Promise<void> {
  await pool.query('UPDATE paytrace_sandbox.merchants SET notification_url = $2 WHERE id = $1', [merchantId, url]);
}

/** Forgets everything the merchant did (transactions, vault, recurrences, tokens) and its faults and clock. */
export async function resetMerchant(pool: pg.Pool, merchantId: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM paytrace_sandbox.merchants WHERE id = $1 FOR UPDATE', [merchantId]);
    for (const table of ['transactions', 'batches', 'customers', 'recurrences', 'tokens', 'hpf_tokens']) {
      await client.query(`DELETE FROM paytrace_sandbox.${table} WHERE merchant_id = $1`, [merchantId]);
    }
    await client.query("UPDATE paytrace_sandbox.merchants SET faults = '{}', clock_offset_ms = 0 WHERE id = $1", [merchantId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Integrator ids are 12 characters (the limit v3 documents). */
function randomIntegratorId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}
