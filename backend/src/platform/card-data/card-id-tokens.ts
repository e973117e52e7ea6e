import { createHmac, hkdfSync } from 'node:crypto';
import { replaceCardNumbers } from './card-numbers.js';

/**
 * An inbound id that looks like a card number (a 16-digit, Luhn-valid, Visa-prefixed `transaction_id`,
 * a Shopify order id in a brand's range) cannot be stored as it is, yet it is a key: redeliveries are
 * recognised by it. So each card number in an id is replaced by a keyed hash of its digits, the same
 * every time: `tok-` and 16 base32 characters (80 bits of HMAC-SHA-256). Without the key nobody can
 * check a guessed card number against a token. The token uses only letters, digits 2–7 and `-`, so it
 * never looks like a card number itself and fits Settle's references in Sage Pro (`SHOP:tok-…:C`).
 *
 * The key is the tenant's own, derived from its data key (SecretVault.derivedKey with this purpose):
 * the same id at two tenants gives two tokens, and a master key rotation, which re-wraps the data key
 * without changing it, changes no token, so a redelivery from before a rotation is still a duplicate.
 */
export type CardIdTokenKey = Buffer & { readonly __cardIdTokenKey: true };

export const CARD_ID_TOKEN_PURPOSE = 'settle card-like id tokens v1';

/** A key made for CARD_ID_TOKEN_PURPOSE (32 bytes); `material` is hashed once more, so any secret of that length fits. */
export function cardIdTokenKey(material: Buffer): CardIdTokenKey {
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), CARD_ID_TOKEN_PURPOSE, 32)) as CardIdTokenKey;
}

/** `id` with each card number in it replaced by its token; any other id is returned as it is. */
export function tokeniseCardNumbers(id: string, key: CardIdTokenKey, tenantId: string): string {
  return replaceCardNumbers(id, (digits) => cardIdToken(digits, key, tenantId));
}

export function cardIdToken(digits: string, key: CardIdTokenKey, tenantId: string): string {
  const mac = createHmac('sha256', key).update(`${tenantId}\n${digits}`).digest();
  return `tok-${base32(mac.subarray(0, 10))}`;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
