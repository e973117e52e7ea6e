/**
 * Protect.js, emulated: the merchant's server gets a client key, the checkout page sends the card to
 * the sandbox (never to the merchant) and gets a single-use hpf_token + enc_key back, which the
 * merchant's server then spends on a pt_protect sale, authorization or vault profile.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CardSource } from './card-payments.js';
import { ERROR, ErrorBag } from './errors.js';
import { findTokenMerchant, issueToken } from './merchants.store.js';
import type { Merchant } from './records.js';
import { type Body, readCard, text } from './request-fields.js';
import { merchantNow, type SandboxClock, type Work } from './work.js';

export const CLIENT_KEY_TTL_MS = 60 * 60 * 1000;
export const HPF_TOKEN_TTL_MS = 30 * 60 * 1000;

export async function createClientKey(work: Work): Promise<string> {
  const clientKey = randomBytes(24).toString('base64url');
  await issueToken(work.db, work.merchant, 'client_key', clientKey, new Date(work.now.getTime() + CLIENT_KEY_TTL_MS), work.now);
  return clientKey;
}

/** The merchant a live client key belongs to, if any. */
export async function clientKeyMerchant(pool: pg.Pool, clock: SandboxClock, clientKey: string): Promise<Merchant | undefined> {
  const found = clientKey ? await findTokenMerchant(pool, 'client_key', clientKey) : undefined;
  return found && found.expiresAt > merchantNow(clock, found.merchant) ? found.merchant : undefined;
}

/** Validates the card like a keyed sale would (errors 35/43/44/47) and keeps only what may be stored. */
export async function tokenizeCard(pool: pg.Pool, clock: SandboxClock, merchant: Merchant, body: Body) {
  const bag = new ErrorBag();
  const card = readCard(body, bag);
  bag.throwIfAny();
  const hpfToken = randomUUID();
  const encKey = randomBytes(32).toString('base64');
  const expiresAt = new Date(merchantNow(clock, merchant).getTime() + HPF_TOKEN_TTL_MS);
  await pool.query(
    `INSERT INTO paytrace_sandbox.hpf_tokens
       (hpf_token, merchant_id, enc_key, card_brand, masked_card_number, expiration_month, expiration_year, csc_provided, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [hpfToken, merchant.id, encKey, card.brand, card.maskedNumber, card.expirationMonth, card.expirationYear, card.cscProvided, expiresAt],
  );
  return { hpf_token: hpfToken, enc_key: encKey };
}

/** Spends a token (single use); adds error 830 to `bag` when it is unknown, used, expired or the key is wrong. */
export async function spendProtectToken(work: Work, body: Body, bag: ErrorBag): Promise<CardSource | undefined> {
  const hpfToken = text(body, 'hpf_token');
  const encKey = text(body, 'enc_key');
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(hpfToken);
  const { rows } = isUuid
    ? await work.db.query(
        `UPDATE paytrace_sandbox.hpf_tokens SET used_at = $4
          WHERE hpf_token = $1 AND merchant_id = $2 AND enc_key = $3 AND used_at IS NULL AND expires_at > $4
          RETURNING *`,
        [hpfToken, work.merchant.id, encKey, work.now],
      )
    : { rows: [] };
  if (!rows[0]) {
    bag.add(ERROR.invalidProtectToken);
    return undefined;
  }
  const row = rows[0];
  return {
    card: { brand: row.card_brand, maskedNumber: row.masked_card_number, expirationMonth: row.expiration_month, expirationYear: row.expiration_year },
    cscProvided: row.csc_provided,
    customerId: '',
  };
}
