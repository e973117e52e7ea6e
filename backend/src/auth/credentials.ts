import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe secret of `bytes` bytes of entropy. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Refresh tokens, API keys and invitation tokens are 256-bit random secrets, so a fast hash is enough
 * (there is nothing to brute-force); passwords, which people choose, use argon2 instead.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API keys read `stl_<prefix>_<secret>`: the prefix is stored and shown, the secret only hashed. */
export interface ApiKeyParts {
  prefix: string;
  secret: string;
}

const API_KEY_PATTERN = /^stl_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export function newApiKey(): ApiKeyParts & { key: string } {
  const prefix = randomBytes(8).toString('hex').slice(0, 10);
  const secret = newSecret(32);
  return { prefix, secret, key: `stl_${prefix}_${secret}` };
}

export function parseApiKey(key: string): ApiKeyParts | undefined {
  const match = API_KEY_PATTERN.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : undefined;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('stl_');
}
